// Server-sent events over cpp-httplib's chunked responses: one provider call per batch of
// events, each written as `id:`, `event:` and one `data:` line of JSON.
#include "http/event_stream.hpp"

#include <optional>
#include <string>
#include <thread>

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

void append_event(std::string& out, std::uint64_t id, const char* type, const std::string& data) {
    out += "id: ";
    out += std::to_string(id);
    out += "\nevent: ";
    out += type;
    out += "\ndata: ";
    out += data;  // JSON on one line: a newline in a string is written \n
    out += "\n\n";
}

}  // namespace

EventStream::EventStream(const events::EventHub& hub, EventStreamSettings settings)
    : hub_(hub), settings_(settings) {}

void EventStream::serve(const httplib::Request& req, httplib::Response& res) const {
    if (open_->fetch_add(1) >= settings_.max_streams) {
        open_->fetch_sub(1);
        return send_error(res, 503, "too_many_streams",
                          "at most " + std::to_string(settings_.max_streams) +
                              " event streams are served at once; close one, or start with more --threads");
    }
    res.set_header("Cache-Control", "no-cache");
    res.set_header("X-Accel-Buffering", "no");
    struct State {
        std::uint64_t last_sent;
        bool greeted = false;
        std::chrono::steady_clock::time_point last_write = std::chrono::steady_clock::now();
    };
    auto state = std::make_shared<State>(State{resume_point(req).value_or(hub_.last_id())});
    const auto& hub = hub_;
    const auto keepalive = settings_.keepalive;
    const auto coalesce = settings_.coalesce;
    res.set_chunked_content_provider(
        "text/event-stream",
        [&hub, keepalive, coalesce, state](std::size_t, httplib::DataSink& sink) {
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
            const auto batch = hub.wait_after(state->last_sent, slice, 8192);
            if (batch.closed) {
                sink.done();
                return true;
            }
            std::string out;
            if (batch.lost)
                append_event(out, batch.events.front()->id() - 1, "resync",
                             nlohmann::json{{"oldest", batch.events.front()->id()}}.dump());
            for (const auto& event : batch.events) append_event(out, event->id(), event->type(), event->data());
            if (!batch.events.empty()) state->last_sent = batch.events.back()->id();
            const auto now = std::chrono::steady_clock::now();
            if (out.empty()) {
                if (!sink.is_writable()) return false;
                if (now - state->last_write < keepalive) return true;
                out = ": keepalive\n\n";
            }
            state->last_write = now;
            return sink.write(out.data(), out.size());
        },
        [open = open_](bool) { open->fetch_sub(1); });
}

}  // namespace sim::http
