// The connectel-sim binary as a user runs it: ready line, a send, the clock, delivery, SIGTERM;
// and its refusal of a bad scenario with FILE:LINE:COL messages.
#include <doctest/doctest.h>
#include <httplib.h>
#include <signal.h>
#include <stdlib.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>

#include "child_process.hpp"
#include "run_process.hpp"

using namespace connectel_tests;
using nlohmann::json;

namespace {

const std::string sim_path = CONNECTEL_SIM_PATH;

// A scenario file in a fresh temporary directory, removed with it.
struct TempFile {
    explicit TempFile(const std::string& text) {
        char dir_template[] = "/tmp/connectel-sim-test-XXXXXX";
        dir = mkdtemp(dir_template);
        path = dir + "/scenario.json";
        std::ofstream(path) << text;
    }
    ~TempFile() {
        std::remove(path.c_str());
        rmdir(dir.c_str());
    }
    std::string dir, path;
};

}  // namespace

TEST_CASE("the binary prints its ready line, serves, advances its clock, and stops on SIGTERM") {
    ChildProcess sim(sim_path, {"--port", "0", "--clock", "virtual", "--log-level", "info"});
    const std::string ready = sim.read_line();
    std::smatch match;
    REQUIRE(std::regex_match(ready, match, std::regex("connectel-sim listening on (http://127\\.0\\.0\\.1:([0-9]+))")));
    httplib::Client client(match[1].str());

    auto res = client.Post("/api/v2/send/", "authorization=tok&sender=IKEA&recipient=46700000000&message=Hello",
                           "application/x-www-form-urlencoded");
    REQUIRE(res);
    REQUIRE(res->status == 200);
    const std::string id = json::parse(res->body)["requestid"];

    const std::string delivery = "/api/v2/delivery/?authorization=tok&requestid=" + id;
    CHECK(json::parse(client.Get(delivery.c_str())->body)["statusStr"] == "ENROUTE");
    res = client.Post("/_sim/clock/advance", R"({"by": "1s"})", "application/json");
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(json::parse(client.Get(delivery.c_str())->body)["statusStr"] == "DELIVRD");

    sim.signal(SIGTERM);
    CHECK(sim.wait() == 0);
    const std::string log = sim.read_all_stderr();
    CHECK(log.find("POST /api/v2/send/ 200") != std::string::npos);
    CHECK(log.find("GET /api/v2/delivery/ 200") != std::string::npos);
}

TEST_CASE("SIGINT stops it too, with exit status 0") {
    ChildProcess sim(sim_path, {"--port", "0", "--log-level", "error"});
    sim.read_line();
    sim.signal(SIGINT);
    CHECK(sim.wait() == 0);
}

TEST_CASE("an invalid scenario stops it before it listens, with FILE:LINE:COL messages") {
    TempFile file("{\n  \"name\": \"bad\",\n  \"lifecycle\": [{\"after\": \"soon\", \"status\": \"DELIVRD\"}]\n}\n");
    const auto result = connectel_tests::run_process(sim_path, {"--port", "0", "--scenario", file.path});
    CHECK(result.exit_code == 1);
    CHECK(result.out.empty());
    CHECK(result.err.find(file.path + ":3:27: bad duration \"soon\"") != std::string::npos);
}

TEST_CASE("check validates scenario files and lists every problem") {
    TempFile good(R"({"name": "good"})");
    TempFile bad("{\"name\": \"bad\", \"colck\": \"virtual\"}");
    auto result = connectel_tests::run_process(sim_path, {"check", good.path});
    CHECK(result.exit_code == 0);
    result = connectel_tests::run_process(sim_path, {"check", good.path, bad.path});
    CHECK(result.exit_code == 1);
    CHECK(result.err.find(bad.path + ":1:17: unknown key \"colck\"") != std::string::npos);
    CHECK(result.err.find("did you mean \"clock\"") != std::string::npos);
}

