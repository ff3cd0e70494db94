// A soak run of connectel-sim: the built binary on --port 0 with a scenario whose DLRs go to a
// healthy, a slow (answers after 10 s) and a dead receiver, driven for DURATION (60 s) at full
// rate by keep-alive clients mixing single and bulk sends, delivery polls and list reads, with
// 10 clients reading GET /_sim/events throughout. Then it waits for every lifecycle and callback
// to end and checks that no callback was lost.
//
//   soak_bench [CONNECTEL_SIM] [--duration S] [--clients N] [--drain-timeout S]
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

// The q-quantile (0 to 1) of `values`, by rank; 0 for none.
double quantile(std::vector<double> values, double q) {
    if (values.empty()) return 0;
    std::sort(values.begin(), values.end());
    const auto rank = static_cast<std::size_t>(q * static_cast<double>(values.size()));
    return values[std::min(rank, values.size() - 1)];
}

double mib(long long kib) {
    return static_cast<double>(kib) / 1024;
}

// Prints the per-call table; returns the unexpected responses (wrong answers and no answers).
std::uint64_t report_traffic(const soak::TrafficResult& traffic) {
    std::printf("   %-27s %9s %8s %10s %9s %8s %8s %8s\n", "call", "requests", "per s", "unexpected",
                "no answer", "p50 ms", "p99 ms", "max ms");
    std::uint64_t requests = 0, unexpected = 0;
    for (std::size_t k = 0; k < soak::call_kinds; ++k) {
        const auto& stats = traffic.calls[k];
        const std::vector<double> ms(stats.latency_ms.begin(), stats.latency_ms.end());
        std::printf("   %-27s %9llu %8.0f %10llu %9llu %8.2f %8.2f %8.1f\n",
                    soak::call_name(static_cast<soak::Call>(k)), static_cast<unsigned long long>(stats.count),
                    static_cast<double>(stats.count) / traffic.seconds,
                    static_cast<unsigned long long>(stats.wrong_answers),
                    static_cast<unsigned long long>(stats.transport_errors), quantile(ms, 0.5),
                    quantile(ms, 0.99), quantile(ms, 1));
        requests += stats.count;
        unexpected += stats.wrong_answers + stats.transport_errors;
    }
    std::printf("   %-27s %9llu %8.0f %10llu\n", "all", static_cast<unsigned long long>(requests),
                static_cast<double>(requests) / traffic.seconds, static_cast<unsigned long long>(unexpected));
    for (std::size_t k = 0; k < soak::call_kinds; ++k)
        if (!traffic.calls[k].first_problem.empty())
            std::printf("   first unexpected %s: %s\n", soak::call_name(static_cast<soak::Call>(k)),
                        traffic.calls[k].first_problem.c_str());
    std::printf("   messages accepted: healthy %llu, slow %llu, dead %llu\n\n",
                static_cast<unsigned long long>(traffic.accepted[soak::healthy]),
                static_cast<unsigned long long>(traffic.accepted[soak::slow]),
                static_cast<unsigned long long>(traffic.accepted[soak::dead]));
    return unexpected;
}

// Prints the streams' figures; returns the unexpected ones (not 200, ended early, silent gaps).
std::uint64_t report_streams(const std::vector<soak::StreamFigures>& streams, double seconds) {
    std::uint64_t least = UINT64_MAX, most = 0, bytes = 0, resyncs = 0, dropped = 0, unexpected = 0;
    for (const auto& s : streams) {
        least = std::min(least, s.events);
        most = std::max(most, s.events);
        bytes += s.bytes;
        resyncs += s.resyncs;
        dropped += s.dropped;
        unexpected += (s.http_status != 200) + s.ended_early + s.silent_gaps;
        if (s.http_status != 200) std::printf("   a stream was answered HTTP %d\n", s.http_status);
        if (s.ended_early) std::printf("   a stream ended before the run did\n");
    }
    std::printf(
        "   %zu streams: %llu to %llu events each (%.0f events/s), %.1f MB in all; %llu resyncs (%llu "
        "events\n"
        "   dropped for a reader that fell behind); ids that jumped without a resync: %llu\n\n",
        streams.size(), static_cast<unsigned long long>(least), static_cast<unsigned long long>(most),
        static_cast<double>(most) / seconds, static_cast<double>(bytes) / 1e6,
        static_cast<unsigned long long>(resyncs), static_cast<unsigned long long>(dropped),
        static_cast<unsigned long long>(unexpected));
    return unexpected;
}

