// The control API over real HTTP: health, messages with filters, the request journal with its
// masked tokens, forced statuses, the clock and reset.
#include <doctest/doctest.h>

#include "scenario_example.hpp"
#include "sim_fixture.hpp"

using namespace connectel_tests;
using nlohmann::json;

namespace {

std::string send(RunningSimulator& sim, const std::string& recipient, const std::string& message = "Hi") {
    const auto res = sim.post_json("/api/v2/send", {{"authorization", "s3cret-token"},
                                                    {"sender", "IKEA"},
                                                    {"recipient", recipient},
                                                    {"message", message}});
    REQUIRE(res);
    REQUIRE(res->status == 200);
    return json::parse(res->body)["requestid"];
}

}  // namespace

TEST_CASE("health says ok") {
    RunningSimulator sim;
    CHECK(sim.get_json("/_sim/health") == json{{"status", "ok"}});
}

TEST_CASE("the API document is served as docs/openapi.yaml, from the binary") {
    RunningSimulator sim;
    const auto res = sim.get("/_sim/openapi.yaml");
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(res->get_header_value("Content-Type") == "application/yaml");
    CHECK(res->body == read_text(scenarios_dir + "/../docs/openapi.yaml"));
}

TEST_CASE("messages show text, encoding, segments and the status history with times") {
    RunningSimulator sim;
    const std::string id = send(sim, "46700000000", "Price: 5€ 😀");
    sim.advance("1s");
    const json all = sim.get_json("/_sim/messages");
    REQUIRE(all["count"] == 1);
    const json& m = all["messages"][0];
    CHECK(m["requestid"] == id);
    CHECK(m["message"] == "Price: 5€ 😀");
    CHECK(m["encoding"] == "UCS-2");
    CHECK(m["segments"] == 1);
    CHECK(m["characters"] == 11);
    CHECK(m["status"] == "DELIVRD");
    REQUIRE(m["history"].size() == 2);
    CHECK(m["history"][0]["status"] == "ENROUTE");
    CHECK(m["history"][0]["at"] == "2020-01-01T00:00:00.000000Z");
    CHECK(m["history"][1]["at"] == "2020-01-01T00:00:01.000000Z");
    CHECK_FALSE(m.contains("bulkid"));
}

TEST_CASE("messages filter by recipient, status and bulk-id") {
    RunningSimulator sim;
    send(sim, "46700000001");
    send(sim, "46700000002");
    const auto bulk = sim.post_form("/api/v2/send", "authorization=t&sender=IKEA&bulk=1&message=Hi&recipient[A]=46700000003");
    const std::string bulk_id = json::parse(bulk->body)["bulkid"];
    sim.advance("1s");
    CHECK(sim.get_json("/_sim/messages?recipient=46700000002")["count"] == 1);
    CHECK(sim.get_json("/_sim/messages?status=REJECTD")["messages"][0]["recipient"] == "46700000002");
    CHECK(sim.get_json("/_sim/messages?status=delivrd")["count"] == 2);
    CHECK(sim.get_json("/_sim/messages?bulkid=" + bulk_id)["messages"][0]["key"] == "A");
    const auto bad = sim.get("/_sim/messages?status=SENT");
    CHECK(bad->status == 400);
    CHECK(json::parse(bad->body)["error"]["field"] == "status");
}

TEST_CASE("the request journal records each gateway request with the token masked everywhere") {
    RunningSimulator sim;
    const std::string id = send(sim, "46700000000");
    sim.post_form("/api/v2/send?authorization=s3cret-token", "sender=IKEA&recipient=1&message=Hi");
    sim.get("/api/v2/delivery?authorization=s3cret-token&requestid=" + id);
    sim.get("/api/v2/delivery?requestid=" + id, {{"Authorization", "Bearer s3cret-token"}});
    const auto res = sim.get("/_sim/requests");
    REQUIRE(res);
    CHECK(res->body.find("s3cret") == std::string::npos);
    const json journal = json::parse(res->body);
    REQUIRE(journal["count"] == 4);
    const json& first = journal["requests"][0];
    CHECK(first["method"] == "POST");
    CHECK(first["path"] == "/api/v2/send");
    CHECK(first["status"] == 200);
    CHECK(first["body"]["recipient"] == "46700000000");
    CHECK(first["body"]["authorization"] == "****");
    CHECK(journal["requests"][1]["status"] == 400);
    CHECK(journal["requests"][1]["query"]["authorization"] == "****");
    CHECK(journal["requests"][2]["query"]["requestid"] == id);
    CHECK(journal["requests"][3]["authorizationHeader"] == "****");
}

