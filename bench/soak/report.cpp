#include "report.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>

namespace soak {

double quantile(std::vector<double> values, double q) {
    if (values.empty()) return 0;
    std::sort(values.begin(), values.end());
    const auto rank = static_cast<std::size_t>(q * static_cast<double>(values.size()));
    return values[std::min(rank, values.size() - 1)];
}

double mib(long long kib) {
    return static_cast<double>(kib) / 1024;
}

std::uint64_t report_traffic(const TrafficResult& traffic) {
    std::printf("   %-27s %9s %8s %10s %9s %8s %8s %8s\n", "call", "requests", "per s", "unexpected",
                "no answer", "p50 ms", "p99 ms", "max ms");
    std::uint64_t requests = 0, unexpected = 0;
    for (std::size_t k = 0; k < call_kinds; ++k) {
        const auto& stats = traffic.calls[k];
        const std::vector<double> ms(stats.latency_ms.begin(), stats.latency_ms.end());
        std::printf("   %-27s %9llu %8.0f %10llu %9llu %8.2f %8.2f %8.1f\n", call_name(static_cast<Call>(k)),
                    static_cast<unsigned long long>(stats.count),
                    static_cast<double>(stats.count) / traffic.seconds,
                    static_cast<unsigned long long>(stats.wrong_answers),
                    static_cast<unsigned long long>(stats.transport_errors), quantile(ms, 0.5),
                    quantile(ms, 0.99), quantile(ms, 1));
        requests += stats.count;
        unexpected += stats.wrong_answers + stats.transport_errors;
    }
    std::printf("   %-27s %9llu %8.0f %10llu\n", "all", static_cast<unsigned long long>(requests),
                static_cast<double>(requests) / traffic.seconds, static_cast<unsigned long long>(unexpected));
    for (std::size_t k = 0; k < call_kinds; ++k)
        if (!traffic.calls[k].first_problem.empty())
            std::printf("   first unexpected %s: %s\n", call_name(static_cast<Call>(k)),
                        traffic.calls[k].first_problem.c_str());
    std::printf("   messages accepted: healthy %llu, slow %llu, dead %llu\n\n",
                static_cast<unsigned long long>(traffic.accepted[healthy]),
                static_cast<unsigned long long>(traffic.accepted[slow]),
                static_cast<unsigned long long>(traffic.accepted[dead]));
    return unexpected;
}

std::uint64_t report_streams(const std::vector<StreamFigures>& streams, double seconds) {
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

void report_receiver(const char* name, const ReceiverAudit& a) {
    std::printf("   %-8s %9llu %9llu %9llu %9llu %9llu %9llu %6llu\n", name,
                static_cast<unsigned long long>(a.accepted), static_cast<unsigned long long>(a.stored),
                static_cast<unsigned long long>(a.final), static_cast<unsigned long long>(a.dlrs_due),
                static_cast<unsigned long long>(a.attempts),
                static_cast<unsigned long long>(a.attempts_not_delivered),
                static_cast<unsigned long long>(a.lost));
}

void report_details(const char* name, const ReceiverAudit& a) {
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
void report_delays(const std::vector<DlrDelay>& delays) {
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

// Start, peak and end: from before the first request to the end of the drain.
void report_memory(const std::vector<RssSample>& samples, const RssSample& traffic_end) {
    // About 6 to 60 figures a line, for a minute's run or an hour's.
    const double total = samples.back().seconds;
    const double step = total <= 600 ? 10 : total <= 1800 ? 30 : 60;
    const auto peak = *std::max_element(samples.begin(), samples.end(),
                                        [](const auto& a, const auto& b) { return a.kib < b.kib; });
    std::printf(
        "   VmRSS every %lld ms: start %.1f MiB, peak %.1f MiB (at %.0f s), at the traffic's end %.1f MiB,\n"
        "   at the drain's end %.1f MiB. Every %.0f s:",
        static_cast<long long>(RssSampler::interval.count()), mib(samples.front().kib), mib(peak.kib),
        peak.seconds, mib(traffic_end.kib), mib(samples.back().kib), step);
    double next = 0;
    for (const auto& s : samples)
        if (s.seconds >= next) {
            std::printf(" %.0f", mib(s.kib));
            next += step;
        }
    std::printf(" MiB\n");
}

}  // namespace soak
