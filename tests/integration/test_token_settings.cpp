// Where a token's callbacks go without a scenario that says so: the command line's settings
// (--dlr-url, --dlr-format, --inbound-url, --number) for every token that sets none, the
// default scenario's included, and GET/PUT /_sim/tokens to show and change them at run time,
// as the vendor's portal does. Real receivers on 127.0.0.1, a virtual clock.
#include <doctest/doctest.h>

#include <string>

#include "callback_receiver.hpp"
#include "sim_checks.hpp"

using namespace connectel_tests;
using nlohmann::json;

namespace {

// The default scenario, with DLRs (as forms) and inbound SMS to `receiver`'s /flags/... and
// the number 46700000100.
sim::Options flags_to(const CallbackReceiver& receiver, std::optional<std::string> scenario = std::nullopt) {
    sim::Options options = test_options(std::move(scenario));
    options.default_callbacks.dlr = sim::scenario::CallbackTarget{receiver.url("/flags/dlr"), sim::scenario::PayloadFormat::Form};
    options.default_callbacks.inbound =
        sim::scenario::InboundSettings{{receiver.url("/flags/sms"), sim::scenario::PayloadFormat::Json}, {"46700000100"}};
    return options;
}

json put(RunningSimulator& sim, const std::string& path, const std::string& body, int status = 200) {
    const auto res = sim.client().Put(path.c_str(), body, "application/json");
    REQUIRE(res);
    CAPTURE(res->body);
    CHECK(res->status == status);
    return json::parse(res->body);
}

const json* entry(const json& tokens, const std::string& id) {
    for (const auto& token : tokens["tokens"])
        if (token["id"] == id) return &token;
    return nullptr;
}

}  // namespace

TEST_CASE("the command line's DLR and inbound settings go for every token of the default scenario") {
    CallbackReceiver receiver;
    RunningSimulator sim(flags_to(receiver));
    const std::string id = send_hi(sim, "46700001234", "any-token");
    sim.advance("1s");
    REQUIRE(receiver.wait_for(1));
    const auto dlr = receiver.received().at(0);
    CHECK(dlr.path == "/flags/dlr");
    CHECK(dlr.content_type == "application/x-www-form-urlencoded");
    CHECK(dlr.body.find("requestid=" + id) != std::string::npos);
    CHECK(dlr.body.find("statusStr=DELIVRD") != std::string::npos);

    // An SMS to the command line's number goes to its inbound URL, as the default entry's.
    const json sms = sim.control("/_sim/inbound", {{"from", "46709990000"}, {"to", "46700000100"}, {"message", "Hi"}});
    CHECK(sms["tokenid"] == "default");
    REQUIRE(receiver.wait_for(2));
    CHECK(receiver.received().at(1).path == "/flags/sms");
    CHECK(json::parse(receiver.received().at(1).body)["message"] == "Hi");

    const json tokens = sim.get_json("/_sim/tokens");
    CHECK(tokens["open"] == true);
    const json* defaults = entry(tokens, "default");
    REQUIRE(defaults);
    CHECK((*defaults)["default"] == true);
    CHECK((*defaults)["dlr"] == json{{"format", "form"}, {"from", "command line"}, {"url", receiver.url("/flags/dlr")}});
    CHECK((*defaults)["inbound"]["numbers"] == json{"46700000100"});
    // The token seen takes the default's settings, and none of its numbers.
    const std::string seen_id = sim.get_json("/_sim/messages")["messages"][0]["tokenid"];
    const json* seen = entry(tokens, seen_id);
    REQUIRE(seen);
    CHECK((*seen)["dlr"]["from"] == "default");
    CHECK((*seen)["inbound"]["numbers"] == json::array());
    CHECK((*seen)["listed"] == false);
}

TEST_CASE("a scenario token's own settings stand; one that sets none takes the command line's") {
    CallbackReceiver receiver;
    RunningSimulator sim(flags_to(receiver, json{{"name", "mixed"},
                                                 {"tokens",
                                                  {{{"token", "own"}, {"id", "tok-own"}, {"dlr", {{"url", receiver.url("/own/dlr")}}}},
                                                   {{"token", "bare"}, {"id", "tok-bare"}}}}}
                                                .dump()));
    send_hi(sim, "46700000011", "own");
    send_hi(sim, "46700000022", "bare");
    sim.advance("1s");
    REQUIRE(receiver.wait_for(2));
    std::vector<std::string> paths;
    for (const auto& got : receiver.received()) paths.push_back(got.path);
    std::sort(paths.begin(), paths.end());
    CHECK(paths == std::vector<std::string>{"/flags/dlr", "/own/dlr"});
    const json tokens = sim.get_json("/_sim/tokens");
    CHECK(tokens["open"] == false);
    CHECK((*entry(tokens, "tok-own"))["dlr"]["from"] == "scenario");
    CHECK((*entry(tokens, "tok-bare"))["dlr"]["from"] == "default");
}