TEST_CASE("a forced status applies now and ends the lifecycle when final") {
    RunningSimulator sim;
    const std::string id = send(sim, "46700000000");
    const json forced = sim.control("/_sim/messages/" + id + "/status", {{"status", "UNDELIV"}, {"desc", "forced"}});
    CHECK(forced["status"] == "UNDELIV");
    CHECK(forced["statusDesc"] == "forced");
    sim.advance("5s");
    const json report = sim.get_json("/api/v2/delivery?authorization=s3cret-token&requestid=" + id);
    CHECK(report["statusStr"] == "UNDELIV");
    CHECK(report["statusDesc"] == "forced");

    auto res = sim.post_json("/_sim/messages/RNOPE/status", {{"status", "DELIVRD"}});
    CHECK(res->status == 404);
    res = sim.post_json("/_sim/messages/" + id + "/status", {{"status", "GONE"}});
    CHECK(res->status == 400);
    CHECK(json::parse(res->body)["error"]["field"] == "status");
    res = sim.post_json("/_sim/messages/" + id + "/status", json::object());
    CHECK(res->status == 400);
}

TEST_CASE("advancing the clock reports the time and how many steps ran; bad input is 400") {
    RunningSimulator sim;
    send(sim, "46700000000");
    send(sim, "46700000001");
    const json moved = sim.control("/_sim/clock/advance", {{"by", "1500ms"}});
    CHECK(moved["now"] == "2020-01-01T00:00:01.500000Z");
    CHECK(moved["ran"] == 2);
    CHECK(moved["clock"] == "virtual");
    CHECK(sim.get_json("/_sim/clock")["now"] == "2020-01-01T00:00:01.500000Z");
    for (const json& body : {json{{"by", "soon"}}, json{{"by", 5}}, json::object()}) {
        const auto res = sim.post_json("/_sim/clock/advance", body);
        CHECK(res->status == 400);
        CHECK(json::parse(res->body)["error"]["field"] == "by");
    }
    CHECK(sim.client().Post("/_sim/clock/advance", "{not json", "application/json")->status == 400);
}

TEST_CASE("a real clock cannot be advanced: 409") {
    sim::Options options = test_options();
    options.clock = sim::ClockSetting{};
    RunningSimulator sim(std::move(options));
    const auto res = sim.post_json("/_sim/clock/advance", {{"by", "1s"}});
    REQUIRE(res);
    CHECK(res->status == 409);
    CHECK(json::parse(res->body)["error"]["code"] == "clock_not_virtual");
}

TEST_CASE("reset forgets messages and the journal but keeps the scenario") {
    RunningSimulator sim(test_options(R"({"name": "kept", "tokens": [{"token": "s3cret-token"}]})"));
    const std::string id = send(sim, "46700000000");
    sim.control("/_sim/reset");
    CHECK(sim.get_json("/_sim/messages")["count"] == 0);
    CHECK(sim.get_json("/_sim/requests")["count"] == 0);
    CHECK(sim.get("/api/v2/delivery?authorization=s3cret-token&requestid=" + id)->status == 404);
    CHECK(sim.get_json("/_sim/scenario")["name"] == "kept");
    CHECK(sim.post_form("/api/v2/send", "authorization=other&sender=IKEA&recipient=46700000000&message=Hi")->status ==
          401);
}
