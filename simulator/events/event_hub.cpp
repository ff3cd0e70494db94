// The change feed's store: a bounded queue of numbered events and the readers' wait on it.
#include "events/event_hub.hpp"

namespace sim::events {

const std::string& Event::data() const {
    std::call_once(rendered_, [this] { data_ = render_().dump(-1, ' ', false, nlohmann::json::error_handler_t::replace); });
    return data_;
}

std::uint64_t EventHub::publish(const char* type, Event::Render render) {
    std::uint64_t id;
    {
        std::lock_guard lock(mutex_);
        id = ++last_id_;
        kept_.push_back(std::make_shared<const Event>(id, type, std::move(render)));
        if (kept_.size() > keep_) kept_.pop_front();
    }
    published_.notify_all();
    return id;
}

EventHub::Batch EventHub::wait_after(std::uint64_t after, std::chrono::milliseconds timeout, std::size_t max) const {
    std::unique_lock lock(mutex_);
    published_.wait_for(lock, timeout, [&] { return closed_ || last_id_ > after; });
    Batch batch;
    batch.closed = closed_;
    if (closed_ || last_id_ <= after) return batch;
    const std::uint64_t oldest = last_id_ - kept_.size() + 1;
    batch.lost = after + 1 < oldest;
    const std::size_t first = batch.lost ? 0 : static_cast<std::size_t>(after + 1 - oldest);
    for (std::size_t i = first; i < kept_.size() && batch.events.size() < max; ++i) batch.events.push_back(kept_[i]);
    return batch;
}

std::uint64_t EventHub::last_id() const {
    std::lock_guard lock(mutex_);
    return last_id_;
}

std::uint64_t EventHub::oldest_kept_id() const {
    std::lock_guard lock(mutex_);
    return last_id_ - kept_.size() + 1;
}

void EventHub::close() {
    {
        std::lock_guard lock(mutex_);
        closed_ = true;
    }
    published_.notify_all();
}

}  // namespace sim::events