TEST_CASE("PUT /_sim/tokens sets a token's DLR URL, numbers and formats at run time; the others keep theirs") {
    CallbackReceiver receiver;
    RunningSimulator sim(flags_to(receiver));
    // alice, before her first send, by the token itself; her id comes back.
    const json alice = put(sim, "/_sim/tokens?token=alice",
                           json{{"dlr", {{"url", receiver.url("/alice/dlr")}, {"format", "json"}}},
                                {"inbound", {{"url", receiver.url("/alice/sms")}, {"numbers", {"46700000200"}}}}}
                               .dump());
    CHECK(alice["dlr"]["from"] == "run time");
    CHECK(alice["inbound"]["numbers"] == json{"46700000200"});
    const std::string alice_id = alice["id"];
    const std::string alices = send_hi(sim, "46700000011", "alice");
    send_hi(sim, "46700000022", "bob");
    sim.advance("1s");
    REQUIRE(receiver.wait_for(2));
    sim.control("/_sim/inbound", {{"from", "46709990000"}, {"to", "46700000200"}, {"message", "to alice"}});
    REQUIRE(receiver.wait_for(3));
    std::map<std::string, std::string> by_path;
    for (const auto& got : receiver.received()) by_path[got.path] = got.body;
    CHECK(json::parse(by_path.at("/alice/dlr"))["requestid"] == alices);
    CHECK(by_path.count("/flags/dlr") == 1);  // bob's
    CHECK(json::parse(by_path.at("/alice/sms"))["message"] == "to alice");
    CHECK(sim.get_json("/_sim/inbound?tokenid=" + alice_id)["count"] == 1);

    // By id, and back to the default's with an empty body; a reset keeps settings.
    sim.control("/_sim/reset");
    CHECK((*entry(sim.get_json("/_sim/tokens"), alice_id))["dlr"]["from"] == "run time");
    const json cleared = put(sim, "/_sim/tokens/" + alice_id, "{}");
    CHECK(cleared["dlr"]["from"] == "default");
    CHECK(cleared["dlr"]["url"] == receiver.url("/flags/dlr"));

    // The default entry's change goes for every token without its own.
    put(sim, "/_sim/tokens/default", json{{"dlr", {{"url", receiver.url("/new/dlr")}}}}.dump());
    receiver.clear();
    send_hi(sim, "46700000033", "carol");
    sim.advance("1s");
    REQUIRE(receiver.wait_for(1));
    CHECK(receiver.received().at(0).path == "/new/dlr");
    // Its number went with its inbound setting.
    const auto unknown = sim.post_json("/_sim/inbound", {{"from", "46709990000"}, {"to", "46700000100"}, {"message", "x"}});
    REQUIRE(unknown);
    CHECK(unknown->status == 404);
}

TEST_CASE("a token's settings are checked as a scenario file's, with body:LINE:COL problems") {
    CallbackReceiver receiver;
    RunningSimulator sim(flags_to(receiver, json{{"name", "listed"},
                                                 {"tokens", {{{"token", "t1"}, {"id", "tok-1"}},
                                                             {{"token", "t2"}, {"id", "tok-2"},
                                                              {"inbound", {{"url", receiver.url("/2")}, {"numbers", {"46700000222"}}}}}}}}
                                                .dump()));
    const json bad = put(sim, "/_sim/tokens/tok-1",
                         "{\n  \"dlr\": {\"url\": \"https://x/dlr\", \"format\": \"xml\"},\n"
                         "  \"inbound\": {\"url\": \"http://127.0.0.1:9/s\", \"numbers\": [\"46700000222\", \"12\"]},\n"
                         "  \"extra\": 1\n}",
                         400);
    CHECK(bad["error"]["code"] == "invalid_token_settings");
    const auto problems = bad["error"]["problems"];
    REQUIRE(problems.size() == 5);
    CHECK(problems[0].get<std::string>().rfind("body:2:18: connectel-sim calls receivers over http:// only", 0) == 0);  // the URL
    CHECK(problems[1].get<std::string>().rfind("body:2:45: format is \"json\" or \"form\"", 0) == 0);
    CHECK(problems[2] == "body:3:58: number \"46700000222\" is already token \"tok-2\"'s");
    CHECK(problems[3].get<std::string>().rfind("body:3:73: a number is a string of 7 to 15 digits", 0) == 0);
    CHECK(problems[4].get<std::string>().rfind("body:4:3: unknown key \"extra\"", 0) == 0);
    CHECK((*entry(sim.get_json("/_sim/tokens"), "tok-1"))["dlr"]["from"] == "default");  // nothing changed

    CHECK(put(sim, "/_sim/tokens/tok-9", "{}", 404)["error"]["field"] == "tokenid");
    CHECK(put(sim, "/_sim/tokens?token=not-listed", "{}", 400)["error"]["code"] == "unknown_token");
    CHECK(put(sim, "/_sim/tokens", "{}", 400)["error"]["field"] == "token");
    CHECK(put(sim, "/_sim/tokens/tok-1", "[1", 400)["error"]["problems"].size() == 1);
}
