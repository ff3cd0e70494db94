#include "waits/waiters.hpp"

#include <algorithm>

namespace sim::waits {

Waiter::Waiter(Waiters& registry, Watch watch, Deadline deadline)
    : registry_(registry), watch_(std::move(watch)), deadline_(deadline) {}

Waiter::~Waiter() { registry_.leave(this); }

bool Waiter::expired() const {
    std::lock_guard lock(registry_.mutex_);
    return registry_.closed_ || std::chrono::steady_clock::now() >= deadline_;
}

void Waiter::rearm() {
    std::lock_guard lock(registry_.mutex_);
    changed_ = false;
}

void Waiter::sleep() {
    std::unique_lock lock(registry_.mutex_);
    woken_.wait_until(lock, deadline_, [this] { return changed_ || registry_.closed_; });
}

void Waiter::wake() {
    changed_ = true;
    woken_.notify_one();
}

std::unique_ptr<Waiter> Waiters::wait_for(Watch watch, Deadline deadline) {
    auto waiter = std::make_unique<Waiter>(*this, std::move(watch), deadline);
    {
        std::lock_guard lock(mutex_);
        if (waiters_.size() < capacity_) {
            waiters_.push_back(waiter.get());
            count_.store(waiters_.size(), std::memory_order_release);
            return waiter;
        }
    }
    return nullptr;  // the waiter, never registered, goes once the lock is released
}

void Waiters::leave(Waiter* waiter) {
    std::lock_guard lock(mutex_);
    const auto at = std::find(waiters_.begin(), waiters_.end(), waiter);
    if (at == waiters_.end()) return;
    *at = waiters_.back();
    waiters_.pop_back();
    count_.store(waiters_.size(), std::memory_order_release);
}

template <class Filter, class Item>
void Waiters::wake_matching(const Item& item) {
    if (count_.load(std::memory_order_acquire) == 0) return;
    std::lock_guard lock(mutex_);
    for (Waiter* waiter : waiters_)
        if (const auto* filter = std::get_if<Filter>(&waiter->watch_); filter && matches(*filter, item))
            waiter->wake();
}

void Waiters::message_changed(const gateway::MessageView& message) {
    wake_matching<gateway::MessageFilter>(message);
}

void Waiters::inbound_received(const gateway::InboundRecord& sms) { wake_matching<gateway::InboundFilter>(sms); }

void Waiters::callback_attempted(const callbacks::Attempt& attempt) {
    wake_matching<callbacks::AttemptFilter>(attempt);
}

void Waiters::close() {
    std::lock_guard lock(mutex_);
    closed_ = true;
    for (Waiter* waiter : waiters_) waiter->wake();
}

std::size_t Waiters::waiting() const {
    std::lock_guard lock(mutex_);
    return waiters_.size();
}

}  // namespace sim::waits
