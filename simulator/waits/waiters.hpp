// The list calls that wait (GET /_sim/messages, /_sim/inbound, /_sim/callbacks with wait=):
// each registers what its filter accepts, and the world tells the registry of every message
// accepted or changed, inbound SMS received and callback attempt made. A change wakes only the
// calls whose filter accepts it, which then read their list again: a change nobody waits for
// costs one atomic load, and fifty calls waiting for fifty recipients cost each send fifty
// filter tests, not fifty list scans.
//
// The registry outlives the worlds (a scenario load builds a new one while calls wait), so a
// call that waits across a load reads the new world's lists when it wakes.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <variant>
#include <vector>

#include "callbacks/dispatcher.hpp"
#include "gateway/inbound_store.hpp"
#include "gateway/message_store.hpp"

namespace sim::waits {

// What one call waits for: an item of one list that its filter accepts.
using Watch = std::variant<gateway::MessageFilter, gateway::InboundFilter, callbacks::AttemptFilter>;

using Deadline = std::chrono::steady_clock::time_point;

class Waiters;

// One waiting call. Before each reading of its list the call re-arms it; sleep() then returns
// at once if a change it watches came since (so none is missed between the reading and the
// sleep), else at such a change, at the deadline or when the registry closes.
class Waiter {
public:
    Waiter(Waiters& registry, Watch watch, Deadline deadline);
    ~Waiter();  // leaves the registry
    Waiter(const Waiter&) = delete;
    Waiter& operator=(const Waiter&) = delete;

    Deadline deadline() const noexcept { return deadline_; }
    // The deadline has passed, or the simulator is stopping: answer with what there is.
    bool expired() const;
    void rearm();
    void sleep();

private:
    friend class Waiters;
    void wake();  // under the registry's lock

    Waiters& registry_;
    const Watch watch_;
    const Deadline deadline_;
    bool changed_ = false;  // under the registry's lock
    std::condition_variable woken_;
};

class Waiters {
public:
    // `capacity`: calls that may wait at once (each holds a thread while it waits).
    explicit Waiters(std::size_t capacity) : capacity_(capacity) {}

    // A waiter for `watch` until `deadline`; null when `capacity` calls wait already.
    std::unique_ptr<Waiter> wait_for(Watch watch, Deadline deadline);

    // The world's changes: each wakes the waiters whose filter accepts it.
    void message_changed(const gateway::MessageView& message);
    void inbound_received(const gateway::InboundRecord& sms);
    void callback_attempted(const callbacks::Attempt& attempt);

    // Every waiter answers now, and any later one at once: the simulator is stopping.
    void close();

    std::size_t capacity() const noexcept { return capacity_; }
    std::size_t waiting() const;

private:
    friend class Waiter;
    template <class Filter, class Item>
    void wake_matching(const Item& item);
    void leave(Waiter* waiter);

    const std::size_t capacity_;
    std::atomic<std::size_t> count_{0};  // read without the lock: no waiter, no work
    mutable std::mutex mutex_;
    std::vector<Waiter*> waiters_;
    bool closed_ = false;
};

}  // namespace sim::waits
