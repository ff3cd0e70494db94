// The simulator's change feed, served as GET /_sim/events: every change (a message accepted, a
// status, a callback attempt, an inbound SMS, the clock, a reset, a scenario load) as a
// numbered event. The last `keep` events are kept, so a client that reconnects with
// Last-Event-ID resumes where it left off. It outlives the worlds: ids never restart.
//
// Events are kept as the stream's own text (events/sse_frame.hpp), rendered once for every
// reader, in blocks that readers share: ten listeners cost one rendering and no copies.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace sim::events {

// Appends the event's data, JSON on one line, to `out`. It runs on a reader's thread, maybe
// after the world that published it is gone: it must hold copies, not references.
using Render = std::function<void(std::string& out)>;

// Consecutive events rendered as server-sent events, back to back.
struct Block {
    std::uint64_t first_id = 0;
    std::string text;
    std::vector<std::size_t> starts;  // starts[i]: where event first_id + i begins in text

    std::uint64_t last_id() const noexcept { return first_id + starts.size() - 1; }
    // The text of the events from `id` (one of this block's) to the end of the block.
    std::string_view from(std::uint64_t id) const noexcept {
        return std::string_view(text).substr(starts[static_cast<std::size_t>(id - first_id)]);
    }
};

class EventHub {
public:
    explicit EventHub(std::size_t keep = 16384) : keep_(keep) {}

    // Whether events are kept: not until the first stream opens (start_keeping), as until then
    // nobody could read or resume them, and a publisher should not even copy what it would
    // publish. Once on, it stays on, so a client can always resume.
    bool keeping() const noexcept { return keeping_.load(std::memory_order_acquire); }
    void start_keeping();

    // Never blocks on a reader: a reader that falls behind loses the oldest events (and is
    // told so), the publisher never waits for it. Returns the event's id, or 0 when events are
    // not kept (the event is dropped: ids count only the events kept).
    // `type` must be a string literal (it is not copied).
    std::uint64_t publish(const char* type, Render render);

    struct Batch {
        std::vector<std::shared_ptr<const Block>> blocks;  // in id order
        std::uint64_t first = 0;  // the first event's id: blocks.front() may hold earlier ones
        std::uint64_t last = 0;   // the last event's id, the end of blocks.back()
        bool lost = false;        // events after the id asked for are no longer kept
        bool closed = false;      // the hub is closing: end the stream
        bool empty() const noexcept { return blocks.empty(); }
        // The batch's text, in pieces that point into the shared blocks.
        std::vector<std::string_view> pieces() const;
    };
    // Events after `after`, waiting up to `timeout` for one to come; at least one block, then
    // more while the batch holds under `max_bytes` of text.
    Batch wait_after(std::uint64_t after, std::chrono::milliseconds timeout,
                     std::size_t max_bytes = 4 * 1024 * 1024);

    std::uint64_t last_id() const;
    void close();  // wakes every reader for good

private:
    struct Pending {
        std::uint64_t id;
        const char* type;
        Render render;
    };
    void seal();
    void trim_locked();
    std::uint64_t oldest_kept_locked() const;

    const std::size_t keep_;
    std::atomic<bool> keeping_{false};
    // Held while pending events become a block, outside mutex_: a reader renders, publishers
    // only ever wait for a few pointer moves.
    std::mutex sealing_;
    mutable std::mutex mutex_;  // guards everything below
    std::condition_variable published_;
    std::deque<Pending> pending_;  // published, not yet rendered; after every block
    std::deque<std::shared_ptr<const Block>> blocks_;
    std::size_t front_dropped_ = 0;  // events of blocks_.front() no longer kept
    std::size_t in_blocks_ = 0;      // events kept in blocks_, front_dropped_ not counted
    std::uint64_t last_id_ = 0;
    bool closed_ = false;
};

}  // namespace sim::events
