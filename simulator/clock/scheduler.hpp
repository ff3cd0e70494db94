// The simulator's one clock and the scheduler of everything timed on it (lifecycle steps,
// scripted events). Real, sped-up and virtual time share this one implementation.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <queue>
#include <thread>
#include <unordered_set>
#include <vector>

#include "clock/sim_time.hpp"

namespace sim {

struct ClockSetting {
    enum class Kind { Real, Scaled, Virtual } kind = Kind::Real;
    double speed = 1.0;  // Scaled: simulated seconds per real second
};

// "real", "scaled" or "virtual": as the control API and the state file name a clock.
inline const char* to_string(ClockSetting::Kind kind) {
    switch (kind) {
        case ClockSetting::Kind::Virtual: return "virtual";
        case ClockSetting::Kind::Scaled: return "scaled";
        case ClockSetting::Kind::Real: break;
    }
    return "real";
}

class Scheduler {
public:
    using Task = std::function<void()>;
    using TaskId = std::uint64_t;

    // `start` is the simulated time at construction; real and scaled clocks then follow the
    // steady clock, a virtual one stays until advance().
    Scheduler(ClockSetting setting, Time start);
    ~Scheduler();
    Scheduler(const Scheduler&) = delete;
    Scheduler& operator=(const Scheduler&) = delete;

    const ClockSetting& setting() const noexcept { return setting_; }
    bool is_virtual() const noexcept { return setting_.kind == ClockSetting::Kind::Virtual; }
    Time now() const;

    // Runs `task` once the clock reaches `when` (at once, on the next turn, if it already has).
    // Tasks due at the same time run in the order they were scheduled. Thread-safe.
    TaskId at(Time when, Task task);
    // The task will not run, and its memory goes: for a task whose reason to run is gone
    // (a message forgotten), which would otherwise wait in the queue until it is due. The
    // task must not have run yet (it may be running: then it runs). Thread-safe.
    void cancel(TaskId id);

    // Virtual clock only: moves time forward by `by`, running every task due on the way in time
    // order with now() set to each task's due time; tasks scheduled meanwhile within the window
    // run too. Returns the number of tasks run. Concurrent calls are serialised.
    std::size_t advance(Duration by);

    // Virtual clock: advance() calls `settle` after the last task due at each instant, without
    // the scheduler's lock, so work that tasks handed to other threads (callback attempts)
    // finishes at that time before the clock moves on. One hook per scheduler; an empty
    // function removes it.
    void set_settle(std::function<void()> settle);

    // Drops every pending task (a reset). A task already running finishes.
    void clear();
    std::size_t pending() const;  // tasks to run, the cancelled ones not counted

    // Real and scaled clocks run tasks on a worker thread between start() and stop().
    void start();
    void stop();

private:
    struct Entry {
        Time due;
        std::uint64_t sequence;  // keeps same-time tasks in scheduling order
        Task task;
        bool operator>(const Entry& other) const {
            return due != other.due ? due > other.due : sequence > other.sequence;
        }
    };
    using Queue = std::priority_queue<Entry, std::vector<Entry>, std::greater<Entry>>;

    std::chrono::steady_clock::time_point real_deadline(Time due) const;
    Time now_locked() const;
    void settle_locked(std::unique_lock<std::mutex>& lock);
    void run_worker();
    void drop_cancelled_top_locked();
    bool take_due_locked(Time until, Entry& out);

    const ClockSetting setting_;
    const Time start_;
    const std::chrono::steady_clock::time_point steady_start_;

    mutable std::mutex mutex_;  // guards everything below but advance_mutex_ and worker_
    std::condition_variable wake_;
    Time virtual_now_;
    Queue queue_;
    std::uint64_t next_sequence_ = 0;
    // Tasks in queue_ that will not run; rebuilt away once they are half of it.
    std::unordered_set<TaskId> cancelled_;
    std::optional<TaskId> running_;  // taken from queue_, running or about to
    bool stopping_ = false;
    std::function<void()> settle_;

    std::mutex advance_mutex_;  // one advance() at a time
    std::thread worker_;
};

}  // namespace sim
