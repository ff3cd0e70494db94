// PUT /_sim/scenario over real HTTP: a restart in place with the new scenario, or a 400 naming
// every problem by line and column that changes nothing.
#include <doctest/doctest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "callback_receiver.hpp"
#include "sim_fixture.hpp"

using namespace connectel_tests;
using nlohmann::json;

namespace {

httplib::Result put_scenario(RunningSimulator& sim, const std::string& text) {
    return sim.client().Put("/_sim/scenario", text, "application/json");
}

httplib::Result send(RunningSimulator& sim, const std::string& token, const std::string& recipient) {
    return sim.post_json("/api/v2/send",
                         {{"authorization", token}, {"sender", "IKEA"}, {"recipient", recipient}, {"message", "Hi"}});
}

std::string status_of(RunningSimulator& sim, const std::string& recipient) {
    const json messages = sim.get_json("/_sim/messages?recipient=" + recipient)["messages"];
    REQUIRE(messages.size() == 1);
    return messages[0]["status"];
}

constexpr const char* strict = R"({
  // comments are allowed, as in a file
  "name": "strict", "description": "one token; 0099 is rejected",
  "tokens": [{"token": "new-token", "id": "tok-new"}],
  "rules": [{"match": {"recipient": "*0099"},
             "lifecycle": [{"after": "200ms", "status": "REJECTD", "desc": "Blocked"}]}]
})";

}  // namespace

TEST_CASE("a loaded scenario replaces the running one: tokens, rules and name") {
    RunningSimulator sim;
    REQUIRE(send(sim, "any-token", "46700000001")->status == 200);

    const auto res = put_scenario(sim, strict);
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(json::parse(res->body) == json{{"status", "loaded"}, {"name", "strict"}, {"description", "one token; 0099 is rejected"}, {"file", "body"}});
    CHECK(sim.get_json("/_sim/scenario")["name"] == "strict");

    CHECK(sim.get_json("/_sim/messages")["count"] == 0);  // a restart forgets the old world
    CHECK(send(sim, "any-token", "46700000001")->status == 401);
    REQUIRE(send(sim, "new-token", "46700000099")->status == 200);
    sim.advance("200ms");
    CHECK(status_of(sim, "46700000099") == "REJECTD");
    CHECK(sim.get_json("/_sim/messages")["messages"][0]["tokenid"] == "tok-new");
}

TEST_CASE("loading restarts a virtual clock at its epoch, with an empty journal") {
    RunningSimulator sim;
    sim.advance("3h");
    REQUIRE(send(sim, "t", "46700000001")->status == 200);
    CHECK(sim.get_json("/_sim/requests")["count"] == 1);
    REQUIRE(put_scenario(sim, strict)->status == 200);
    CHECK(sim.get_json("/_sim/clock")["now"] == "2020-01-01T00:00:00.000000Z");
    CHECK(sim.get_json("/_sim/requests")["count"] == 0);
}

TEST_CASE("the old world's pending steps and callbacks die with it") {
    CallbackReceiver receiver;
    RunningSimulator sim(test_options(R"({"name": "old", "tokens": [{"token": "t",
        "dlr": {"url": ")" + receiver.url("/dlr") + R"("}}]})"));
    REQUIRE(send(sim, "t", "46700000001")->status == 200);  // DELIVRD after 1s, in the old world
    REQUIRE(put_scenario(sim, strict)->status == 200);
    sim.advance("10s");
    CHECK(sim.get_json("/_sim/messages")["count"] == 0);
    CHECK(sim.get_json("/_sim/callbacks")["count"] == 0);
    CHECK(receiver.requests_seen() == 0);
}

TEST_CASE("a loaded scenario's timeline counts from the load, and its callbacks go out") {
    CallbackReceiver receiver;
    RunningSimulator sim;
    sim.advance("1h");
    REQUIRE(put_scenario(sim, R"({"name": "chat", "tokens": [{"token": "t", "inbound": {"url": ")" +
                                      receiver.url("/sms") + R"(", "numbers": ["46700000100"]}}],
        "timeline": [{"at": "5s", "inbound": {"from": "35890010000", "to": "46700000100", "message": "Hi"}}]})")
                ->status == 200);
    sim.advance("4s");
    CHECK(receiver.received().empty());
    sim.advance("1s");
    REQUIRE(receiver.received().size() == 1);
    CHECK(json::parse(receiver.received()[0].body)["message"] == "Hi");
}