void report_receiver(const char* name, const soak::ReceiverAudit& a) {
    std::printf("   %-8s %9llu %9llu %9llu %9llu %9llu %9llu %6llu\n", name,
                static_cast<unsigned long long>(a.accepted), static_cast<unsigned long long>(a.stored),
                static_cast<unsigned long long>(a.final), static_cast<unsigned long long>(a.dlrs_due),
                static_cast<unsigned long long>(a.attempts),
                static_cast<unsigned long long>(a.attempts_not_delivered),
                static_cast<unsigned long long>(a.lost));
}

void report_details(const char* name, const soak::ReceiverAudit& a) {
    if (!a.results.empty()) {
        std::printf("   %s attempts' results:", name);
        for (const auto& [result, count] : a.results)
            std::printf(" %s %llu;", result.c_str(), static_cast<unsigned long long>(count));
        std::printf(" in %llu callbacks\n", static_cast<unsigned long long>(a.callbacks));
    }
    for (const auto& example : a.examples) std::printf("   %s lost: %s\n", name, example.c_str());
}

// The healthy DLRs' latency, overall and by when the status changed: a latency that grows from
// one window to the next is a queue that does not keep up.
void report_delays(const std::vector<soak::DlrDelay>& delays) {
    std::vector<double> all;
    for (const auto& d : delays) all.push_back(d.ms);
    std::printf(
        "   healthy: DLR latency from the final status to its arrival: median %.1f ms, p99 %.1f ms,\n"
        "   max %.1f ms (%zu DLRs); median by 10 s of final statuses:",
        quantile(all, 0.5), quantile(all, 0.99), quantile(all, 1), all.size());
    if (delays.empty()) return (void)std::printf(" -\n");
    const auto first = std::min_element(delays.begin(), delays.end(), [](const auto& a, const auto& b) {
                           return a.final_at < b.final_at;
                       })->final_at;
    std::vector<std::vector<double>> windows;
    for (const auto& d : delays) {
        const auto window =
            static_cast<std::size_t>(std::chrono::duration<double>(d.final_at - first).count() / 10);
        if (window >= windows.size()) windows.resize(window + 1);
        windows[window].push_back(d.ms);
    }
    for (const auto& window : windows) std::printf(" %.0f", quantile(window, 0.5));
    std::printf(" ms\n");
}

// Waits until the simulator has no lifecycle step, retry or callback attempt left; returns the
// seconds it took, or a negative number after `timeout`.
double wait_for_drain(httplib::Client& control, std::chrono::seconds timeout) {
    const auto start = Clock::now();
    while (soak::pending_work(control) != 0) {
        if (Clock::now() - start > timeout) return -1;
        std::this_thread::sleep_for(std::chrono::milliseconds(250));
    }
    return bench::ms_since(start) / 1000;
}

