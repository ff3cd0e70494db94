// Acts out a scenario's callback faults (a rule's dlr_faults and inbound_faults) on the
// callbacks the world sends: extra deliveries, a delay on the simulator's clock, a message's
// reports held for a window and sent newest first. Each delivery a fault makes is marked with it
// (Callback::fault, which its attempts show). A duplicate's probability draws from the world's
// seed, in the order callbacks are sent: on a virtual clock a run is the same every time.
#pragma once

#include <cstdint>
#include <mutex>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "callbacks/dispatcher.hpp"
#include "clock/scheduler.hpp"
#include "scenario/scenario.hpp"

namespace sim::callbacks {

class FaultInjector {
public:
    // `dispatcher` and `scheduler` must outlive it; its tasks on `scheduler` are dropped with
    // the scheduler's (a reset's clear, the world's end) and then do nothing.
    FaultInjector(Dispatcher& dispatcher, Scheduler& scheduler, std::uint64_t seed);

    // Sends `callback`, with `faults` (null: none) acted out. Thread-safe.
    void send(Callback callback, const scenario::CallbackFaults* faults);

    // Drops what it holds back (delayed, or in a reorder window): of one token, or of all.
    void forget_token(const std::string& token_id);
    void reset();

private:
    // Under mutex_.
    std::vector<Callback> with_duplicates(Callback callback, const scenario::CallbackFaults& faults);
    void hold(std::vector<Callback> callbacks, Duration delay);
    void flush_window(const std::string& order_key, std::uint64_t window);

    Dispatcher& dispatcher_;
    Scheduler& scheduler_;
    std::mutex mutex_;  // guards everything below
    std::mt19937_64 random_;
    std::uint64_t next_hold_ = 1;
    // Callbacks delayed, by the number of the hold that sends them.
    std::unordered_map<std::uint64_t, std::vector<Callback>> held_;
    // A message's reports in its reorder window, by its order key, with the window's number.
    struct Window {
        std::uint64_t number;
        std::vector<Callback> reports;
        Duration delay{};  // the rule's delay, for when the window ends
    };
    std::unordered_map<std::string, Window> windows_;
};

}  // namespace sim::callbacks
