// The change feed's store: events waiting to be rendered, the shared blocks of rendered ones,
// and the readers' wait on them.
#include "events/event_hub.hpp"

#include <algorithm>

#include "events/sse_frame.hpp"

namespace sim::events {

std::vector<std::string_view> EventHub::Batch::pieces() const {
    std::vector<std::string_view> out;
    out.reserve(blocks.size());
    for (const auto& block : blocks) out.push_back(out.empty() ? block->from(first) : std::string_view(block->text));
    return out;
}

void EventHub::start_keeping() { keeping_.store(true, std::memory_order_release); }

std::uint64_t EventHub::publish(const char* type, Render render) {
    if (!keeping()) return 0;
    std::uint64_t id;
    {
        std::lock_guard lock(mutex_);
        id = ++last_id_;
        pending_.push_back({id, type, std::move(render)});
        trim_locked();
    }
    published_.notify_all();
    return id;
}

// Under mutex_: drops the oldest events beyond `keep_`, first from the blocks (a block goes
// when none of its events is kept), then from the events not yet rendered.
void EventHub::trim_locked() {
    std::size_t excess = in_blocks_ + pending_.size() > keep_ ? in_blocks_ + pending_.size() - keep_ : 0;
    while (excess > 0 && !blocks_.empty()) {
        const std::size_t kept_in_front = blocks_.front()->starts.size() - front_dropped_;
        if (kept_in_front <= excess) {
            blocks_.pop_front();
            front_dropped_ = 0;
            in_blocks_ -= kept_in_front;
            excess -= kept_in_front;
        } else {
            front_dropped_ += excess;
            in_blocks_ -= excess;
            excess = 0;
        }
    }
    for (; excess > 0; --excess) pending_.pop_front();
}

std::uint64_t EventHub::oldest_kept_locked() const {
    if (!blocks_.empty()) return blocks_.front()->first_id + front_dropped_;
    if (!pending_.empty()) return pending_.front().id;
    return last_id_ + 1;
}

// Under sealing_: renders the pending events into one block, outside mutex_, so publishers
// never wait for a rendering.
void EventHub::seal() {
    std::deque<Pending> taken;
    {
        std::lock_guard lock(mutex_);
        taken.swap(pending_);
    }
    if (taken.empty()) return;
    auto block = std::make_shared<Block>();
    block->first_id = taken.front().id;
    block->starts.reserve(taken.size());
    block->text.reserve(taken.size() * 320);
    for (const Pending& event : taken) {
        block->starts.push_back(block->text.size());
        begin_frame(block->text, event.id, event.type);
        const std::size_t data_start = block->text.size();
        try {
            event.render(block->text);
        } catch (const std::exception&) {
            // A reader's thread must not die of one event (an allocation that failed): it is
            // told as null data, and the stream goes on.
            block->text.resize(data_start);
            block->text += "null";
        }
        end_frame(block->text);
    }
    std::lock_guard lock(mutex_);
    blocks_.push_back(std::move(block));
    in_blocks_ += taken.size();
    trim_locked();
}

EventHub::Batch EventHub::wait_after(std::uint64_t after, std::chrono::milliseconds timeout,
                                     std::size_t max_bytes) {
    Batch batch;
    {
        std::unique_lock lock(mutex_);
        published_.wait_for(lock, timeout, [&] { return closed_ || last_id_ > after; });
        if (closed_ || last_id_ <= after) {
            batch.closed = closed_;
            return batch;
        }
    }
    // Whoever seals first renders for every reader; the others find the block made.
    std::lock_guard sealing(sealing_);
    seal();
    std::lock_guard lock(mutex_);
    batch.closed = closed_;
    if (closed_ || blocks_.empty() || blocks_.back()->last_id() <= after) return batch;
    const std::uint64_t oldest = oldest_kept_locked();
    batch.lost = after + 1 < oldest;
    batch.first = std::max(after + 1, oldest);
    auto block = std::upper_bound(blocks_.begin(), blocks_.end(), batch.first,
                                  [](std::uint64_t id, const auto& b) { return id < b->first_id; });
    --block;  // the last block that starts at or before `first`: the one that holds it
    std::size_t bytes = 0;
    for (; block != blocks_.end() && (batch.blocks.empty() || bytes < max_bytes); ++block) {
        bytes += (*block)->text.size();
        batch.blocks.push_back(*block);
    }
    batch.last = batch.blocks.back()->last_id();
    return batch;
}

std::uint64_t EventHub::last_id() const {
    std::lock_guard lock(mutex_);
    return last_id_;
}

void EventHub::close() {
    {
        std::lock_guard lock(mutex_);
        closed_ = true;
    }
    published_.notify_all();
}

}  // namespace sim::events
