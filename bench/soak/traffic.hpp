// The soak run's load: client threads on keep-alive connections, each going round a fixed mix
// of single sends (form and JSON), bulk sends, delivery polls, list reads and an invalid send,
// as fast as the simulator answers; and one paced sender for the slow receiver's token. Every
// answer is checked against what that call must give.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace soak {

enum class Call : std::size_t {
    FormSend,       // POST /api/v2/send/, one recipient, a form: 200 with a requestid
    JsonSend,       // the same as JSON
    BulkSend,       // POST /api/v2/send/ with "bulk": true: 200 with a requestid per member
    DeliveryPoll,   // GET /api/v2/delivery/?requestid=: 200, the report of an id this client got
    StatusPoll,     // GET /api/status/?message= (the legacy endpoint `href` points to): 200
    MessagesList,   // GET /_sim/messages?order=desc&limit=100: 200
    CallbacksList,  // GET /_sim/callbacks?order=desc&limit=100: 200
    InvalidSend,    // a send with a 3-digit recipient: 400 naming the field "recipient"
};
inline constexpr std::size_t call_kinds = 8;
const char* call_name(Call call);

// What one kind of call got.
struct CallStats {
    std::uint64_t count = 0;
    std::uint64_t wrong_answers = 0;     // another status, or a body that is not what the call gives
    std::uint64_t transport_errors = 0;  // no answer at all (refused, reset, timed out)
    std::vector<float> latency_ms;       // one per call
    std::string first_problem;           // the first unexpected answer, for the report
};

// Indexed like the tokens: healthy, slow, dead.
enum TokenIndex : std::size_t { healthy, slow, dead };

struct TrafficResult {
    std::array<CallStats, call_kinds> calls;
    std::array<std::uint64_t, 3> accepted{};  // messages the simulator accepted, per token
    double seconds = 0;                       // from the first call to the last answer
};

// Which sends go to the dead receiver's token: every 25th single send and every 8th bulk.
inline constexpr std::uint64_t dead_single_every = 25;
inline constexpr std::uint64_t dead_bulk_every = 8;

// The slow token's sends are paced: each of its DLR attempts holds one of the simulator's
// callback workers for the whole 2 s timeout, so a full rate of them would measure nothing but
// how long a queue of timeouts takes.
inline constexpr auto slow_send_interval = std::chrono::seconds(2);

// Drives the simulator on 127.0.0.1:`port` with `clients` threads (and the paced sender, unless
// `healthy_only`) for `duration`; returns once every thread has had its last answer. With
// `healthy_only`, every send is the healthy receiver's token's.
TrafficResult drive(int port, int clients, std::chrono::seconds duration, bool healthy_only);

}  // namespace soak