// Start, peak and end: from before the first request to the end of the drain.
void report_memory(const std::vector<soak::RssSample>& samples, const soak::RssSample& traffic_end) {
    const auto peak = *std::max_element(samples.begin(), samples.end(),
                                        [](const auto& a, const auto& b) { return a.kib < b.kib; });
    std::printf(
        "   VmRSS every %lld ms: start %.1f MiB, peak %.1f MiB (at %.0f s), at the traffic's end %.1f MiB,\n"
        "   at the drain's end %.1f MiB. Every 10 s:",
        static_cast<long long>(soak::RssSampler::interval.count()), mib(samples.front().kib), mib(peak.kib),
        peak.seconds, mib(traffic_end.kib), mib(samples.back().kib));
    double next = 0;
    for (const auto& s : samples)
        if (s.seconds >= next) {
            std::printf(" %.0f", mib(s.kib));
            next += 10;
        }
    std::printf(" MiB\n");
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
    std::uint64_t unexpected = report_traffic(traffic);

    httplib::Client control("127.0.0.1", sim.port());
    control.set_read_timeout(120, 0);
    std::printf("3. Drain: every lifecycle step, retry and callback attempt to its end (at most %lld s).\n",
                static_cast<long long>(options.drain_timeout.count()));
    std::fflush(stdout);
    const auto drain_start = Clock::now();
    const double drained = wait_for_drain(control, options.drain_timeout);
    if (drained < 0)
        std::printf("   still pending after %lld s: the losses below count what had not happened by then\n\n",
                    static_cast<long long>(options.drain_timeout.count()));
    else
        std::printf("   nothing pending after %.1f s\n\n", drained);
    slow.release();
    const double stream_seconds = traffic.seconds + bench::ms_since(drain_start) / 1000;

    std::printf("4. Event streams, read from before the traffic to the end of the drain:\n");
    std::vector<soak::StreamFigures> streams;
    for (auto& reader : readers) streams.push_back(reader->stop());
    unexpected += report_streams(streams, stream_seconds);
    const auto memory = rss.stop();

    std::printf(
        "5. Callbacks: the messages of each token against what reached its receiver and what\n"
        "   GET /_sim/callbacks has on record.\n");
    std::uint64_t lost = 0;
    try {
        const auto h = soak::audit_healthy(control, soak::healthy_token.id, "/healthy",
                                           traffic.accepted[soak::healthy], healthy.receipts());
        const auto slow_receipts = slow.receipts();
        const auto s = soak::audit_failing(control, soak::slow_token.id, "/slow",
                                           traffic.accepted[soak::slow], &slow_receipts);
        const auto d =
            soak::audit_failing(control, soak::dead_token.id, "/dead", traffic.accepted[soak::dead], nullptr);
        std::printf("   %-8s %9s %9s %9s %9s %9s %9s %6s\n", "receiver", "accepted", "stored", "final",
                    "DLRs due", "attempts", "failed", "lost");
        report_receiver("healthy", h);
        report_receiver("slow", s);
        report_receiver("dead", d);
        report_delays(h.delays);
        std::printf(
            "   healthy: %llu duplicates, %llu messages with DLRs out of order, %llu DLRs for no message,\n"
            "   %zu payloads that did not parse\n",
            static_cast<unsigned long long>(h.duplicates), static_cast<unsigned long long>(h.out_of_order),
            static_cast<unsigned long long>(h.strays), healthy.unparsed());
        std::printf("   slow: %zu attempts reached the receiver; %llu on record never did\n",
                    slow_receipts.size(), static_cast<unsigned long long>(s.not_arrived));
        report_details("healthy", h);
        report_details("slow", s);
        report_details("dead", d);
        lost = h.lost + s.lost + d.lost;
        unexpected += h.strays + healthy.unparsed() + slow.unparsed();
    } catch (const std::exception& e) {
        std::printf("   the record could not be read: %s\n", e.what());
        ++unexpected;
    }
    std::printf("\n6. Memory of the simulator:\n");
    report_memory(memory, traffic_end);
    std::printf("   After the audit read its whole record (pages of %d): %.1f MiB\n\n", soak::list_page_size,
                mib(soak::rss_kib(sim.pid())));

    const int exit_status = sim.stop();
    if (exit_status != 0) {
        std::printf("   connectel-sim exited with status %d on SIGTERM (0 expected)\n\n", exit_status);
        ++unexpected;
    }
    std::uint64_t requests = 0;
    for (const auto& c : traffic.calls) requests += c.count;
    const bool clean = unexpected == 0, whole = lost == 0 && drained >= 0;
    const bool pass =
        bench::print_verdicts({{"unexpected responses", std::to_string(unexpected),
                                std::to_string(requests) + " requests", "-", "0", clean},
                               {"lost callbacks", std::to_string(lost) + (drained < 0 ? " (undrained)" : ""),
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
        connectel::testing::SimulatorProcess sim(sim_options);
        std::printf(
            "1. connectel-sim --port 0 --clock real --log-level error, pid %d, scenario \"soak\" (a "
            "temporary file):\n"
            "   DLRs of token healthy to %s (answers at once), slow to %s (answers after %lld s),\n"
            "   dead to %s (nothing listens); each callback attempt times out after %lld s, and is\n"
            "   retried %u times.\n\n",
            static_cast<int>(sim.pid()), healthy.url().c_str(), slow.url().c_str(),
            static_cast<long long>(slow_answer_after.count()), dead.url().c_str(),
            static_cast<long long>(soak::callback_timeout.count()), soak::callback_retries);
        return soak_run(options, healthy, slow, sim);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "soak_bench: %s\n", e.what());
        return 2;
    }
}
