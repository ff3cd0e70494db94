// What another web page could make a browser send to the simulator, over real HTTP: control
// calls from a foreign Origin, bodies of the types a page sends without a preflight, and Host
// names of a DNS-rebinding page are refused; the page's own calls, curl, the test helpers and
// the vendor API under any name keep working.
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "sim_fixture.hpp"

using namespace connectel_tests;
using nlohmann::json;

namespace {

// The error's code and field, after checking the status and that the body is the API's.
std::pair<std::string, json> refusal(const httplib::Result& res, int status) {
    REQUIRE(res);
    CHECK(res->status == status);
    const json body = json::parse(res->body);
    return {body["error"]["code"].get<std::string>(), body["error"]["field"]};
}

std::string own_origin(RunningSimulator& sim) {
    return "http://127.0.0.1:" + std::to_string(sim.simulator().port());
}

std::size_t message_count(RunningSimulator& sim) {
    return sim.get_json("/_sim/messages")["total"].get<std::size_t>();
}

void send_one(RunningSimulator& sim) {
    const auto res =
        sim.post_form("/api/v2/send", "authorization=tok&sender=IKEA&recipient=46700000000&message=Hi");
    REQUIRE(res);
    REQUIRE(res->status == 200);
}

// A request written by hand on a fresh connection (HTTP/1.0, headers as given); the status.
int raw_status(int port, const std::string& request) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    REQUIRE(::write(fd, request.data(), request.size()) == static_cast<ssize_t>(request.size()));
    std::string answer;
    char buffer[4096];
    for (ssize_t n; (n = ::read(fd, buffer, sizeof buffer)) > 0;)
        answer.append(buffer, static_cast<std::size_t>(n));
    ::close(fd);
    REQUIRE(answer.size() > 12);
    return std::stoi(answer.substr(9, 3));  // "HTTP/1.1 200 ..."
}

}  // namespace

TEST_CASE("a state-changing control call from another Origin is 403 naming Origin, and changes nothing") {
    RunningSimulator sim;
    send_one(sim);
    const httplib::Headers foreign = {{"Origin", "http://evil.example"}};
    auto& client = sim.client();
    CHECK(refusal(client.Post("/_sim/reset", foreign, "", "text/plain"), 403) ==
          std::pair<std::string, json>{"origin_not_allowed", "Origin"});
    CHECK(refusal(client.Post("/_sim/reset", {{"Origin", "null"}}, "", "text/plain"), 403).first ==
          "origin_not_allowed");
    CHECK(refusal(client.Post("/_sim/clock/advance", foreign, R"({"by": "1s"})", "application/json"), 403)
              .second == "Origin");
    CHECK(refusal(client.Put("/_sim/scenario", foreign, R"({"name": "evil"})", "text/plain"), 403).second ==
          "Origin");
    CHECK(refusal(client.Delete("/_sim/messages", foreign), 403).second == "Origin");
    CHECK(refusal(client.Patch("/_sim/messages", foreign, "", "text/plain"), 403).second == "Origin");
    // The same origin on another port is another origin.
    CHECK(refusal(client.Post("/_sim/reset", {{"Origin", "http://127.0.0.1:1"}}, "", "text/plain"), 403)
              .second == "Origin");
    CHECK(message_count(sim) == 1);
    CHECK(sim.get_json("/_sim/scenario")["name"] == "default");
    CHECK(sim.get_json("/_sim/clock")["now"] == "2020-01-01T00:00:00.000000Z");
    // Reads are answered (a foreign page cannot read them: no CORS header is ever sent).
    const auto read = sim.get("/_sim/messages", foreign);
    REQUIRE(read);
    CHECK(read->status == 200);
    CHECK_FALSE(read->has_header("Access-Control-Allow-Origin"));
}

TEST_CASE("the simulator's own page origin, and no Origin at all, may change it") {
    RunningSimulator sim;
    send_one(sim);
    auto& client = sim.client();
    const auto own = client.Post("/_sim/clock/advance", {{"Origin", own_origin(sim)}}, R"({"by": "1s"})",
                                 "application/json");
    REQUIRE(own);
    CHECK(own->status == 200);
    const std::string upper = "HTTP://127.0.0.1:" + std::to_string(sim.simulator().port());
    CHECK(client.Post("/_sim/reset", {{"Origin", upper}}, "", "text/plain")->status == 200);
    CHECK(message_count(sim) == 0);
    send_one(sim);
    CHECK(client.Post("/_sim/reset")->status == 200);  // curl, the CLI, testing.hpp: no Origin
    CHECK(message_count(sim) == 0);
}

