// A slow or dead receiver holds up only its own callbacks: another token's DLRs, to a healthy
// receiver, arrive as fast as they do when that receiver is alone. Real receivers on 127.0.0.1.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "callback_receiver.hpp"
#include "sim_fixture.hpp"
#include "unresponsive_ports.hpp"

using namespace connectel_tests;
using nlohmann::json;
using SteadyClock = std::chrono::steady_clock;

namespace {

// Two rounds of the 8 attempts a receiver may have in flight: the old shared queue sent all 16
// before the healthy token's 8, so those waited two callback timeouts.
constexpr int troubled_messages = 16;
constexpr int healthy_messages = 8;

// "troubled" posts its DLRs to `troubled_url`, "healthy" to `healthy_url`. A retry waits a minute
// of the virtual clock, so no retry runs within the advances that measure.
std::string two_tokens(const std::string& troubled_url, const std::string& healthy_url) {
    return R"({"name": "isolation", "tokens": [
        {"token": "troubled", "id": "tok-t", "dlr": {"url": ")" + troubled_url + R"("}},
        {"token": "healthy", "id": "tok-h", "dlr": {"url": ")" + healthy_url + R"("}}],
        "callbacks": {"timeout": "1s", "retries": 3, "backoff": "1m", "max_backoff": "1m"}})";
}

void send(RunningSimulator& sim, const std::string& token, int count) {
    for (int i = 0; i < count; ++i)
        REQUIRE(sim.post_form("/api/v2/send", "authorization=" + token + "&sender=IKEA&recipient=467000000" +
                                                  std::to_string(10 + i) + "&message=Hi")
                    ->status == 200);
}

// Advances the virtual clock by a second, which is when the messages sent just before are
// DELIVRD, and returns the median real time from the advance to each new DLR's arrival at
// `healthy` (which had `before` DLRs).
double healthy_median_ms(RunningSimulator& sim, const CallbackReceiver& healthy, std::size_t before) {
    const auto start = SteadyClock::now();
    sim.advance("1s");  // returns once every attempt due has run, the troubled ones too
    const auto received = healthy.received();
    REQUIRE(received.size() == before + healthy_messages);
    std::vector<double> latencies;
    for (std::size_t i = before; i < received.size(); ++i)
        latencies.push_back(std::chrono::duration<double, std::milli>(received[i].at - start).count());
    std::sort(latencies.begin(), latencies.end());
    return (latencies[healthy_messages / 2 - 1] + latencies[healthy_messages / 2]) / 2;
}

// The healthy token's DLRs alone, then again after the troubled token's (which come first in
// time): their latency must stay that of the same work done alone. The bound is relative, with
// room for a loaded machine, and far below the old figure of two whole timeouts (2 s).
void check_healthy_latency_is_kept(RunningSimulator& sim, const CallbackReceiver& healthy) {
    send(sim, "healthy", healthy_messages);
    const double alone = healthy_median_ms(sim, healthy, 0);
    send(sim, "troubled", troubled_messages);
    send(sim, "healthy", healthy_messages);
    const double beside_troubled = healthy_median_ms(sim, healthy, healthy_messages);
    CAPTURE(alone);
    CHECK(beside_troubled <= 2 * alone + 250);
}

// The troubled token's DLRs: each tried once, each with `result`, none dropped.
void check_troubled_attempts(RunningSimulator& sim, const std::string& result) {
    const json record = sim.get_json("/_sim/callbacks?failed=true&limit=100");
    REQUIRE(record["count"] == troubled_messages);
    for (const auto& attempt : record["callbacks"]) {
        CHECK(attempt["payload"]["tokenid"] == "tok-t");
        CHECK(attempt["result"] == result);
        CHECK(attempt["outcome"] == "will_retry");
    }
    CHECK(record["pending"] == troubled_messages);
}

}  // namespace

TEST_CASE("a receiver answering after the timeout delays only its own token's DLRs, and gets them all later") {
    CallbackReceiver slow, healthy;
    slow.set_answer_delay(std::chrono::minutes(1));
    RunningSimulator sim(test_options(two_tokens(slow.url("/dlr"), healthy.url("/dlr"))));
    check_healthy_latency_is_kept(sim, healthy);
    check_troubled_attempts(sim, "timeout");

    slow.set_answer_delay(std::chrono::milliseconds(0));
    sim.advance("1m");  // the first retry
    const json record = sim.get_json("/_sim/callbacks?url=" + slow.url("/dlr") + "&limit=100");
    CHECK(record["pending"] == 0);
    int delivered = 0;
    for (const auto& attempt : record["callbacks"]) delivered += attempt["outcome"] == "delivered";
    CHECK(delivered == troubled_messages);
}

TEST_CASE("a receiver that accepts connections and never answers delays only its own token's DLRs") {
    SilentPort silent;
    CallbackReceiver healthy;
    RunningSimulator sim(test_options(two_tokens(silent.url("/dlr"), healthy.url("/dlr"))));
    check_healthy_latency_is_kept(sim, healthy);
    check_troubled_attempts(sim, "timeout");
}

TEST_CASE("a receiver refusing connections delays no other token's DLRs") {
    CallbackReceiver healthy;
    const std::string dead = "http://127.0.0.1:" + std::to_string(connectel_tests::dead_port()) + "/dlr";
    RunningSimulator sim(test_options(two_tokens(dead, healthy.url("/dlr"))));
    check_healthy_latency_is_kept(sim, healthy);
    check_troubled_attempts(sim, "connection refused");
}

TEST_CASE("loading a scenario while attempts hang at a silent receiver replaces the world; only the new one reports") {
    SilentPort silent;
    CallbackReceiver healthy;
    // A real clock first, so the attempts start at once and hang; then a virtual one, to check.
    sim::Options options = test_options(R"({"name": "hanging", "clock": "real", "tokens": [{"token": "t",
        "dlr": {"url": ")" + silent.url("/dlr") + R"("}}],
        "lifecycle": [{"after": "0s", "status": "DELIVRD"}], "callbacks": {"timeout": "1s"}})");
    options.clock = std::nullopt;
    RunningSimulator sim(std::move(options));
    send(sim, "t", troubled_messages);

    const auto res = sim.client().Put("/_sim/scenario", R"({"name": "fresh", "clock": "virtual", "tokens": [{"token": "t",
        "dlr": {"url": ")" + healthy.url("/dlr") + R"("}}], "lifecycle": [{"after": "0s", "status": "DELIVRD"}]})",
                                      "application/json");
    REQUIRE(res);
    REQUIRE(res->status == 200);
    send(sim, "t", 1);
    sim.advance("0s");
    CHECK(healthy.received().size() == 1);
    const json record = sim.get_json("/_sim/callbacks");
    REQUIRE(record["count"] == 1);
    CHECK(record["callbacks"][0]["url"] == healthy.url("/dlr"));
    CHECK(record["callbacks"][0]["outcome"] == "delivered");
}
