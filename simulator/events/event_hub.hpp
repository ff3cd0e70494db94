// The simulator's change feed, served as GET /_sim/events: every change (a message accepted, a
// status, a callback attempt, an inbound SMS, the clock, a reset, a scenario load) as a
// numbered event. The last `keep` events are kept, within `keep_bytes` of text, so a client
// that reconnects with Last-Event-ID resumes where it left off. It outlives the worlds: ids
// never restart.
//
// An event is written once, when published, as the stream's own text (events/sse_frame.hpp),
// into blocks that every reader shares: ten listeners cost one rendering and no copies, and a
// publisher copies nothing it would have to render later.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "events/sse_frame.hpp"

namespace sim::events {

// Consecutive events written as server-sent events, back to back.
struct Block {
    std::uint64_t first_id = 0;
    std::string text;
    std::vector<std::size_t> starts;  // starts[i]: where event first_id + i begins in text
    std::vector<std::uint32_t> tags;  // tags[i]: its token's tag (EventHub::tag_of), 0 for every token's

    std::size_t size() const noexcept { return starts.size(); }
    std::uint64_t last_id() const noexcept { return first_id + starts.size() - 1; }
    // The text of the events from `id` (one of this block's) to the end of the block.
    std::string_view from(std::uint64_t id) const noexcept {
        return std::string_view(text).substr(starts[static_cast<std::size_t>(id - first_id)]);
    }
    // The text of the i-th event.
    std::string_view event(std::size_t i) const noexcept {
        const std::size_t end = i + 1 < starts.size() ? starts[i + 1] : text.size();
        return std::string_view(text).substr(starts[i], end - starts[i]);
    }
};

class EventHub {
public:
    // A message's event is 0.4 to 10 KB (its text, up to 1,600 characters, escaped): the bytes
    // bound the worst case, the count the usual one.
    explicit EventHub(std::size_t keep = 16384, std::size_t keep_bytes = 32 * 1024 * 1024)
        : keep_(keep), keep_bytes_(keep_bytes) {}

    // Whether events are kept: not until the first stream opens (start_keeping), as until then
    // nobody could read or resume them; publishing is then one atomic load. Once on, it stays
    // on, so a client can always resume.
    bool keeping() const noexcept { return keeping_.load(std::memory_order_acquire); }
    void start_keeping() { keeping_.store(true, std::memory_order_release); }

    // Publishes an event whose data `write_data(std::string& out)` appends to `out`: JSON on
    // one line. It runs at once, under the hub's lock, and only when events are kept, so it may
    // read the publisher's own state by reference. Returns the event's id, or 0 when events
    // are not kept (ids count only the events kept). Never waits for a reader: a reader that
    // falls behind loses the oldest events, and is told so. `token_id` is the token the event
    // is about, if one: a reader of that token's events only gets it (and the events of none).
    template <class WriteData>
    std::uint64_t publish(std::string_view type, WriteData&& write_data, std::string_view token_id = {});

    // A token's tag, for Batch::pieces: 0 for "" (every token), else its own from now on.
    std::uint32_t tag_of(std::string_view token_id);

    struct Batch {
        std::vector<std::shared_ptr<const Block>> blocks;  // in id order
        std::uint64_t first = 0;  // the first event's id: blocks.front() may hold earlier ones
        std::uint64_t last = 0;   // the last event's id, the end of blocks.back()
        bool lost = false;        // events after the id asked for are no longer kept
        bool closed = false;      // the hub is closing: end the stream
        bool empty() const noexcept { return blocks.empty(); }
        // The batch's text, in pieces that point into the shared blocks; with a token's tag,
        // only its events and those of no token.
        std::vector<std::string_view> pieces(std::uint32_t tag = 0) const;
    };
    // Events after `after`, waiting up to `timeout` for one to come; at least one block, then
    // more while the batch holds under `max_bytes` of text.
    Batch wait_after(std::uint64_t after, std::chrono::milliseconds timeout, std::size_t max_bytes = 4 * 1024 * 1024);

    std::uint64_t last_id() const;
    void close();  // wakes every reader for good

private:
    // The block being written is handed to the readers once a reader asks, or once it holds
    // this many events: a block's memory goes only when the last of its events does (or, past
    // keep_bytes, with the oldest block whole).
    static constexpr std::size_t block_events = 1024;

    void seal_locked();
    void trim_locked();
    void drop_front_block_locked();
    void published_locked();
    std::uint64_t oldest_kept_locked() const;
    std::uint32_t tag_of_locked(std::string_view token_id);

    const std::size_t keep_;
    const std::size_t keep_bytes_;  // of the written blocks' text; the open block's comes on top
    std::atomic<bool> keeping_{false};
    mutable std::mutex mutex_;  // guards everything below
    std::condition_variable published_;
    std::unique_ptr<Block> open_ = std::make_unique<Block>();  // being written; after every block
    std::deque<std::shared_ptr<const Block>> blocks_;          // written, shared with readers
    std::size_t front_dropped_ = 0;  // events of the oldest block (blocks_.front(), else open_) gone
    std::size_t kept_ = 0;           // events kept, in blocks_ and open_
    std::size_t block_bytes_ = 0;    // the text of blocks_
    std::uint64_t last_id_ = 0;
    bool closed_ = false;
    std::unordered_map<std::string, std::uint32_t> tags_;  // a token id's tag; one per token seen
};

template <class WriteData>
std::uint64_t EventHub::publish(std::string_view type, WriteData&& write_data, std::string_view token_id) {
    if (!keeping()) return 0;
    std::uint64_t id;
    {
        std::lock_guard lock(mutex_);
        id = last_id_ + 1;
        std::string& text = open_->text;
        const std::size_t start = text.size(), written = open_->size();
        try {
            open_->starts.push_back(start);
            open_->tags.push_back(tag_of_locked(token_id));
            begin_frame(text, id, type);
            write_data(text);
            end_frame(text);
        } catch (...) {
            open_->starts.resize(written);  // no half event in the stream, and the id is not used
            open_->tags.resize(written);
            text.resize(start);
            throw;
        }
        if (written == 0) open_->first_id = id;
        last_id_ = id;
        published_locked();
    }
    published_.notify_all();
    return id;
}

}  // namespace sim::events
