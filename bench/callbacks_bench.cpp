// DLR callback throughput of the simulator's dispatcher and the cost of advancing the virtual
// clock through a gateway's lifecycle steps, each against a baseline measured in the same run.
//
//   callbacks_bench
//
// Everything runs in this process; all traffic is on 127.0.0.1. Exit status 1 when a target is
// missed, 2 on an error (including a check that the work measured was really done).
#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "bench_report.hpp"
#include "callback_receiver.hpp"
#include "callbacks/dispatcher.hpp"
#include "callbacks/payloads.hpp"
#include "clock/scheduler.hpp"
#include "connectel/api/validation.hpp"
#include "gateway/gateway.hpp"
#include "gateway/id_generator.hpp"
#include "http/transport/server_tuning.hpp"
#include "scenario/loader.hpp"

namespace {

using bench::Clock;
using bench::format;
using bench::ms_since;
using bench::Verdict;

// Each measurement alternates with its baseline, after one unreported warm-up run of each (the
// first run pays for page faults, thread stacks and connections); the median is reported.
constexpr int runs = 3;
constexpr std::size_t callback_count = 20'000;
// One receiver: it gets as many attempts in flight as the Dispatcher allows one receiver.
constexpr std::size_t receiver_threads = sim::callbacks::Dispatcher::default_per_receiver;
constexpr std::size_t message_count = 50'000;
constexpr std::size_t bulk_size = 1'000;
constexpr std::size_t lifecycle_steps = 2;

constexpr double callbacks_target_per_s = 5'000;
constexpr double advance_target_ms = 1'000;

const sim::Time epoch{std::chrono::seconds(1577836800)};

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    const std::size_t n = values.size();
    return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

void print_runs(const char* what, const std::vector<double>& values, const char* unit) {
    std::printf("   %-34s", what);
    for (double v : values) std::printf(" %9.0f", v);
    std::printf(" %s (median %.0f)\n", unit, median(values));
}

void require(bool condition, const std::string& what) {
    if (!condition) throw std::runtime_error(what);
}

// A customer's DLR endpoint: the tests' receiver (answers 200 to every POST and records it),
// with the simulator's default server threads.
using Receiver = connectel_tests::CallbackReceiver;

// Waits until `count` POSTs arrived since the receiver was cleared; a lost callback fails
// instead of hanging.
void wait_for_all(Receiver& receiver, std::size_t count) {
    if (!receiver.wait_for(count, std::chrono::seconds(60)))
        throw std::runtime_error("the receiver got " + std::to_string(receiver.received_count()) + " of " +
                                 std::to_string(count) + " POSTs within 60 s");
}

// DLRs as the simulator builds them: one per message, each keyed by its own request-id.
std::vector<sim::callbacks::Callback> make_dlrs(const std::string& url) {
    sim::gateway::IdGenerator ids(1);
    const sim::scenario::CallbackTarget target{url, sim::scenario::PayloadFormat::Json};
    std::vector<sim::callbacks::Callback> out;
    out.reserve(callback_count);
    for (std::size_t i = 0; i < callback_count; ++i) {
        connectel::api::Dlr dlr;
        dlr.requestid = ids.request_id(epoch, static_cast<std::uint32_t>(i));
        dlr.tokenid = "bench";
        dlr.status = connectel::api::StatusField::of(connectel::Status::Delivered);
        dlr.sender = "IKEA";
        dlr.recipient = std::to_string(46700000000LL + static_cast<long long>(i));
        dlr.date = sim::format_date(epoch);
        dlr.status_desc = "Delivered";
        out.push_back(sim::callbacks::dlr_callback(target, dlr, false));
    }
    return out;
}

// The dispatcher on a started real clock: from the first enqueue to the last callback recorded.
double dispatcher_rate(Receiver& receiver, const std::vector<sim::callbacks::Callback>& dlrs) {
    sim::Scheduler scheduler(sim::ClockSetting{}, epoch);
    scheduler.start();
    std::atomic<int> warnings{0};
    sim::callbacks::Dispatcher dispatcher(
        scheduler, sim::callbacks::RetryPolicy{}, [&](const std::string&) { ++warnings; },
        receiver_threads);
    receiver.clear();
    const auto start = Clock::now();
    for (const auto& dlr : dlrs) dispatcher.enqueue(dlr);
    wait_for_all(receiver, dlrs.size());
    dispatcher.wait_idle();  // the last answers are read and recorded
    const double ms = ms_since(start);
    require(dispatcher.pending() == 0, "callbacks still pending after the receiver got them all");
    const auto attempts = dispatcher.attempts();
    require(attempts.size() == dlrs.size() && warnings == 0 && receiver.received_count() == dlrs.size(),
            "the dispatcher made " + std::to_string(attempts.size()) + " attempts for " +
                std::to_string(dlrs.size()) + " callbacks (" + std::to_string(receiver.received_count()) +
                " received)");
    for (const auto& attempt : attempts)
        require(attempt.outcome == sim::callbacks::Attempt::Outcome::Delivered,
                "an attempt was not delivered: " + attempt.result);
    return static_cast<double>(dlrs.size()) * 1000 / ms;
}

// The wire alone: as many keep-alive clients as the dispatcher has threads for the receiver,
// taking the same bodies from one shared counter, as those threads take from its queue.
double baseline_rate(Receiver& receiver, const std::vector<sim::callbacks::Callback>& dlrs) {
    receiver.clear();
    std::atomic<std::size_t> next{0};
    std::atomic<std::size_t> failed{0};
    const auto start = Clock::now();
    std::vector<std::thread> threads;
    for (std::size_t t = 0; t < receiver_threads; ++t)
        threads.emplace_back([&] {
            httplib::Client client("127.0.0.1", receiver.port());
            client.set_keep_alive(true);
            client.set_tcp_nodelay(true);
            for (std::size_t i = next++; i < dlrs.size(); i = next++) {
                const auto result = client.Post("/dlr", dlrs[i].body, dlrs[i].content_type);
                if (!result || result->status != 200) ++failed;
            }
        });
    for (auto& thread : threads) thread.join();
    wait_for_all(receiver, dlrs.size());
    const double ms = ms_since(start);
    require(failed == 0, std::to_string(failed.load()) + " baseline POSTs failed");
    return static_cast<double>(dlrs.size()) * 1000 / ms;
}

Verdict bench_callbacks() {
    std::printf(
        "1. DLR callbacks: %zu JSON DLRs with distinct order keys enqueued on a Dispatcher (%zu threads for\n"
        "   the one receiver, started real-clock Scheduler) and POSTed to a cpp-httplib receiver on 127.0.0.1 in this\n"
        "   process, answering 200; timed from the first enqueue until all are received and recorded.\n"
        "   Baseline: the same POSTs from %zu plain keep-alive httplib::Clients. A warm-up, then %d runs\n"
        "   each, alternating.\n",
        callback_count, receiver_threads, receiver_threads, runs);
    Receiver receiver(0, 0);
    const auto dlrs = make_dlrs(receiver.url("/dlr"));
    std::vector<double> dispatched, bare;
    for (int i = -1; i < runs; ++i) {
        const double b = baseline_rate(receiver, dlrs), d = dispatcher_rate(receiver, dlrs);
        if (i < 0) continue;  // the warm-up
        bare.push_back(b);
        dispatched.push_back(d);
    }
    print_runs("plain httplib::Client x8", bare, "callbacks/s");
    print_runs("sim::callbacks::Dispatcher", dispatched, "callbacks/s");
    std::printf("\n");
    const double d = median(dispatched), b = median(bare);
    return {"DLR callbacks delivered (median)",
            format("%.0f/s", d),
            format("%.0f/s bare", b),
            format("%.2fx", d / b),
            format(">= %.0f/s", callbacks_target_per_s),
            d >= callbacks_target_per_s};
}

// One advance() through every lifecycle step of `message_count` messages, accepted in bulks.
double gateway_advance_ms() {
    const auto scenario = std::make_shared<const sim::scenario::Scenario>(sim::scenario::load_scenario(
        R"({"name": "bench",
            "lifecycle": [{"after": "1s", "status": "ENROUTE"}, {"after": "2s", "status": "DELIVRD"}]})",
        "bench"));
    sim::Scheduler scheduler(sim::ClockSetting{sim::ClockSetting::Kind::Virtual, 1.0}, epoch);
    // No tokens in the scenario: any token is accepted and none has a DLR URL, so no status
    // listener is needed (the simulator's would return at once) and no callback is made.
    sim::gateway::Gateway gateway(scenario, scheduler, 1);
    const std::string token = "bench", sender = "IKEA", text = "Hello";
    require(gateway.authenticate(token) == sim::gateway::Gateway::Auth::Accepted, "the token is refused");
    require(!connectel::api::check_sender(sender) && !connectel::api::check_message(text), "invalid request");
    for (std::size_t b = 0; b < message_count / bulk_size; ++b) {
        std::vector<connectel::api::BulkRecipient> recipients;
        for (std::size_t i = 0; i < bulk_size; ++i)
            recipients.push_back({"K" + std::to_string(i + 1),
                                  std::to_string(46700000000LL + static_cast<long long>(b * bulk_size + i))});
        require(!connectel::api::check_bulk_recipients(recipients), "invalid bulk recipients");
        connectel::api::SendRequest request;
        request.token = token;
        request.sender = sender;
        request.message = text;
        request.bulk = true;
        request.recipients = std::move(recipients);
        const auto accepted = gateway.accept_bulk(request);
        require(accepted.request_ids.size() == bulk_size, "a bulk was not stored");
    }
    require(scheduler.pending() == message_count, "not one first step per message");

    const auto start = Clock::now();
    const std::size_t ran = scheduler.advance(std::chrono::seconds(5));
    const double ms = ms_since(start);

    require(ran == message_count * lifecycle_steps, "advance ran " + std::to_string(ran) + " tasks, not " +
                                                        std::to_string(message_count * lifecycle_steps));
    const auto messages = gateway.messages({});
    require(messages.size() == message_count, "messages lost");
    for (const auto& message : messages)
        require(message.history.size() == 1 + lifecycle_steps &&
                    message.current().status == connectel::Status::Delivered,
                "message " + message.request_id + " did not end DELIVRD after its two steps");
    return ms;
}

