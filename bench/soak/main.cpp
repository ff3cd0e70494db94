// A soak run of connectel-sim: the built binary on --port 0 with a scenario whose DLRs go to a
// healthy, a slow (answers after 10 s) and a dead receiver, driven for DURATION (60 s) at full
// rate by keep-alive clients mixing single and bulk sends, delivery polls and list reads, with
// 10 clients reading GET /_sim/events throughout. Then it waits for every lifecycle and callback
// to end and checks that no callback was lost.
//
//   soak_bench [CONNECTEL_SIM] [--duration S] [--clients N] [--drain-timeout S] [--healthy-only]
//              [--default-bounds]
//
// The audit reads every message and callback attempt back, so the simulator is told to keep
// them all; --default-bounds leaves its bounds as they are, to show a long run's memory, and
// skips the audit.
//
// Exit status 0 when no response was unexpected and no callback lost, 1 otherwise, 2 when the
// run could not be set up.
#include <signal.h>

#include <httplib.h>

#include <algorithm>
#include <connectel/testing.hpp>
#include <cstdio>
#include <memory>
#include <thread>

#include "../bench_report.hpp"
#include "callback_audit.hpp"
#include "event_reader.hpp"
#include "options.hpp"
#include "receivers.hpp"
#include "report.hpp"
#include "rss_sampler.hpp"
#include "scenario.hpp"
#include "traffic.hpp"

#ifndef CONNECTEL_SIM_PATH
#define CONNECTEL_SIM_PATH "connectel-sim"
#endif