TEST_CASE("an invalid scenario is refused with every problem by line and column, and changes nothing") {
    RunningSimulator sim(test_options(R"({"name": "kept", "tokens": [{"token": "t"}]})"));
    REQUIRE(send(sim, "t", "46700000001")->status == 200);

    const auto res = put_scenario(sim, "{\n  \"name\": \"bad\",\n  \"rulez\": [],\n  \"lifecycle\": [{\"after\": \"soon\", \"status\": \"DELIVRD\"}]\n}");
    REQUIRE(res);
    CHECK(res->status == 400);
    const json error = json::parse(res->body)["error"];
    CHECK(error["code"] == "invalid_scenario");
    REQUIRE(error["problems"].size() == 2);
    CHECK(error["problems"][0].get<std::string>().rfind("body:3:3: ", 0) == 0);
    CHECK(error["problems"][0].get<std::string>().find("\"rulez\"") != std::string::npos);
    CHECK(error["problems"][1].get<std::string>().rfind("body:4:27: ", 0) == 0);
    CHECK(error["message"].get<std::string>().find("(and 1 more)") != std::string::npos);

    CHECK(sim.get_json("/_sim/scenario")["name"] == "kept");
    CHECK(sim.get_json("/_sim/messages")["count"] == 1);
    CHECK(send(sim, "t", "46700000002")->status == 200);
}

TEST_CASE("bodies that are not scenarios get a 400 naming the place") {
    RunningSimulator sim;
    const std::pair<std::string, std::string> cases[] = {
        {"", "body:1:1: "},
        {"[1, 2]", "body:1:1: "},
        {"{\"name\": \"x\", \"seed\": \"42\"}", "body:1:23: "},
        {"{\"name\": \"\xff\"}", "body:1:"},
    };
    for (const auto& [text, place] : cases) {
        CAPTURE(text);
        const auto res = put_scenario(sim, text);
        REQUIRE(res);
        CHECK(res->status == 400);
        const json problems = json::parse(res->body)["error"]["problems"];
        REQUIRE(!problems.empty());
        CHECK(problems[0].get<std::string>().rfind(place, 0) == 0);
    }
    CHECK(sim.get_json("/_sim/scenario")["name"] == "default");
}

TEST_CASE("a loaded scenario can switch a real clock to a virtual one; --clock still wins") {
    sim::Options options = test_options();
    options.clock.reset();  // the scenario decides: the default runs a real clock
    RunningSimulator sim(std::move(options));
    CHECK(sim.get_json("/_sim/clock")["clock"] == "real");
    REQUIRE(put_scenario(sim, R"({"name": "v", "clock": "virtual"})")->status == 200);
    CHECK(sim.get_json("/_sim/clock")["clock"] == "virtual");
    REQUIRE(send(sim, "t", "46700000001")->status == 200);
    sim.advance("1s");
    CHECK(status_of(sim, "46700000001") == "DELIVRD");

    RunningSimulator pinned;  // test_options() passes --clock virtual
    REQUIRE(put_scenario(pinned, R"({"name": "r", "clock": "real"})")->status == 200);
    CHECK(pinned.get_json("/_sim/clock")["clock"] == "virtual");
}

TEST_CASE("requests running while scenarios are loaded each see one whole world") {
    RunningSimulator sim;
    std::atomic<bool> done{false};
    std::atomic<int> unexpected{0};
    std::vector<std::thread> senders;
    for (int i = 0; i < 2; ++i)
        senders.emplace_back([&] {
            httplib::Client client(sim.base_url());
            while (!done) {
                const auto res = client.Post("/api/v2/send", R"({"authorization":"t","sender":"IKEA","recipient":"46700000001","message":"Hi"})",
                                             "application/json");
                // The default accepts any token; "strict" knows only its own.
                if (!res || (res->status != 200 && res->status != 401)) ++unexpected;
            }
        });
    for (int i = 0; i < 20; ++i)
        REQUIRE(put_scenario(sim, i % 2 ? strict : R"({"name": "open"})")->status == 200);
    done = true;
    for (auto& sender : senders) sender.join();
    CHECK(unexpected == 0);
    CHECK(sim.get_json("/_sim/scenario")["name"] == "strict");
}
