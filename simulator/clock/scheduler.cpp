// One priority queue of timed tasks, run by a worker thread (real and scaled clocks) or by
// advance() (a virtual clock, so tests never sleep).
#include "clock/scheduler.hpp"

#include <algorithm>

namespace sim {

Scheduler::Scheduler(ClockSetting setting, Time start)
    : setting_(setting), start_(start), steady_start_(std::chrono::steady_clock::now()), virtual_now_(start) {}

Scheduler::~Scheduler() {
    stop();
}

Time Scheduler::now() const {
    if (is_virtual()) {
        std::lock_guard lock(mutex_);
        return virtual_now_;
    }
    return now_locked();
}

// For real and scaled clocks, time is derived from the steady clock and needs no lock.
Time Scheduler::now_locked() const {
    if (is_virtual()) return virtual_now_;
    const auto real = std::chrono::steady_clock::now() - steady_start_;
    const auto scaled = std::chrono::duration_cast<Duration>(real * setting_.speed);
    return start_ + scaled;
}

std::chrono::steady_clock::time_point Scheduler::real_deadline(Time due) const {
    const auto simulated = due - start_;
    return steady_start_ +
           std::chrono::duration_cast<std::chrono::steady_clock::duration>(simulated / setting_.speed);
}

void Scheduler::at(Time when, Task task) {
    bool earliest;
    {
        std::lock_guard lock(mutex_);
        earliest = queue_.empty() || when < queue_.top().due;
        queue_.push({when, next_sequence_++, std::move(task)});
    }
    if (earliest && !is_virtual()) wake_.notify_one();
}

std::size_t Scheduler::advance(Duration by) {
    std::lock_guard serial(advance_mutex_);
    std::unique_lock lock(mutex_);
    const Time target = virtual_now_ + by;
    std::size_t ran = 0;
    while (!queue_.empty() && queue_.top().due <= target) {
        // priority_queue::top is const; the entry is popped right after, so moving is safe.
        Entry entry = std::move(const_cast<Entry&>(queue_.top()));
        queue_.pop();
        if (entry.due > virtual_now_) virtual_now_ = entry.due;
        lock.unlock();
        entry.task();
        ++ran;
        lock.lock();
        // Settling once per distinct due time lets the attempts due at one instant run in
        // parallel (a slow receiver does not serialise the others) while time order holds.
        if (queue_.empty() || queue_.top().due > virtual_now_) settle_locked(lock);
    }
    virtual_now_ = target;
    return ran;
}

void Scheduler::set_settle(std::function<void()> settle) {
    std::lock_guard lock(mutex_);
    settle_ = std::move(settle);
}

// Runs a copy of the hook unlocked: it waits for other threads, which may schedule tasks.
void Scheduler::settle_locked(std::unique_lock<std::mutex>& lock) {
    if (!settle_) return;
    const auto settle = settle_;
    lock.unlock();
    settle();
    lock.lock();
}

void Scheduler::clear() {
    std::lock_guard lock(mutex_);
    queue_ = Queue();
}

std::size_t Scheduler::pending() const {
    std::lock_guard lock(mutex_);
    return queue_.size();
}

void Scheduler::start() {
    if (is_virtual() || worker_.joinable()) return;
    {
        std::lock_guard lock(mutex_);
        stopping_ = false;
    }
    worker_ = std::thread([this] { run_worker(); });
}

void Scheduler::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (worker_.joinable()) worker_.join();
}

void Scheduler::run_worker() {
    // Waking up a little late lets one wake-up run every task due meanwhile: at thousands of
    // messages a second, a wake-up per task would cost more than the tasks.
    const auto batching = std::chrono::duration_cast<std::chrono::steady_clock::duration>(
        std::chrono::milliseconds(1) / std::max(setting_.speed, 1.0));
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        if (queue_.empty()) {
            wake_.wait(lock);
            continue;
        }
        if (queue_.top().due > now_locked()) {
            wake_.wait_until(lock, real_deadline(queue_.top().due) + batching);
            continue;
        }
        Entry entry = std::move(const_cast<Entry&>(queue_.top()));
        queue_.pop();
        lock.unlock();
        entry.task();
        lock.lock();
    }
}

}  // namespace sim
