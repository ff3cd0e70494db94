// Delivers the simulator's callbacks (DLRs, inbound SMS) at least once, with retries on the clock.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "clock/scheduler.hpp"
#include "clock/sim_time.hpp"
#include "paging.hpp"
#include "scenario/retry_policy.hpp"
#include "store_limits.hpp"

namespace sim::state {
struct Batch;
struct SavedState;
}  // namespace sim::state

namespace sim::callbacks {

// The scenario says how callbacks are retried; the dispatcher applies it.
using scenario::RetryPolicy;

// The wait before the n-th retry (n >= 1): backoff * 2^(n-1), capped at max_backoff.
Duration retry_delay(const RetryPolicy& policy, unsigned n);

enum class Kind { Dlr, Inbound };
const char* to_string(Kind kind);

// Which of a scenario's callback faults made a delivery (callbacks/fault_injector.hpp), if one.
enum class Injected : unsigned char { None, Duplicate, Reorder, Delay, Early };
const char* to_string(Injected fault);  // "duplicate", ...; nullptr for None

struct Callback {
    Kind kind;
    std::string url;           // http://HOST:PORT/path (https: a failed attempt whose result says so)
    std::string content_type;  // "application/json" or "application/x-www-form-urlencoded"
    std::string body;
    std::string order_key;  // same key: one at a time, in enqueue order (a message's request-id)
    std::string token_id{};  // the token it is for: what lists filter by, and a token's reset forgets
    Injected fault = Injected::None;
};

struct Attempt {
    std::uint64_t callback_id;  // 1, 2, ... per enqueued callback
    unsigned number;            // 1 for the first attempt
    Kind kind;
    std::string url, content_type, body, order_key;
    Time at;                // simulator time the attempt started
    int http_status = 0;    // 0 when there was no HTTP answer
    std::string result;     // "delivered", "http 503", "timeout", "connection refused", ...
    double latency_ms = 0;  // real time of the attempt
    enum class Outcome { Delivered, WillRetry, Failed } outcome;
    std::optional<Time> retry_at;  // when WillRetry
    std::uint64_t id = 0;          // 1, 2, ... in the order attempts finished: a paging cursor
    std::string token_id{};
    Injected fault = Injected::None;

    bool forgotten() const noexcept { return id == 0; }  // a token's reset forgot it
};
const char* to_string(Attempt::Outcome outcome);

struct AttemptFilter {
    bool failed_only = false;  // attempts that did not deliver (will retry, or gave up)
    std::string url_part;      // a part of the URL; empty: any
    std::optional<Kind> kind;
    std::string order_key;  // a message's request-id; empty: any
    std::string token_id;   // empty: any
};

inline bool matches(const AttemptFilter& filter, const Attempt& a) {
    return (filter.token_id.empty() || a.token_id == filter.token_id) &&
           (!filter.failed_only || a.outcome != Attempt::Outcome::Delivered) &&
           (filter.url_part.empty() || a.url.find(filter.url_part) != std::string::npos) &&
           (!filter.kind || a.kind == *filter.kind) && (filter.order_key.empty() || a.order_key == filter.order_key);
}

// Each receiver (the host:port of a callback URL) has its own queue of attempts and its own
// threads, at most `per_receiver` of them, started as its callbacks need them and kept until the
// dispatcher ends. A slow or dead receiver thus holds up only its own callbacks: it can have no
// more than `per_receiver` attempts in flight, and no other receiver waits for them.
//
// Waits (backoff) and, on a virtual clock, the start of every attempt are tasks on `scheduler`,
// so retries follow whichever clock the simulator runs.
//
// Virtual clock: enqueue() only schedules the first attempt at scheduler.now(); it runs when
// advance() reaches it. The dispatcher installs its wait_idle() as the scheduler's settle hook,
// so advance() returns only after every attempt due in its window has run. Hence one
// dispatcher per scheduler (a second would replace the first's hook). Real and scaled clocks:
// attempts start at once; retries need the scheduler started.
//
// `scheduler` must outlive the dispatcher. Tasks left on the scheduler after the dispatcher is
// gone (or after reset()) do nothing.
class Dispatcher {
public:
    // Attempts in flight to one receiver at most: as many keep-alive connections to it.
    static constexpr std::size_t default_per_receiver = 8;

    Dispatcher(Scheduler& scheduler, RetryPolicy policy, std::function<void(const std::string&)> warn,
               std::size_t per_receiver = default_per_receiver);
    // Stops the threads, each after its attempt in flight (at most a timeout); pending callbacks
    // are dropped.
    ~Dispatcher();
    Dispatcher(const Dispatcher&) = delete;
    Dispatcher& operator=(const Dispatcher&) = delete;

    // Thread-safe, returns at once (never touches the network): the callback's number, which
    // wait_attempted() takes (0 when the dispatcher is stopping).
    std::uint64_t enqueue(Callback callback);
    // On a real or scaled clock: blocks until the callback numbered `id` has had an attempt
    // recorded, or is gone (delivered, failed, forgotten). Returns at once for a number never given.
    void wait_attempted(std::uint64_t id);
    std::vector<Attempt> attempts() const;  // every attempt kept, in the order they finished
    Page<Attempt> attempts(const AttemptFilter& filter, const PageSpec& page) const;
    std::size_t attempt_count() const;  // attempts recorded since the reset, kept or not: the last id
    // Keeps the newest attempts within `limits` only (the newest always); the oldest go first.
    // Until called, every attempt is kept.
    void keep_within(StoreLimits limits);
    // Called with every attempt as it is recorded, under the dispatcher's lock (it must not
    // call back into the dispatcher). Set it before the first enqueue().
    void on_attempt(std::function<void(const Attempt&)> listener);
    void reset();                 // forgets queued callbacks and the record
    // Forgets one token's callbacks, those still to be delivered and their attempts recorded;
    // an attempt of it in flight finishes unrecorded. The others' go on. Returns the attempts
    // forgotten from the record.
    std::size_t forget_token(const std::string& token_id);
    void wait_idle();             // blocks until no attempt is running or ready to run now
    std::size_t pending() const;  // callbacks neither delivered nor failed yet

    // A state file (--state, as Gateway's): the callbacks still to deliver, with their attempts
    // so far and their next one's time, and the attempts recorded. restore() reschedules the
    // saved callbacks, each message's in its order; a retry already due goes at once.
    void track_changes(bool fresh);
    void collect_changes(state::Batch& batch);
    void restore(const state::SavedState& saved);

private:
    struct Core;  // the state shared by the threads and the scheduler's tasks, and the threads
    Scheduler& scheduler_;
    std::shared_ptr<Core> core_;  // shared with the scheduler's tasks through weak pointers
};

}  // namespace sim::callbacks
