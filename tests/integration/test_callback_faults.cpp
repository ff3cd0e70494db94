// A scenario's callback faults (dlr_faults, inbound_faults), each through its example file in
// scenarios/: a real receiver on 127.0.0.1, a virtual clock, and each run twice with the
// scenario's seed to show the callback log is the same every time.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "callback_receiver.hpp"
#include "scenario_example.hpp"
#include "sim_fixture.hpp"

using namespace connectel_tests;
using nlohmann::json;

namespace {

// The example file with its URLs at `receiver`, its own seed, on a virtual clock.
sim::Options options_for(const std::string& file, const CallbackReceiver& receiver) {
    sim::Options options = test_options(example(file, &receiver));
    options.seed.reset();  // the scenario's seed
    return options;
}

std::string send(RunningSimulator& sim, const std::string& recipient, const std::string& sender = "IKEA") {
    const auto res = sim.post_json("/api/v2/send/", {{"authorization", "test-token"},
                                                     {"sender", sender},
                                                     {"recipient", recipient},
                                                     {"message", "Hello"}});
    REQUIRE(res);
    REQUIRE(res->status == 200);
    return json::parse(res->body)["requestid"];
}

// The callback log: every attempt, by callback and attempt (attempts to one receiver may finish
// in either order when they run side by side), without what real time measures and without the
// URL, whose port is the run's receiver's.
json callback_log(RunningSimulator& sim) {
    json items = sim.get_json("/_sim/callbacks?limit=1000")["callbacks"];
    for (auto& attempt : items) {
        attempt.erase("latencyMs");
        attempt.erase("id");
        attempt.erase("url");
    }
    std::vector<json> sorted(items.begin(), items.end());
    std::sort(sorted.begin(), sorted.end(), [](const json& a, const json& b) {
        return std::pair(a["callback"].get<int>(), a["attempt"].get<int>()) <
               std::pair(b["callback"].get<int>(), b["attempt"].get<int>());
    });
    return sorted;
}

// The attempts about one message (or inbound SMS), in the order they finished.
std::vector<json> attempts_about(RunningSimulator& sim, const std::string& request_id) {
    const json page = sim.get_json("/_sim/callbacks?limit=1000&requestid=" + request_id);
    return {page["callbacks"].begin(), page["callbacks"].end()};
}

std::vector<json> faults_of(const std::vector<json>& attempts) {
    std::vector<json> out;
    for (const auto& attempt : attempts) out.push_back(attempt["fault"]);
    return out;
}

// Runs `scene` on the example twice, each time in a fresh simulator and receiver, and checks
// the two callback logs are the same.
template <class Scene>
void twice_the_same(const std::string& file, Scene scene) {
    json logs[2];
    for (json& log : logs) {
        CallbackReceiver receiver;
        RunningSimulator sim(options_for(file, receiver));
        scene(sim, receiver);
        log = callback_log(sim);
    }
    CHECK(logs[0] == logs[1]);
    CHECK(!logs[0].empty());
}

}  // namespace

TEST_CASE("scenario example dlr-duplicate.json: every DLR 3 times to 4670000001x; MAYBE's half of the time, seeded") {
    twice_the_same("dlr-duplicate.json", [](RunningSimulator& sim, CallbackReceiver& receiver) {
        const std::string id = send(sim, "46700000011");
        sim.advance("1s");
        const auto attempts = attempts_about(sim, id);
        REQUIRE(attempts.size() == 3);
        CHECK(faults_of(attempts) == std::vector<json>{nullptr, "duplicate", "duplicate"});
        for (const auto& attempt : attempts) CHECK(attempt["payload"] == attempts[0]["payload"]);
        std::size_t reports = 0;
        for (const auto& dlr : received_on(receiver, "/dlr")) reports += dlr["requestid"] == id ? 1 : 0;
        CHECK(reports == 3);

        for (int i = 0; i < 20; ++i) send(sim, "4670000050" + std::to_string(i % 10) + std::to_string(i / 10), "MAYBE");
        sim.advance("1s");
        const auto all = sim.get_json("/_sim/callbacks?limit=1000&kind=dlr")["callbacks"];
        std::size_t duplicates = 0;
        for (const auto& attempt : all) duplicates += attempt["fault"] == "duplicate" ? 1 : 0;
        duplicates -= 2;  // 46700000011's
        CHECK(duplicates > 0);
        CHECK(duplicates < 20);
        CHECK(all.size() == 3 + 20 + duplicates);
    });
}

TEST_CASE("scenario example dlr-reorder.json: DELIVRD before ENROUTE, both when the 2s window ends") {
    twice_the_same("dlr-reorder.json", [](RunningSimulator& sim, CallbackReceiver& receiver) {
        const std::string id = send(sim, "46700000011");
        sim.advance("1s");
        CHECK(receiver.received_count() == 0);  // both held in the window
        CHECK(sim.get_json("/api/v2/delivery/?authorization=test-token&requestid=" + id)["statusStr"] == "DELIVRD");
        sim.advance("1499ms");
        CHECK(receiver.received_count() == 0);
        sim.advance("1ms");  // 2.5s: the window opened at 500ms
        const auto dlrs = received_on(receiver, "/dlr");
        REQUIRE(dlrs.size() == 2);
        CHECK(dlrs[0]["statusStr"] == "DELIVRD");
        CHECK(dlrs[1]["statusStr"] == "ENROUTE");
        CHECK(dlrs[1]["statusDesc"] == "Handed to the operator");
        const auto attempts = attempts_about(sim, id);
        CHECK(faults_of(attempts) == std::vector<json>{"reorder", "reorder"});
        CHECK(attempts[0]["at"] == "2020-01-01T00:00:02.500000Z");
    });
}

