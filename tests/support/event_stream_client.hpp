// A client of GET /_sim/events for tests: reads the server-sent events on its own thread and
// keeps each one, so a test can act, then wait for what the stream must have said.
#pragma once

#include <httplib.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace connectel_tests {

struct StreamEvent {
    std::uint64_t id = 0;
    std::string type;
    nlohmann::json data;
};

class EventStreamClient {
public:
    // Connects to 127.0.0.1:port and returns once the server has answered with the stream at
    // `path` (its query filters it).
    explicit EventStreamClient(int port, std::optional<std::uint64_t> last_event_id = std::nullopt,
                               std::string path = "/_sim/events")
        : client_("127.0.0.1", port) {
        client_.set_read_timeout(60, 0);  // the server's keepalive comes every 10 s
        httplib::Headers headers = {{"Accept", "text/event-stream"}};
        if (last_event_id) headers.emplace("Last-Event-ID", std::to_string(*last_event_id));
        reader_ = std::thread([this, headers, path] {
            auto res = client_.Get(path, headers, [this](const char* data, std::size_t size) {
                take(std::string(data, size));
                return true;
            });
            std::lock_guard lock(mutex_);
            status_ = res ? res->status : -1;
            ended_ = true;
            changed_.notify_all();
        });
        std::unique_lock lock(mutex_);
        if (!changed_.wait_for(lock, std::chrono::seconds(10), [this] { return connected_ || ended_; }) || !connected_)
            throw std::runtime_error("the event stream did not open (HTTP " + std::to_string(status_) + ")");
    }

    ~EventStreamClient() {
        client_.stop();
        reader_.join();
    }
    EventStreamClient(const EventStreamClient&) = delete;
    EventStreamClient& operator=(const EventStreamClient&) = delete;

    // Every event so far, once at least `count` have come; throws after `timeout`.
    std::vector<StreamEvent> wait_for(std::size_t count, std::chrono::seconds timeout = std::chrono::seconds(10)) {
        std::unique_lock lock(mutex_);
        if (!changed_.wait_for(lock, timeout, [&] { return events_.size() >= count || ended_; }) ||
            events_.size() < count)
            throw std::runtime_error("the stream gave " + std::to_string(events_.size()) + " events, not " +
                                     std::to_string(count));
        return events_;
    }

    // The first event of `type` (waiting for it), and every event before it.
    StreamEvent wait_for_type(const std::string& type, std::chrono::seconds timeout = std::chrono::seconds(10)) {
        std::unique_lock lock(mutex_);
        const auto found = [&]() -> const StreamEvent* {
            for (const auto& e : events_)
                if (e.type == type) return &e;
            return nullptr;
        };
        if (!changed_.wait_for(lock, timeout, [&] { return found() || ended_; }) || !found())
            throw std::runtime_error("no " + type + " event came");
        return *found();
    }

    std::vector<StreamEvent> events() const {
        std::lock_guard lock(mutex_);
        return events_;
    }

private:
    // Splits the stream into events at blank lines; `:` lines are comments (the server's
    // ": connected" greeting among them).
    void take(const std::string& bytes) {
        std::lock_guard lock(mutex_);
        pending_ += bytes;
        for (std::size_t end; (end = pending_.find("\n\n")) != std::string::npos; pending_.erase(0, end + 2)) {
            StreamEvent event;
            bool has_data = false;
            std::size_t start = 0;
            const std::string block = pending_.substr(0, end);
            while (start <= block.size()) {
                std::size_t stop = block.find('\n', start);
                if (stop == std::string::npos) stop = block.size();
                const std::string line = block.substr(start, stop - start);
                start = stop + 1;
                if (line == ": connected") connected_ = true;
                if (line.rfind("id: ", 0) == 0) event.id = std::stoull(line.substr(4));
                if (line.rfind("event: ", 0) == 0) event.type = line.substr(7);
                if (line.rfind("data: ", 0) == 0) {
                    event.data = nlohmann::json::parse(line.substr(6));
                    has_data = true;
                }
            }
            if (has_data) events_.push_back(std::move(event));
        }
        changed_.notify_all();
    }

    httplib::Client client_;
    std::thread reader_;
    mutable std::mutex mutex_;  // guards everything below
    std::condition_variable changed_;
    std::string pending_;
    std::vector<StreamEvent> events_;
    bool connected_ = false, ended_ = false;
    int status_ = 0;
};

}  // namespace connectel_tests
