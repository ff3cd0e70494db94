// After the run: whether every DLR the simulator owed reached the healthy receiver, and whether
// every attempt at the slow and the dead receivers is in GET /_sim/callbacks. Nothing may be
// lost: a DLR due and never received or tried, a callback whose attempts stop short of its
// retries, an attempt that reached the slow receiver but is not on record, or a message accepted
// and not stored.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "receivers.hpp"
#include "sim_lists.hpp"

namespace soak {

// How long a final status took to reach the healthy receiver as a DLR.
struct DlrDelay {
    std::chrono::system_clock::time_point final_at;  // the status change, on the simulator's clock
    double ms;                                       // from then to the DLR's arrival
};

struct ReceiverAudit {
    std::uint64_t accepted = 0;  // messages of the token the clients had accepted
    std::uint64_t stored = 0;    // messages of the token GET /_sim/messages lists
    std::uint64_t final = 0;     // of those, with a final status
    std::uint64_t dlrs_due = 0;  // status changes after acceptance, of the final ones
    std::uint64_t lost = 0;      // see above
    std::uint64_t attempts = 0;  // on record for this receiver
    std::uint64_t attempts_not_delivered = 0;
    std::uint64_t callbacks = 0;     // failing receivers: callbacks on record
    std::uint64_t duplicates = 0;    // healthy: DLRs received more than once (at least once is allowed)
    std::uint64_t strays = 0;        // healthy: DLRs received for no message of the token
    std::uint64_t out_of_order = 0;  // healthy: messages whose DLRs came in another order
    std::uint64_t not_arrived = 0;   // slow: attempts on record that never reached the receiver
    std::map<std::string, std::uint64_t> results;  // failing receivers: each attempt's result
    std::vector<DlrDelay> delays;                  // healthy: one per final status received
    std::vector<std::string> examples;             // the first few losses, to say what was lost
};

// `url_part` is the receiver's path, which GET /_sim/callbacks?url= finds its attempts by.
ReceiverAudit audit_healthy(httplib::Client& control, const std::string& token_id,
                            const std::string& url_part, std::uint64_t accepted,
                            const std::vector<Receipt>& receipts);
// `arrivals`: what reached the receiver; null for a dead port, where nothing can arrive.
ReceiverAudit audit_failing(httplib::Client& control, const std::string& token_id,
                            const std::string& url_part, std::uint64_t accepted,
                            const std::vector<Receipt>* arrivals);

}  // namespace soak
