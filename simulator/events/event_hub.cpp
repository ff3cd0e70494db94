// The change feed's store: the block being written, the shared blocks written, and the
// readers' wait on them.
#include "events/event_hub.hpp"

#include <algorithm>

namespace sim::events {

std::vector<std::string_view> EventHub::Batch::pieces(std::uint32_t tag) const {
    std::vector<std::string_view> out;
    out.reserve(blocks.size());
    if (tag == 0) {
        for (const auto& block : blocks)
            out.push_back(out.empty() ? block->from(first) : std::string_view(block->text));
        return out;
    }
    // A run of events this reader gets is one piece.
    for (const auto& block : blocks) {
        const std::size_t begin = block == blocks.front() ? static_cast<std::size_t>(first - block->first_id) : 0;
        for (std::size_t i = begin; i < block->size(); ++i) {
            if (block->tags[i] != 0 && block->tags[i] != tag) continue;
            const std::string_view event = block->event(i);
            if (!out.empty() && out.back().data() + out.back().size() == event.data())
                out.back() = std::string_view(out.back().data(), out.back().size() + event.size());
            else
                out.push_back(event);
        }
    }
    return out;
}

std::uint32_t EventHub::tag_of(std::string_view token_id) {
    std::lock_guard lock(mutex_);
    return tag_of_locked(token_id);
}

std::uint32_t EventHub::tag_of_locked(std::string_view token_id) {
    if (token_id.empty()) return 0;
    const auto [it, added] = tags_.try_emplace(std::string(token_id), static_cast<std::uint32_t>(tags_.size() + 1));
    return it->second;
}

// Under mutex_, after an event is written: the open block is handed over once it is full, and
// the oldest events beyond `keep_` go.
void EventHub::published_locked() {
    ++kept_;
    if (open_->size() >= block_events) seal_locked();
    trim_locked();
}

// Under mutex_: the open block becomes one the readers share, and a new one opens. Events
// dropped from the open block (front_dropped_, when it was the oldest) stay dropped: it is now
// the front block.
void EventHub::seal_locked() {
    if (open_->starts.empty()) return;
    const std::size_t reserve = open_->text.size();
    block_bytes_ += open_->text.size();
    blocks_.push_back(std::shared_ptr<const Block>(std::move(open_)));
    open_ = std::make_unique<Block>();
    open_->text.reserve(reserve);  // about as much as the last one took
    open_->starts.reserve(block_events);
    open_->tags.reserve(block_events);
}

// Under mutex_: drops the oldest events beyond `keep_`, and the oldest blocks beyond
// `keep_bytes_`. A block goes when none of its events is kept; until then front_dropped_ says
// how many of its first events are gone.
void EventHub::trim_locked() {
    while (block_bytes_ > keep_bytes_) {
        kept_ -= blocks_.front()->size() - front_dropped_;
        drop_front_block_locked();
    }
    while (kept_ > keep_) {
        const bool in_open = blocks_.empty();
        const Block& oldest = in_open ? *open_ : *blocks_.front();
        const std::size_t available = oldest.size() - front_dropped_;
        const std::size_t drop = std::min(available, kept_ - keep_);
        kept_ -= drop;
        if (drop < available) {
            front_dropped_ += drop;
        } else if (!in_open) {
            drop_front_block_locked();
        } else {  // keep_ is 0: nothing is ever kept
            open_->text.clear();
            open_->starts.clear();
            open_->tags.clear();
            front_dropped_ = 0;
        }
    }
}

void EventHub::drop_front_block_locked() {
    block_bytes_ -= blocks_.front()->text.size();
    blocks_.pop_front();
    front_dropped_ = 0;
}

std::uint64_t EventHub::oldest_kept_locked() const {
    if (!blocks_.empty()) return blocks_.front()->first_id + front_dropped_;
    if (!open_->starts.empty()) return open_->first_id + front_dropped_;
    return last_id_ + 1;
}

EventHub::Batch EventHub::wait_after(std::uint64_t after, std::chrono::milliseconds timeout, std::size_t max_bytes) {
    Batch batch;
    std::unique_lock lock(mutex_);
    published_.wait_for(lock, timeout, [&] { return closed_ || last_id_ > after; });
    batch.closed = closed_;
    if (closed_ || last_id_ <= after) return batch;
    seal_locked();  // a pointer move: whoever asks first hands the written events to all
    const std::uint64_t oldest = oldest_kept_locked();
    const std::uint64_t first = std::max(after + 1, oldest);
    if (blocks_.empty() || first > blocks_.back()->last_id()) return batch;  // none kept (keep_ 0)
    batch.first = first;
    batch.lost = after + 1 < oldest;
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
