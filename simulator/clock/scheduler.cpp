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

Scheduler::TaskId Scheduler::at(Time when, Task task) {
    bool earliest;
    TaskId id;
    {
        std::lock_guard lock(mutex_);
        earliest = queue_.empty() || when < queue_.top().due;
        id = next_sequence_++;
        queue_.push({when, id, std::move(task)});
    }
    if (earliest && !is_virtual()) wake_.notify_one();
    return id;
}

void Scheduler::cancel(TaskId id) {
    std::lock_guard lock(mutex_);
    if (running_ == id || !cancelled_.insert(id).second) return;
    if (cancelled_.size() * 2 <= queue_.size()) return;
    // Half the queue will never run: rebuilt without it, in time linear in what it drops.
    std::vector<Entry> kept;
    kept.reserve(queue_.size() - cancelled_.size());
    while (!queue_.empty()) {
        Entry& entry = const_cast<Entry&>(queue_.top());  // popped right after: moving is safe
        if (!cancelled_.count(entry.sequence)) kept.push_back(std::move(entry));
        queue_.pop();
    }
    cancelled_.clear();
    queue_ = Queue(std::greater<Entry>(), std::move(kept));
}

// Under mutex_: the queue's top is a task that will run, if there is one.
void Scheduler::drop_cancelled_top_locked() {
    while (!cancelled_.empty() && !queue_.empty() && cancelled_.erase(queue_.top().sequence)) queue_.pop();
}

// Under mutex_: the next task due by `until`, taken from the queue.
bool Scheduler::take_due_locked(Time until, Entry& out) {
    drop_cancelled_top_locked();
    if (queue_.empty() || queue_.top().due > until) return false;
    // priority_queue::top is const; the entry is popped right after, so moving is safe.
    out = std::move(const_cast<Entry&>(queue_.top()));
    queue_.pop();
    running_ = out.sequence;
    return true;
}

std::size_t Scheduler::advance(Duration by) {
    std::lock_guard serial(advance_mutex_);
    std::unique_lock lock(mutex_);
    const Time target = virtual_now_ + by;
    std::size_t ran = 0;
    for (Entry entry; take_due_locked(target, entry);) {
        if (entry.due > virtual_now_) virtual_now_ = entry.due;
        lock.unlock();
        entry.task();
        entry.task = nullptr;  // what it captured goes now, not when the next task replaces it
        ++ran;
        lock.lock();
        running_.reset();
        drop_cancelled_top_locked();
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
    cancelled_.clear();
}

std::size_t Scheduler::pending() const {
    std::lock_guard lock(mutex_);
    return queue_.size() - cancelled_.size();
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
        drop_cancelled_top_locked();
        if (queue_.empty()) {
            wake_.wait(lock);
            continue;
        }
        if (queue_.top().due > now_locked()) {
            wake_.wait_until(lock, real_deadline(queue_.top().due) + batching);
            continue;
        }
        Entry entry;
        take_due_locked(queue_.top().due, entry);
        lock.unlock();
        entry.task();
        entry = Entry{};
        lock.lock();
        running_.reset();
    }
}

}  // namespace sim