TEST_CASE("scenario example dlr-delay.json: 46700000099's DLR 30s after DELIVRD; another's at once") {
    twice_the_same("dlr-delay.json", [](RunningSimulator& sim, CallbackReceiver& receiver) {
        const std::string late = send(sim, "46700000099");
        const std::string prompt = send(sim, "46700000011");
        sim.advance("1s");
        auto dlrs = received_on(receiver, "/dlr");
        REQUIRE(dlrs.size() == 1);
        CHECK(dlrs[0]["requestid"] == prompt);
        CHECK(sim.get_json("/api/v2/delivery/?authorization=test-token&requestid=" + late)["statusStr"] == "DELIVRD");
        sim.advance("29999ms");
        CHECK(receiver.received_count() == 1);
        sim.advance("1ms");  // 31s
        dlrs = received_on(receiver, "/dlr");
        REQUIRE(dlrs.size() == 2);
        CHECK(dlrs[1]["requestid"] == late);
        CHECK(dlrs[1]["statusStr"] == "DELIVRD");
        const auto attempts = attempts_about(sim, late);
        REQUIRE(attempts.size() == 1);
        CHECK(attempts[0]["fault"] == "delay");
        CHECK(attempts[0]["at"] == "2020-01-01T00:00:31.000000Z");
        CHECK(attempts_about(sim, prompt)[0]["fault"].is_null());
    });
}

TEST_CASE("scenario example dlr-early.json: an ENROUTE DLR reaches the endpoint before the send's answer") {
    twice_the_same("dlr-early.json", [](RunningSimulator& sim, CallbackReceiver& receiver) {
        const std::string id = send(sim, "46700000011");
        auto dlrs = received_on(receiver, "/dlr");  // read as soon as the answer came
        REQUIRE(dlrs.size() == 1);
        CHECK(dlrs[0]["requestid"] == id);
        CHECK(dlrs[0]["statusStr"] == "ENROUTE");
        sim.advance("1s");
        dlrs = received_on(receiver, "/dlr");
        REQUIRE(dlrs.size() == 2);
        CHECK(dlrs[1]["statusStr"] == "DELIVRD");
        CHECK(faults_of(attempts_about(sim, id)) == std::vector<json>{"early", nullptr});
        // A bulk: each member's QUEUED report before the answer.
        const auto bulk = sim.post_json("/api/v2/send/", {{"authorization", "test-token"},
                                                          {"sender", "IKEA"},
                                                          {"bulk", true},
                                                          {"recipient", {{{"a", "46700000021"}}, {{"b", "46700000022"}}}},
                                                          {"message", "Hello all"}});
        REQUIRE(bulk);
        REQUIRE(bulk->status == 200);
        dlrs = received_on(receiver, "/dlr");
        REQUIRE(dlrs.size() == 4);
        CHECK(dlrs[2]["statusStr"] == "QUEUED");
        CHECK(dlrs[3]["statusStr"] == "QUEUED");
    });
}

TEST_CASE("dlr_faults early on a real clock: the send answers once the DLR's attempt is over") {
    CallbackReceiver receiver;
    receiver.set_answer_delay(std::chrono::milliseconds(200));
    sim::Options options = options_for("dlr-early.json", receiver);
    options.clock = sim::ClockSetting{sim::ClockSetting::Kind::Real, 1.0};
    RunningSimulator sim(std::move(options));
    const auto began = std::chrono::steady_clock::now();
    const std::string id = send(sim, "46700000011");
    CHECK(std::chrono::steady_clock::now() - began >= std::chrono::milliseconds(200));
    const auto dlrs = received_on(receiver, "/dlr");
    REQUIRE(dlrs.size() == 1);
    CHECK(dlrs[0]["requestid"] == id);
    CHECK(attempts_about(sim, id).at(0)["outcome"] == "delivered");
}

TEST_CASE("scenario example inbound-faults.json: one number's SMS twice; a late one 10s late") {
    twice_the_same("inbound-faults.json", [](RunningSimulator& sim, CallbackReceiver& receiver) {
        sim.advance("1s");
        auto sms = received_on(receiver, "/sms");
        REQUIRE(sms.size() == 2);
        CHECK(sms[0] == sms[1]);
        CHECK(sms[0]["message"] == "Hello");
        sim.advance("1s");
        CHECK(received_on(receiver, "/sms").size() == 2);  // "Running late" is held
        sim.advance("10s");  // 12s
        sms = received_on(receiver, "/sms");
        REQUIRE(sms.size() == 3);
        CHECK(sms[2]["message"] == "Running late");
        const auto log = sim.get_json("/_sim/callbacks?kind=inbound")["callbacks"];
        REQUIRE(log.size() == 3);
        CHECK(log[0]["fault"].is_null());
        CHECK(log[1]["fault"] == "duplicate");
        CHECK(log[2]["fault"] == "delay");
        CHECK(log[2]["at"] == "2020-01-01T00:00:12.000000Z");
    });
}

TEST_CASE("a token's reset drops its callbacks held back by a fault") {
    CallbackReceiver receiver;
    RunningSimulator sim(options_for("dlr-delay.json", receiver));
    send(sim, "46700000099");
    sim.advance("1s");  // DELIVRD; its DLR held 30s
    CHECK(sim.control("/_sim/reset?tokenid=tok-1")["forgotten"]["messages"] == 1);
    sim.advance("1m");
    CHECK(receiver.received_count() == 0);
    CHECK(sim.get_json("/_sim/callbacks")["count"] == 0);
}
