// One simulator shared by parallel tests, each with its own token: ?tokenid= (or ?token=) on
// every list, on the event stream and on a wait shows one token's traffic, and
// POST /_sim/reset?tokenid= forgets one token's messages, inbound SMS, callbacks and journal
// entries while the others' pending steps run on.
#include <doctest/doctest.h>

#include <string>
#include <thread>
#include <vector>

#include "callback_receiver.hpp"
#include "event_stream_client.hpp"
#include "sim_checks.hpp"

using namespace connectel_tests;
using nlohmann::json;

namespace {

constexpr int parallel_tests = 8;

// Tokens tok-1 .. tok-8, each with DLRs and inbound SMS to `receiver` and a number of its own
// (467000001N); a message to a number ending 99 is answered by its recipient.
std::string tokens_scenario(const CallbackReceiver& receiver) {
    json tokens = json::array();
    for (int i = 1; i <= parallel_tests; ++i)
        tokens.push_back({{"token", "secret-" + std::to_string(i)},
                          {"id", "tok-" + std::to_string(i)},
                          {"dlr", {{"url", receiver.url("/dlr/" + std::to_string(i))}}},
                          {"inbound",
                           {{"url", receiver.url("/sms/" + std::to_string(i))},
                            {"numbers", {"467000001" + std::to_string(i)}}}}});
    return json{{"name", "shared"},
                {"tokens", tokens},
                {"lifecycle", {{{"after", "1s"}, {"status", "DELIVRD"}}}},
                {"rules", {{{"match", {{"recipient", "*99"}}}, {"reply", {{"after", "1s"}, {"message", "OK"}}}}}}}
        .dump();
}

json get_json(httplib::Client& client, const std::string& path) {
    const auto res = client.Get(path.c_str());
    if (!res) throw std::runtime_error("no answer from " + path);
    if (res->status != 200) throw std::runtime_error(path + ": HTTP " + std::to_string(res->status) + " " + res->body);
    return json::parse(res->body);
}

json post(httplib::Client& client, const std::string& path, const json& body = json::object()) {
    const auto res = client.Post(path.c_str(), body.dump(), "application/json");
    if (!res) throw std::runtime_error("no answer from " + path);
    if (res->status != 200) throw std::runtime_error(path + ": HTTP " + std::to_string(res->status) + " " + res->body);
    return json::parse(res->body);
}

// What one parallel test saw of its own token after a round; each must be exactly its own.
struct Round {
    std::size_t messages = 0, delivered = 0, inbound = 0, dlrs = 0, inbound_callbacks = 0, requests = 0;
    bool only_own = true;  // every item listed carried the test's token id
};

// One test: reset its token, send three messages (one to a number that replies) and receive
// one SMS, run the clock, and read its lists back, waiting for what its clock set off.
Round run_round(const std::string& base_url, int n) {
    httplib::Client client(base_url);
    client.set_read_timeout(30, 0);
    const std::string id = "tok-" + std::to_string(n), token = "secret-" + std::to_string(n);
    const std::string own = "tokenid=" + id;
    post(client, "/_sim/reset?" + own);
    for (const char* last : {"11", "22", "99"}) {
        const std::string recipient = "4670" + std::to_string(n) + "00000" + last;
        const auto res = client.Post("/api/v2/send", "authorization=" + token + "&sender=Test&recipient=" + recipient + "&message=Hi",
                                     "application/x-www-form-urlencoded");
        if (!res || res->status != 200) throw std::runtime_error("send failed");
    }
    post(client, "/_sim/inbound", {{"from", "46709990000"}, {"to", "467000001" + std::to_string(n)}, {"message", "Yo"}});
    post(client, "/_sim/clock/advance", {{"by", "2s"}});

    Round round;
    const auto own_items = [&](const json& items) {
        for (const auto& item : items) round.only_own = round.only_own && item["tokenid"] == id;
        return items.size();
    };
    round.messages = own_items(get_json(client, "/_sim/messages?" + own)["messages"]);
    round.delivered = own_items(get_json(client, "/_sim/messages?status=DELIVRD&wait=10s&min=3&" + own)["messages"]);
    // The inbound SMS sent and the reply to the message to ...99.
    round.inbound = own_items(get_json(client, "/_sim/inbound?wait=10s&min=2&" + own)["inbound"]);
    round.dlrs = own_items(get_json(client, "/_sim/callbacks?kind=dlr&wait=10s&min=3&" + own)["callbacks"]);
    round.inbound_callbacks = own_items(get_json(client, "/_sim/callbacks?kind=inbound&wait=10s&min=2&" + own)["callbacks"]);
    round.requests = get_json(client, "/_sim/requests?token=" + token)["requests"].size();
    return round;
}

}  // namespace

TEST_CASE("8 tests in parallel, each resetting and reading its own token, never see each other") {
    CallbackReceiver receiver;
    RunningSimulator sim(test_options(tokens_scenario(receiver)));
    for (int round = 0; round < 3; ++round) {
        CAPTURE(round);
        std::vector<Round> rounds(parallel_tests);
        std::vector<std::string> failures(parallel_tests);
        std::vector<std::thread> tests;
        for (int n = 1; n <= parallel_tests; ++n)
            tests.emplace_back([&, n] {
                try {
                    rounds[n - 1] = run_round(sim.base_url(), n);
                } catch (const std::exception& e) {
                    failures[n - 1] = e.what();
                }
            });
        for (auto& test : tests) test.join();
        for (int n = 1; n <= parallel_tests; ++n) {
            CAPTURE(n);
            CHECK(failures[n - 1] == "");
            const Round& r = rounds[n - 1];
            CHECK(r.only_own);
            CHECK(r.messages == 3);
            CHECK(r.delivered == 3);
            CHECK(r.inbound == 2);
            CHECK(r.dlrs == 3);
            CHECK(r.inbound_callbacks == 2);
            CHECK(r.requests == 3);
        }
    }
    // What every test forgot of its own in the last two rounds, it forgot for everyone.
    CHECK(sim.get_json("/_sim/messages")["total"] == 3 * parallel_tests);
    CHECK(sim.get_json("/_sim/requests")["total"] == 3 * parallel_tests);
}