namespace {

using bench::Clock;

constexpr int event_readers = 10;
constexpr auto slow_answer_after = std::chrono::seconds(10);

// Waits until the simulator has no lifecycle step, retry or callback attempt left; returns the
// seconds it took, or a negative number after `timeout`. Nothing must be pending twice in a row:
// the two counts are read one after the other, and a step that runs between the reads can leave
// a callback that neither count shows.
double wait_for_drain(httplib::Client& control, std::chrono::seconds timeout) {
    const auto start = Clock::now();
    for (int idle_reads = 0; idle_reads < 2;) {
        if (Clock::now() - start > timeout) return -1;
        std::this_thread::sleep_for(std::chrono::milliseconds(250));
        idle_reads = soak::pending_work(control) == 0 ? idle_reads + 1 : 0;
    }
    return bench::ms_since(start) / 1000;
}

// Everything after the setup: returns the exit status.
int soak_run(const soak::Options& options, soak::RecordingReceiver& healthy, soak::RecordingReceiver& slow,
             connectel::testing::SimulatorProcess& sim) {
    soak::RssSampler rss(sim.pid());
    std::vector<std::unique_ptr<soak::EventReader>> readers;
    for (int i = 0; i < event_readers; ++i)
        readers.push_back(std::make_unique<soak::EventReader>(sim.port()));

    if (options.healthy_only)
        std::printf(
            "2. Traffic: %d clients on keep-alive connections going round their mix at full rate, every\n"
            "   send with the healthy receiver's token (--healthy-only), for %lld s.\n",
            options.clients, static_cast<long long>(options.duration.count()));
    else
        std::printf(
            "2. Traffic: %d clients on keep-alive connections going round their mix at full rate (one\n"
            "   single send in %llu and one bulk in %llu with the dead receiver's token), and one single\n"
            "   send with the slow receiver's token every %lld s, for %lld s.\n",
            options.clients, static_cast<unsigned long long>(soak::dead_single_every),
            static_cast<unsigned long long>(soak::dead_bulk_every),
            static_cast<long long>(soak::slow_send_interval.count()),
            static_cast<long long>(options.duration.count()));
    std::fflush(stdout);
    const auto traffic = soak::drive(sim.port(), options.clients, options.duration, options.healthy_only);
    const auto traffic_end = rss.now();
    std::uint64_t unexpected = soak::report_traffic(traffic);

    httplib::Client control("127.0.0.1", sim.port());
    control.set_read_timeout(120, 0);
    std::printf("3. Drain: every lifecycle step, retry and callback attempt to its end (at most %lld s).\n",
                static_cast<long long>(options.drain_timeout.count()));
    std::fflush(stdout);
    const auto drain_start = Clock::now();
    double drained = -1;
    try {
        drained = wait_for_drain(control, options.drain_timeout);
    } catch (const soak::ControlError& e) {
        std::printf("   %s\n", e.what());
        ++unexpected;
    }
    if (drained < 0)
        std::printf("   not drained: the losses below count what had not happened by then\n\n");
    else
        std::printf("   nothing pending after %.1f s\n\n", drained);
    slow.release();
    const double stream_seconds = traffic.seconds + bench::ms_since(drain_start) / 1000;

    std::printf("4. Event streams, read from before the traffic to the end of the drain:\n");
    std::vector<soak::StreamFigures> streams;
    for (auto& reader : readers) streams.push_back(reader->stop());
    unexpected += soak::report_streams(streams, stream_seconds);
    const auto memory = rss.stop();

    std::printf(
        "5. Callbacks: the messages of each token against what reached its receiver and what\n"
        "   GET /_sim/callbacks has on record.\n");
    std::uint64_t lost = 0;
    if (options.default_bounds)
        std::printf(
            "   Not audited (--default-bounds): the simulator has forgotten the oldest messages and\n"
            "   attempts that awaited nothing, which the audit would count as lost.\n");
    else try {
        const auto healthy_got = healthy.received();
        const auto slow_got = slow.received();
        const auto h = soak::audit_healthy(control, soak::healthy_token.id, "/healthy",
                                           traffic.accepted[soak::healthy], healthy_got.receipts);
        const auto s = soak::audit_failing(control, soak::slow_token.id, "/slow",
                                           traffic.accepted[soak::slow], &slow_got.receipts);
        const auto d =
            soak::audit_failing(control, soak::dead_token.id, "/dead", traffic.accepted[soak::dead], nullptr);
        std::printf("   %-8s %9s %9s %9s %9s %9s %9s %6s\n", "receiver", "accepted", "stored", "final",
                    "DLRs due", "attempts", "failed", "lost");
        soak::report_receiver("healthy", h);
        soak::report_receiver("slow", s);
        soak::report_receiver("dead", d);
        soak::report_delays(h.delays);
        std::printf(
            "   healthy: %llu duplicates, %llu messages with DLRs out of order, %llu DLRs for no message,\n"
            "   %zu payloads that did not parse\n",
            static_cast<unsigned long long>(h.duplicates), static_cast<unsigned long long>(h.out_of_order),
            static_cast<unsigned long long>(h.strays), healthy_got.unparsed);
        std::printf("   slow: %zu attempts reached the receiver; %llu on record never did\n",
                    slow_got.receipts.size(), static_cast<unsigned long long>(s.not_arrived));
        soak::report_details("healthy", h);
        soak::report_details("slow", s);
        soak::report_details("dead", d);
        lost = h.lost + s.lost + d.lost;
        unexpected += h.strays + healthy_got.unparsed + slow_got.unparsed;
    } catch (const std::exception& e) {
        std::printf("   the record could not be read: %s\n", e.what());
        ++unexpected;
    }
    std::printf("\n6. Memory of the simulator:\n");
    soak::report_memory(memory, traffic_end);
    std::printf("   After the audit read its whole record (pages of %d): %.1f MiB\n\n", soak::list_page_size,
                soak::mib(soak::rss_kib(sim.pid())));

    const int exit_status = sim.stop();
    if (exit_status != 0) {
        std::printf("   connectel-sim ended with status %d (0 expected from its SIGTERM at the end)\n\n",
                    exit_status);
        ++unexpected;
    }
    std::uint64_t requests = 0;
    for (const auto& c : traffic.calls) requests += c.count;
    const bool clean = unexpected == 0, whole = options.default_bounds || (lost == 0 && drained >= 0);
    const bool pass =
        bench::print_verdicts({{"unexpected responses", std::to_string(unexpected),
                                std::to_string(requests) + " requests", "-", "0", clean},
                               {"lost callbacks",
                                options.default_bounds ? std::string("not audited")
                                                       : std::to_string(lost) + (drained < 0 ? " (undrained)" : ""),
                                "-", "-", "0", whole}},
                              22, 6);
    return pass ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    ::signal(SIGPIPE, SIG_IGN);  // a connection closed under a write must not end the run
    soak::Options options;
    try {
        options = soak::parse_options(argc, argv, CONNECTEL_SIM_PATH);
    } catch (const soak::UsageError& e) {
        std::fprintf(stderr, "soak_bench: %s\n%s", e.what(), soak::usage);
        return 2;
    }
    std::printf("soak_bench: connectel-sim %s\n", options.simulator.c_str());
    bench::print_load_average(12);
    try {
        soak::RecordingReceiver healthy("/healthy", std::chrono::milliseconds(0), 16);
        // A held answer holds a receiver thread for 10 s; the simulator opens a new connection
        // for each attempt after a timeout.
        soak::RecordingReceiver slow("/slow", slow_answer_after, 64);
        soak::DeadPort dead("/dead");
        connectel::testing::SimulatorOptions sim_options;
        sim_options.binary = options.simulator;
        sim_options.scenario_text = soak::scenario_text(healthy.url(), slow.url(), dead.url());
        sim_options.clock = connectel::testing::ClockMode::Real;
        sim_options.log_level = "error";  // a log line per request would be measured, not the simulator
        if (!options.default_bounds)  // every message and attempt, for the audit
            sim_options.extra_args = {"--max-messages", "1000000000", "--max-store-bytes", "1000000000000"};
        connectel::testing::SimulatorProcess sim(sim_options);
        std::printf(
            "1. connectel-sim --port 0 --clock real --log-level error%s, pid %d, scenario \"soak\" (a "
            "temporary file):\n"
            "   DLRs of token healthy to %s (answers at once), slow to %s (answers after %lld s),\n"
            "   dead to %s (nothing listens); each callback attempt times out after %lld s, and is\n"
            "   retried %u times.\n\n",
            options.default_bounds ? "" : " --max-messages 1000000000 --max-store-bytes 1000000000000",
            static_cast<int>(sim.pid()), healthy.url().c_str(), slow.url().c_str(),
            static_cast<long long>(slow_answer_after.count()), dead.url().c_str(),
            static_cast<long long>(soak::callback_timeout.count()), soak::callback_retries);
        return soak_run(options, healthy, slow, sim);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "soak_bench: %s\n", e.what());
        return 2;
    }
}
