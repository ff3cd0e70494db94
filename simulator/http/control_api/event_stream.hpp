// GET /_sim/events: the change feed (events/event_hub.hpp) as server-sent events. Served
// outside the world's lock, as a stream lasts as long as its client: a PUT /_sim/scenario
// never waits for it. Opening the first stream is what makes the hub start keeping events.
#pragma once

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>

#include "events/event_hub.hpp"

namespace sim::http {

struct EventStreamSettings {
    // Each stream holds one of the server's worker threads; the rest stay for the API.
    std::size_t max_streams = 32;
    // A comment line this often: proxies keep the stream open, and a client that left is
    // noticed by the failed write, which frees its thread.
    std::chrono::milliseconds keepalive = std::chrono::seconds(10);
    // At most one write per stream this often: events that come faster go out together, so ten
    // listeners cost the API a few dozen wake-ups a second, not ten per event.
    std::chrono::milliseconds coalesce = std::chrono::milliseconds(100);
};

class EventStream {
public:
    EventStream(events::EventHub& hub, EventStreamSettings settings);
    // Answers the request with the stream, or 503 when max_streams are open. With a token id,
    // the stream tells only that token's events, and those of no token (the clock, a reset of
    // every token, a scenario loaded).
    void serve(const httplib::Request& req, httplib::Response& res, const std::string& token_id = {}) const;
    std::size_t open_streams() const noexcept { return open_->load(); }

private:
    events::EventHub& hub_;
    const EventStreamSettings settings_;
    std::shared_ptr<std::atomic<std::size_t>> open_ = std::make_shared<std::atomic<std::size_t>>(0);
};

}  // namespace sim::http
