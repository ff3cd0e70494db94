// The arrival stamp is the steady clock's count in a request header: cpp-httplib's request has
// no other place for what its server learnt before parsing it (it notes REMOTE_ADDR likewise).
#include "http/transport/request_log.hpp"

#include <algorithm>
#include <chrono>

#include "http/transport/drop_connection.hpp"
#include "http/whole_number.hpp"

namespace sim::http::transport {

namespace {

constexpr const char* arrival_header = "X-Connectel-Sim-Arrival";

std::string micros_text(Clock::duration took) {
    return std::to_string(std::chrono::duration_cast<std::chrono::microseconds>(took).count()) + "us";
}

// "POST /api/v2/send HTTP/1.1" as far as it arrived: its method and path.
std::string method_and_path(const std::string& request_line) {
    const std::size_t method_end = request_line.find(' ');
    if (request_line.empty() || method_end == std::string::npos) return "- -";
    const std::size_t path_end = request_line.find(' ', method_end + 1);
    return request_line.substr(0, std::min(path_end, std::size_t{120} + method_end));
}

}  // namespace

void stamp_arrival(httplib::Request& req, Clock::time_point began) {
    req.headers.erase(arrival_header);
    req.headers.emplace(arrival_header, std::to_string(began.time_since_epoch().count()));
}

std::string request_log_line(const httplib::Request& req, const httplib::Response& res) {
    Clock::duration took{0};
    if (const auto stamp = parse_whole_number(req.get_header_value(arrival_header)))
        took = Clock::now() - Clock::time_point(Clock::duration(static_cast<Clock::rep>(*stamp)));
    std::string line = req.method;
    line += ' ';
    line += req.path;
    line += ' ';
    line += res.status == dropped_status ? std::string("dropped") : std::to_string(res.status);
    line += ' ';
    line += micros_text(took);
    return line;
}

std::string rejection_log_line(const Rejection& rejection) {
    return method_and_path(rejection.request_line) + " " + std::to_string(rejection.status) + " " +
           micros_text(rejection.took) + " (" + rejection.message + ")";
}

}  // namespace sim::http::transport
