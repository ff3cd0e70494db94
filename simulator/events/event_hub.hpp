// The simulator's change feed, served as GET /_sim/events: every change (a message accepted, a
// status, a callback attempt, an inbound SMS, the clock, a reset, a scenario load) as a
// numbered event. The last `keep` events are kept, so a client that reconnects with
// Last-Event-ID resumes where it left off. It outlives the worlds: ids never restart.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace sim::events {

class Event {
public:
    using Render = std::function<nlohmann::json()>;
    // `type` must be a string literal (it is not copied).
    Event(std::uint64_t id, const char* type, Render render) : id_(id), type_(type), render_(std::move(render)) {}

    std::uint64_t id() const noexcept { return id_; }
    const char* type() const noexcept { return type_; }
    // The data as one line of JSON, rendered by the first reader: publishing stays cheap for
    // the API's threads, and ten listeners share one rendering.
    const std::string& data() const;

private:
    const std::uint64_t id_;
    const char* const type_;
    const Render render_;
    mutable std::once_flag rendered_;
    mutable std::string data_;
};

using EventPtr = std::shared_ptr<const Event>;

class EventHub {
public:
    explicit EventHub(std::size_t keep = 16384) : keep_(keep) {}

    // Never blocks on a reader: a reader that falls behind loses the oldest events (and is
    // told so), the publisher never waits for it.
    std::uint64_t publish(const char* type, Event::Render render);

    struct Batch {
        std::vector<EventPtr> events;  // in id order
        bool lost = false;             // events after the id asked for are no longer kept
        bool closed = false;           // the hub is closing: end the stream
    };
    // Events after `after`, waiting up to `timeout` for one to come; at most `max` of them.
    Batch wait_after(std::uint64_t after, std::chrono::milliseconds timeout, std::size_t max = 1024) const;

    std::uint64_t last_id() const;
    std::uint64_t oldest_kept_id() const;  // last_id() + 1 when none is kept
    void close();                          // wakes every reader for good

private:
    const std::size_t keep_;
    mutable std::mutex mutex_;  // guards everything below
    mutable std::condition_variable published_;
    std::deque<EventPtr> kept_;  // ids last_id_ - kept_.size() + 1 ... last_id_
    std::uint64_t last_id_ = 0;
    bool closed_ = false;
};

}  // namespace sim::events
