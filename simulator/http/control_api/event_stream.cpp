// Server-sent events over cpp-httplib: one provider call per batch of events, written straight
// from the hub's shared blocks. The body is delimited by the connection's end, not chunked:
// cpp-httplib's chunked writer copies every write twice, which ten listeners pay on every event.
#include "http/control_api/event_stream.hpp"

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>

#include "events/domain_events.hpp"
#include "events/sse_frame.hpp"
#include "http/control_api/handlers.hpp"
#include "http/control_api/token_query.hpp"
#include "http/json_response.hpp"
#include "http/whole_number.hpp"

namespace sim::http {

namespace {

// Last-Event-ID (what EventSource sends on a reconnect), else ?lastEventId=N; absent: from now.
std::optional<std::uint64_t> resume_point(const httplib::Request& req) {
    std::string text = req.get_header_value("Last-Event-ID");
    if (text.empty()) text = req.get_param_value("lastEventId");
    return parse_whole_number(text);
}

// Told before the first event kept when the client asked for older ones: its id is the last
// one lost, so a client that resumes from it is told again.
std::string resync_frame(std::uint64_t oldest) {
    std::string out;
    events::begin_frame(out, oldest - 1, events::event_name(events::Resync::type));
    events::append_fields(out, events::Resync{oldest});
    events::end_frame(out);
    return out;
}

}  // namespace

EventStream::EventStream(events::EventHub& hub, EventStreamSettings settings) : hub_(hub), settings_(settings) {}

void EventStream::serve(const httplib::Request& req, httplib::Response& res, const std::string& token_id) const {
    if (open_->fetch_add(1) >= settings_.max_streams) {
        open_->fetch_sub(1);
        return send_error(res, 503, "too_many_streams",
                          "at most " + std::to_string(settings_.max_streams) +
                              " event streams are served at once; close one, or start with more --threads");
    }
    hub_.start_keeping();
    res.set_header("Cache-Control", "no-cache");
    res.set_header("X-Accel-Buffering", "no");
    res.set_header("Connection", "close");  // the end of the body is the end of the connection
    struct State {
        std::uint64_t last_sent;
        bool greeted = false;
        std::chrono::steady_clock::time_point last_write = std::chrono::steady_clock::now();
    };
    auto state = std::make_shared<State>(State{resume_point(req).value_or(hub_.last_id())});
    auto& hub = hub_;
    const std::uint32_t tag = hub_.tag_of(token_id);
    const auto keepalive = settings_.keepalive;
    const auto coalesce = settings_.coalesce;
    res.set_content_provider(
        "text/event-stream",
        [&hub, tag, keepalive, coalesce, state](std::size_t, httplib::DataSink& sink) {
            if (!state->greeted) {
                // The reconnection delay EventSource uses, and bytes at once: the client's
                // `open` fires now, not at the first event.
                state->greeted = true;
                static const std::string greeting = "retry: 1000\n: connected\n\n";
                return sink.write(greeting.data(), greeting.size());
            }
            // Waits in short slices: between them, a client that has gone is noticed (its
            // socket reads as closed) and its thread freed, without waiting for an event.
            const auto slice = std::min<std::chrono::milliseconds>(keepalive, std::chrono::seconds(1));
            const auto since_write = std::chrono::steady_clock::now() - state->last_write;
            if (since_write < coalesce) std::this_thread::sleep_for(coalesce - since_write);
            const auto batch = hub.wait_after(state->last_sent, slice);
            if (batch.closed) {
                sink.done();
                return true;
            }
            const auto now = std::chrono::steady_clock::now();
            if (batch.empty()) {
                if (!sink.is_writable()) return false;
                if (now - state->last_write < keepalive) return true;
                static const std::string comment = ": keepalive\n\n";
                state->last_write = now;
                return sink.write(comment.data(), comment.size());
            }
            if (batch.lost) {
                const std::string resync = resync_frame(batch.first);
                if (!sink.write(resync.data(), resync.size())) return false;
            }
            const auto pieces = batch.pieces(tag);
            for (const std::string_view piece : pieces)
                if (!sink.write(piece.data(), piece.size())) return false;
            state->last_sent = batch.last;
            if (batch.lost || !pieces.empty()) state->last_write = now;
            return true;
        },
        [open = open_](bool) { open->fetch_sub(1); });
}

namespace control_api {

void open_event_stream(const ControlApi& api, const httplib::Request& req, httplib::Response& res, RequestScope&) {
    const auto token_id = read_token_query(api.gateway, req, res);
    if (!token_id) return;
    api.event_stream.serve(req, res, *token_id);
}

}  // namespace control_api

}  // namespace sim::http
