// `connectel listen` run as a user runs it: the connectel-sim binary sends it real DLRs and
// inbound SMS over 127.0.0.1, and it prints one flushed line each.
#include <doctest/doctest.h>

#include <httplib.h>
#include <signal.h>

#include <nlohmann/json.hpp>
#include <string>

#include "child_process.hpp"
#include "run_process.hpp"
#include "built_simulator.hpp"

using namespace connectel_tests;
using connectel::testing::SimulatorProcess;
using nlohmann::json;

namespace {

const std::string cli = CONNECTEL_CLI_PATH;

// The listener's URL, from its first line.
std::string listening_url(ChildProcess& listener) {
    const std::string first = listener.read_line();
    const std::string prefix = "listening on http://127.0.0.1:";
    REQUIRE(first.rfind(prefix, 0) == 0);
    return first.substr(std::string("listening on ").size());
}

// A scenario whose token sends its DLRs and inbound SMS to `url`.
std::string scenario_for(const std::string& url, const char* format) {
    return R"({"name": "listen", "tokens": [{"token": "t",
        "dlr": {"url": ")" + url + R"(/dlr", "format": ")" + format + R"("},
        "inbound": {"url": ")" + url + R"(/sms", "format": ")" + format + R"(", "numbers": ["46700000100"]}}]})";
}

std::string send(const SimulatorProcess& sim, const std::string& recipient) {
    const auto r = run_process(cli, {"send", "--base-url", sim.base_url(), "--token", "t", "--from", "IKEA", "--to",
                                     recipient, "Hi"});
    REQUIRE(r.exit_code == 0);
    return r.out.substr(0, r.out.find('\n'));
}

}  // namespace

TEST_CASE("listen prints each DLR and inbound SMS as it arrives, and exits 0 on SIGTERM") {
    ChildProcess listener(cli, {"listen", "--port", "0"});
    const std::string url = listening_url(listener);
    SimulatorProcess sim(built_simulator());
    sim.load_scenario(scenario_for(url, "form"));
    const std::string id = send(sim, "46700000000");
    sim.advance("1s");
    CHECK(listener.read_line() == "dlr\t" + id + "\tDELIVRD\t1\t46700000000\t2020-01-01 00:00:01\t\"\"");
    sim.inbound("35890010000", "46700000100", "Yes\nplease");
    const std::string inbound = listener.read_line();
    CHECK(inbound.rfind("inbound\t", 0) == 0);
    CHECK(inbound.find("\t35890010000\t46700000100\t\"Yes\\nplease\"") != std::string::npos);
    listener.signal(SIGTERM);
    CHECK(listener.wait() == 0);
}

TEST_CASE("listen --json --count 2 prints JSON lines and exits by itself") {
    ChildProcess listener(cli, {"listen", "--port", "0", "--json", "--count", "2"});
    const std::string url = listening_url(listener);
    SimulatorProcess sim(built_simulator());
    sim.load_scenario(scenario_for(url, "json"));
    const std::string id = send(sim, "46700000002");
    sim.advance("1s");
    sim.inbound("35890010000", "46700000100", "Hej 😀");
    const json dlr = json::parse(listener.read_line());
    CHECK(dlr["kind"] == "dlr");
    CHECK(dlr["path"] == "/dlr");
    CHECK(dlr["payload"]["requestid"] == id);
    CHECK(dlr["payload"]["statusStr"] == "DELIVRD");  // the loaded scenario has no magic numbers
    const json inbound = json::parse(listener.read_line());
    CHECK(inbound["kind"] == "inbound");
    CHECK(inbound["payload"]["message"] == "Hej 😀");
    CHECK(listener.wait() == 0);
}

TEST_CASE("listen answers a payload it cannot read with 400 and says why on stderr") {
    ChildProcess listener(cli, {"listen", "--port", "0", "--count", "1"});
    const std::string url = listening_url(listener);
    httplib::Client client(url);
    const auto res = client.Post("/dlr", "{not json", "application/json");
    REQUIRE(res);
    CHECK(res->status == 400);
    CHECK(client.Post("/sms", "from=35890010000&to=46700000100&message=ok", "application/x-www-form-urlencoded")->status ==
          200);
    CHECK(listener.read_line() == "inbound\t\t35890010000\t46700000100\t\"ok\"");
    CHECK(listener.wait() == 0);
    CHECK(listener.read_all_stderr().find("answered 400 to POST /dlr") != std::string::npos);
}

TEST_CASE("listen on a port in use exits 5 with the reason") {
    ChildProcess first(cli, {"listen", "--port", "0"});
    const std::string url = listening_url(first);
    const std::string port = url.substr(url.rfind(':') + 1);
    const auto second = run_process(cli, {"listen", "--port", port});
    CHECK(second.exit_code == 5);
    CHECK(second.err.find(port) != std::string::npos);
    first.signal(SIGTERM);
    CHECK(first.wait() == 0);
}