// The scheduler alone: the same number of tasks at the same due times, doing nothing.
double scheduler_advance_ms() {
    sim::Scheduler scheduler(sim::ClockSetting{sim::ClockSetting::Kind::Virtual, 1.0}, epoch);
    std::size_t done = 0;
    for (std::size_t i = 0; i < message_count; ++i) {
        scheduler.at(epoch + std::chrono::seconds(1), [&done] { ++done; });
        scheduler.at(epoch + std::chrono::seconds(2), [&done] { ++done; });
    }
    const auto start = Clock::now();
    const std::size_t ran = scheduler.advance(std::chrono::seconds(5));
    const double ms = ms_since(start);
    require(ran == message_count * lifecycle_steps && done == ran, "the baseline did not run every task");
    return ms;
}

Verdict bench_advance() {
    std::printf(
        "2. Virtual clock: a Gateway accepts %zu messages (%zu bulks of %zu) under a two-step lifecycle\n"
        "   (ENROUTE at 1s, DELIVRD at 2s); then ONE Scheduler::advance(5s) runs all %zu steps.\n"
        "   Baseline: a bare virtual Scheduler with %zu no-op tasks at the same due times, advanced\n"
        "   the same way. A warm-up, then %d runs each, alternating.\n",
        message_count, message_count / bulk_size, bulk_size, message_count * lifecycle_steps,
        message_count * lifecycle_steps, runs);
    std::vector<double> gateway_ms, bare_ms;
    for (int i = -1; i < runs; ++i) {
        const double b = scheduler_advance_ms(), g = gateway_advance_ms();
        if (i < 0) continue;  // the warm-up
        bare_ms.push_back(b);
        gateway_ms.push_back(g);
    }
    const auto row = [](const char* what, const std::vector<double>& values) {
        std::printf("   %-34s", what);
        for (double v : values) std::printf(" %8.1f ms", v);
        std::printf(" (median %.1f ms)\n", median(values));
    };
    row("bare Scheduler, no-op tasks", bare_ms);
    row("Gateway lifecycle steps", gateway_ms);
    const double g = median(gateway_ms), b = median(bare_ms);
    const double steps = static_cast<double>(message_count * lifecycle_steps);
    std::printf("   steps/s: %.0f with the gateway, %.0f bare\n\n", steps * 1000 / g, steps * 1000 / b);
    return {"advance through 100,000 steps (median)",
            format("%.1f ms", g),
            format("%.1f ms bare", b),
            format("%.1fx", g / b),
            format("< %.0f ms", advance_target_ms),
            g < advance_target_ms};
}

}  // namespace

int main() {
    std::printf("callbacks_bench: the callback dispatcher and the virtual clock, in-process\n");
    bench::print_load_average(17);
    std::vector<Verdict> verdicts;
    try {
        verdicts.push_back(bench_callbacks());
        verdicts.push_back(bench_advance());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "callbacks_bench: %s\n", e.what());
        return 2;
    }
    return bench::print_verdicts(verdicts, 40, 11) ? 0 : 1;
}