TEST_CASE("check refuses callback urls that would break the request line or could never be posted to") {
    TempFile file("{\"name\": \"x\", \"tokens\": [\n"
                  "  {\"token\": \"a\", \"dlr\": {\"url\": \"http://127.0.0.1:9/dlr\\r\\nX-Injected: 1\"}},\n"
                  "  {\"token\": \"b\", \"dlr\": {\"url\": \"http://\"}},\n"
                  "  {\"token\": \"c\", \"dlr\": {\"url\": \"http://127.0.0.1:99999/dlr\"}},\n"
                  "  {\"token\": \"d\", \"inbound\": {\"url\": \"http://user:pw@127.0.0.1:9/sms\"}}]}\n");
    const auto result = connectel_tests::run_process(sim_path, {"check", file.path});
    CHECK(result.exit_code == 1);
    CHECK(result.err.find(file.path + ":2:33: a callback url has no spaces or control characters") != std::string::npos);
    CHECK(result.err.find(file.path + ":3:33: a callback url names its host") != std::string::npos);
    CHECK(result.err.find(file.path + ":4:33: the port of a callback url is a number from 1 to 65535") !=
          std::string::npos);
    CHECK(result.err.find(file.path + ":5:37: a callback url carries no user name or password") != std::string::npos);
}

TEST_CASE("--allow-host, repeated, lets the control API answer under those names and no others") {
    ChildProcess sim(sim_path, {"--port", "0", "--log-level", "error", "--allow-host", "connectel-sim", "--allow-host",
                                "sim.test"});
    const std::string ready = sim.read_line();
    httplib::Client client(ready.substr(ready.find("http://")));
    for (const char* host : {"connectel-sim:8080", "sim.test", "127.0.0.1"}) {
        CAPTURE(host);
        const auto res = client.Get("/_sim/health", {{"Host", host}});
        REQUIRE(res);
        CHECK(res->status == 200);
    }
    const auto refused = client.Get("/_sim/health", {{"Host", "elsewhere.test"}});
    REQUIRE(refused);
    CHECK(refused->status == 403);
    CHECK(json::parse(refused->body)["error"]["field"] == "Host");
}

TEST_CASE("a port in use is a clear error, not a crash") {
    ChildProcess first(sim_path, {"--port", "0", "--log-level", "error"});
    const std::string ready = first.read_line();
    const std::string port = ready.substr(ready.rfind(':') + 1);
    const auto result = connectel_tests::run_process(sim_path, {"--port", port});
    CHECK(result.exit_code == 1);
    CHECK(result.err.find("cannot listen on 127.0.0.1:" + port) != std::string::npos);
}

TEST_CASE("bad flags are usage errors, exit status 2") {
    CHECK(connectel_tests::run_process(sim_path, {"--clock", "sometimes"}).exit_code == 2);
    CHECK(connectel_tests::run_process(sim_path, {"--port", "70000"}).exit_code == 2);
    CHECK(connectel_tests::run_process(sim_path, {"--help"}).exit_code == 0);
}

TEST_CASE("the callback flags are checked as a scenario's settings are, before anything starts") {
    const auto bad_url = run_process(sim_path, {"--port", "0", "--dlr-url", "https://example.com/dlr"});
    CHECK(bad_url.exit_code == 2);
    CHECK(bad_url.err.find("--dlr-url") != std::string::npos);
    CHECK(bad_url.err.find("http://") != std::string::npos);  // what a callback URL may be
    const auto bad_number = run_process(sim_path, {"--port", "0", "--inbound-url", "http://127.0.0.1:9/sms", "--number", "12"});
    CHECK(bad_number.exit_code == 2);
    CHECK(bad_number.err.find("--number") != std::string::npos);
    // A format or a number without the URL it is for.
    CHECK(run_process(sim_path, {"--port", "0", "--dlr-format", "form"}).exit_code == 2);
    CHECK(run_process(sim_path, {"--port", "0", "--number", "46700000100"}).exit_code == 2);
    CHECK(run_process(sim_path, {"--port", "0", "--dlr-url", "http://127.0.0.1:9/d", "--dlr-format", "xml"}).exit_code == 2);
}
