// The soak run's printed report: a section's figures each, and the counts the verdict needs.
#pragma once

#include <cstdint>
#include <vector>

#include "callback_audit.hpp"
#include "event_reader.hpp"
#include "rss_sampler.hpp"
#include "traffic.hpp"

namespace soak {

// The q-quantile (0 to 1) of `values`, by rank; 0 for none.
double quantile(std::vector<double> values, double q);
double mib(long long kib);

// The per-call table; returns the unexpected responses (wrong answers and no answers).
std::uint64_t report_traffic(const TrafficResult& traffic);
// The streams' figures; returns the unexpected ones (not 200, ended early, silent gaps).
std::uint64_t report_streams(const std::vector<StreamFigures>& streams, double seconds);
// One receiver's row of the callbacks table.
void report_receiver(const char* name, const ReceiverAudit& audit);
// Its attempts' results and the first losses.
void report_details(const char* name, const ReceiverAudit& audit);
// The healthy DLRs' latency, overall and by 10 s of final statuses.
void report_delays(const std::vector<DlrDelay>& delays);
// Start, peak and end of VmRSS, and a sample every 10 s.
void report_memory(const std::vector<RssSample>& samples, const RssSample& traffic_end);

}  // namespace soak
