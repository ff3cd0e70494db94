// The request log's lines: method, path, status (or "dropped") and the time since the
// request's first byte, which the transport names for the call serving it.
#include <doctest/doctest.h>

#include <regex>
#include <string>

#include "handler_request.hpp"
#include "http/transport/drop_connection.hpp"
#include "http/transport/request_log.hpp"

using namespace std::chrono_literals;
namespace transport = sim::http::transport;

using connectel_tests::handler_request;

namespace {

// The microseconds a line reports.
long long micros_of(const std::string& line) {
    std::smatch match;
    REQUIRE(std::regex_search(line, match, std::regex(" ([0-9]+)us$")));
    return std::stoll(match[1]);
}

}  // namespace

TEST_CASE("a request's line counts its time from the arrival the transport named") {
    const auto req = handler_request("POST", "/api/v2/send");
    const transport::ArrivalScope arrival(transport::Clock::now() - 1500us);
    httplib::Response res;
    res.status = 200;
    const std::string line = transport::request_log_line(req, res);
    CHECK(line.rfind("POST /api/v2/send 200 ", 0) == 0);
    CHECK(micros_of(line) >= 1500);
    CHECK(micros_of(line) < 60'000'000);
}

TEST_CASE("a dropped request says so; an inner scope's arrival gives way to the outer one's; none is 0us") {
    const auto req = handler_request("GET", "/api/v2/delivery");
    httplib::Response res;
    res.status = sim::http::dropped_status;
    {
        const transport::ArrivalScope outer(transport::Clock::now() - 10s);
        {
            const transport::ArrivalScope inner(transport::Clock::now());
            const std::string line = transport::request_log_line(req, res);
            CHECK(line.rfind("GET /api/v2/delivery dropped ", 0) == 0);
            CHECK(micros_of(line) < 10'000'000);
        }
        CHECK(micros_of(transport::request_log_line(req, res)) >= 10'000'000);
    }
    CHECK(micros_of(transport::request_log_line(req, res)) == 0);

    httplib::Response bad;
    bad.status = 400;
    CHECK(transport::request_log_line(httplib::Request{}, bad) == "  400 0us");
}

TEST_CASE("a request the transport refused: its method and path as far as they arrived, and the reason") {
    transport::Rejection rejection{
        413, "the body is too large", "", "POST /api/v2/send HTTP/1.1", "127.0.0.1", 52us};
    CHECK(transport::rejection_log_line(rejection) == "POST /api/v2/send 413 52us (the body is too large)");
    rejection.request_line = "GARBAGE";
    CHECK(transport::rejection_log_line(rejection) == "- - 413 52us (the body is too large)");
}