TEST_CASE("a token's reset forgets its messages and callbacks to come; another token's steps run on") {
    CallbackReceiver receiver;
    RunningSimulator sim(test_options(tokens_scenario(receiver)));
    const std::string forgotten = send_hi(sim, "46700000011", "secret-1");
    const std::string kept = send_hi(sim, "46700000022", "secret-2");
    sim.control("/_sim/inbound", {{"from", "46709990000"}, {"to", "4670000011"}, {"message", "Yo"}});
    REQUIRE(receiver.wait_for(1));  // the inbound SMS to tok-1's receiver

    const json answer = sim.control("/_sim/reset?tokenid=tok-1");
    CHECK(answer["tokenid"] == "tok-1");
    CHECK(answer["forgotten"] == json{{"messages", 1}, {"inbound", 1}, {"callbacks", 1}, {"requests", 1}});
    sim.advance("2s");

    // tok-1's message and its DLR to come are gone; tok-2's ran.
    CHECK(sim.get("/_sim/messages/" + forgotten)->status == 404);
    const json messages = sim.get_json("/_sim/messages");
    REQUIRE(messages["count"] == 1);
    CHECK(messages["messages"][0]["requestid"] == kept);
    CHECK(messages["messages"][0]["status"] == "DELIVRD");
    const json callbacks = sim.get_json("/_sim/callbacks");
    REQUIRE(callbacks["count"] == 1);
    CHECK(callbacks["callbacks"][0]["requestid"] == kept);
    CHECK(callbacks["callbacks"][0]["tokenid"] == "tok-2");
    CHECK(sim.get_json("/_sim/inbound")["count"] == 0);
    CHECK(sim.get_json("/_sim/requests")["count"] == 1);
    // The vendor API no longer knows the message either.
    CHECK(sim.get("/api/v2/delivery?authorization=secret-1&requestid=" + forgotten)->status == 404);
}

TEST_CASE("?token= names a token the default scenario accepted, by the token itself") {
    RunningSimulator sim;
    send_hi(sim, "46700000011", "alice");
    send_hi(sim, "46700000022", "bob");
    const std::string alice_id = sim.get_json("/_sim/messages?token=alice")["messages"][0]["tokenid"];
    CHECK(alice_id.rfind("tok-", 0) == 0);
    CHECK(sim.get_json("/_sim/messages?tokenid=" + alice_id)["count"] == 1);
    CHECK(sim.get_json("/_sim/requests?token=bob")["count"] == 1);
    const json answer = sim.control("/_sim/reset?token=alice");
    CHECK(answer["tokenid"] == alice_id);
    CHECK(answer["forgotten"]["messages"] == 1);
    const json left = sim.get_json("/_sim/messages");
    REQUIRE(left["count"] == 1);
    CHECK(left["messages"][0]["recipient"] == "46700000022");
    // A token never seen has nothing to forget.
    CHECK(sim.control("/_sim/reset?token=carol")["forgotten"]["messages"] == 0);
}

TEST_CASE("a token query names its parameter when it cannot be read") {
    CallbackReceiver receiver;
    RunningSimulator sim(test_options(tokens_scenario(receiver)));
    for (const char* path : {"/_sim/messages", "/_sim/inbound", "/_sim/callbacks", "/_sim/requests", "/_sim/events"}) {
        CAPTURE(path);
        check_bad_parameter(sim, std::string(path) + "?tokenid=", "tokenid");
        check_bad_parameter(sim, std::string(path) + "?tokenid=tok-1&token=secret-1", "token");
        const auto res = sim.get(std::string(path) + "?tokenid=tok-9");
        REQUIRE(res);
        CHECK(res->status == 400);
        CHECK(json::parse(res->body)["error"]["code"] == "unknown_token");
        CHECK(json::parse(res->body)["error"]["field"] == "tokenid");
    }
    const auto res = sim.post_json("/_sim/reset?token=not-listed", json::object());
    REQUIRE(res);
    CHECK(res->status == 400);
    CHECK(json::parse(res->body)["error"]["field"] == "token");
    CHECK(sim.get_json("/_sim/health")["status"] == "ok");
}

TEST_CASE("the event stream with ?tokenid= tells that token's events and those of no token") {
    CallbackReceiver receiver;
    RunningSimulator sim(test_options(tokens_scenario(receiver)));
    EventStreamClient own(sim.simulator().port(), std::nullopt, "/_sim/events?tokenid=tok-2");
    EventStreamClient all(sim.simulator().port());
    send_hi(sim, "46700000011", "secret-1");
    const std::string mine = send_hi(sim, "46700000022", "secret-2");
    sim.control("/_sim/reset?tokenid=tok-1");
    sim.control("/_sim/reset?tokenid=tok-2");
    sim.control("/_sim/reset");
    const auto seen = own.wait_for(3);
    all.wait_for(5);
    std::vector<std::string> types;
    for (const auto& event : seen) types.push_back(event.type);
    // Its own message, its own reset and the reset of every token; not tok-1's message or reset.
    CHECK(types == std::vector<std::string>{"message.accepted", "reset", "reset"});
    CHECK(seen[0].data["requestid"] == mine);
    CHECK(seen[1].data == json{{"tokenid", "tok-2"}});
    CHECK(seen[2].data == json::object());
    CHECK(all.wait_for(5).size() == 5);
}