TEST_CASE("a control call's POST body is JSON: any other type is 415 naming Content-Type, and does nothing") {
    RunningSimulator sim(test_options(R"({"name": "in", "tokens": [{"token": "tok",
        "inbound": {"url": "http://127.0.0.1:9/sms", "numbers": ["46700000100"]}}]})"));
    const std::string sms = R"({"from": "46700000001", "to": "46700000100", "message": "Hi"})";
    auto& client = sim.client();
    for (const char* type :
         {"text/plain", "application/x-www-form-urlencoded", "text/plain; charset=utf-8"}) {
        CAPTURE(type);
        CHECK(refusal(client.Post("/_sim/inbound", sms, type), 415) ==
              std::pair<std::string, json>{"unsupported_media_type", "Content-Type"});
    }
    // A multipart form (which cpp-httplib takes apart before any handler), and a body with no type.
    const std::string multipart = "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--x--\r\n";
    CHECK(refusal(client.Post("/_sim/reset", multipart, "multipart/form-data; boundary=x"), 415).second ==
          "Content-Type");
    const int port = sim.simulator().port();
    CHECK(raw_status(port, "POST /_sim/inbound HTTP/1.0\r\nContent-Length: " + std::to_string(sms.size()) +
                               "\r\n\r\n" + sms) == 415);
    CHECK(sim.get_json("/_sim/inbound")["total"] == 0);
    const auto json_with_charset = client.Post("/_sim/inbound", sms, "application/json; charset=utf-8");
    REQUIRE(json_with_charset);
    CHECK(json_with_charset->status == 200);
    CHECK(sim.get_json("/_sim/inbound")["total"] == 1);
    // No body, no type to check; PUT /_sim/scenario takes its text as any type (curl --data-binary sends a
    // form's).
    CHECK(client.Post("/_sim/reset", "", "text/plain")->status == 200);
    const auto put =
        client.Put("/_sim/scenario", R"({"name": "loaded"})", "application/x-www-form-urlencoded");
    REQUIRE(put);
    CHECK(put->status == 200);
}

TEST_CASE(
    "a Host name that is not an address or localhost is 403 naming Host on the page, control API and "
    "stream") {
    RunningSimulator sim;
    send_one(sim);
    const httplib::Headers rebinding = {
        {"Host", "attacker.example:" + std::to_string(sim.simulator().port())}};
    for (const char* path :
         {"/", "/ui/app.js", "/_sim/health", "/_sim/messages", "/_sim/events", "/_sim/nope"}) {
        CAPTURE(path);
        CHECK(refusal(sim.get(path, rebinding), 403) ==
              std::pair<std::string, json>{"host_not_allowed", "Host"});
    }
    CHECK(refusal(sim.client().Post("/_sim/reset", rebinding, "", "application/json"), 403).second == "Host");
    CHECK(message_count(sim) == 1);
    const std::string port = std::to_string(sim.simulator().port());
    for (const std::string& host :
         std::vector<std::string>{"127.0.0.1:" + port, "localhost:" + port, "LocalHost", "[::1]:" + port,
                                  "app.localhost:" + port, "192.168.1.20:8080"}) {
        CAPTURE(host);
        const auto res = sim.get("/_sim/health", {{"Host", host}});
        REQUIRE(res);
        CHECK(res->status == 200);
    }
    // HTTP/1.0 without a Host is fine.
    CHECK(raw_status(sim.simulator().port(), "GET /_sim/health HTTP/1.0\r\n\r\n") == 200);
    CHECK(raw_status(sim.simulator().port(), "GET /_sim/health HTTP/1.0\r\nHost: attacker.example\r\n\r\n") ==
          403);
}

TEST_CASE("the vendor API answers under any Host name, and builds its links from it") {
    RunningSimulator sim;
    const httplib::Headers compose = {{"Host", "connectel-sim:8080"}};
    const auto res = sim.client().Post("/api/v2/send", compose,
                                       "authorization=tok&sender=IKEA&recipient=46700000000&message=Hi",
                                       "application/x-www-form-urlencoded");
    REQUIRE(res);
    REQUIRE(res->status == 200);
    const json sent = json::parse(res->body);
    CHECK(sent["href"].get<std::string>().rfind("http://connectel-sim:8080/api/status/", 0) == 0);
    const auto report = sim.get("/status/" + sent["requestid"].get<std::string>(),
                                {{"Host", "connectel-sim:8080"}, {"Authorization", "Bearer tok"}});
    REQUIRE(report);
    CHECK(report->status == 200);
    CHECK(json::parse(report->body)["url"].get<std::string>().rfind("http://connectel-sim:8080/status/", 0) ==
          0);
}

TEST_CASE(
    "--allow-host names reach the page and the control API, their own page's origin too; '*' allows any") {
    auto options = test_options();
    options.allowed_hosts = {"connectel-sim", "Sim.Test"};
    RunningSimulator sim(options);
    for (const char* host : {"connectel-sim:8080", "sim.test", "SIM.TEST:80"}) {
        CAPTURE(host);
        CHECK(sim.get("/_sim/health", {{"Host", host}})->status == 200);
    }
    CHECK(refusal(sim.get("/", {{"Host", "other-sim:8080"}}), 403).second == "Host");
    const auto reset = sim.client().Post(
        "/_sim/reset", {{"Host", "connectel-sim:8080"}, {"Origin", "http://connectel-sim:8080"}}, "",
        "text/plain");
    REQUIRE(reset);
    CHECK(reset->status == 200);

    auto any = test_options();
    any.allowed_hosts = {"*"};
    RunningSimulator open(any);
    CHECK(open.get("/_sim/health", {{"Host", "anything.example"}})->status == 200);
    // Any Host still does not make any Origin the page's.
    CHECK(refusal(open.client().Post("/_sim/reset",
                                     {{"Host", "anything.example"}, {"Origin", "http://evil.example"}}, "",
                                     "text/plain"),
                  403)
              .second == "Origin");
}
