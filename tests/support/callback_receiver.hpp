// A real HTTP receiver of callbacks on 127.0.0.1 (port 0): it records every request and can
// fail the first N with 503, or all of them while it is down, to drive retries, or answer late.
// What a user's DLR endpoint is, in the tests and in the callback benchmark.
#pragma once

#include <httplib.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "http/transport/server_tuning.hpp"

namespace connectel_tests {

class CallbackReceiver {
public:
    struct Received {
        std::string path, content_type, body;
        std::chrono::steady_clock::time_point at;  // when it arrived (real time)
    };

    // `threads`: the server's workers (0: the simulator's own default).
    explicit CallbackReceiver(int fail_first = 0, std::size_t threads = 8) : fail_first_(fail_first) {
        // The simulator's own tuning: Nagle off (cpp-httplib writes in pieces: 40 ms a reply),
        // keep-alive for a whole run, and a listen backlog above cpp-httplib's 5, which drops
        // SYNs when the dispatcher's workers connect at once and stalls them for the 1 s SYN retry.
        sim::http::ServerTuning tuning;
        if (threads > 0) tuning.threads = threads;
        socket_.apply(server_, tuning);
        server_.Post(".*", [this](const httplib::Request& req, httplib::Response& res) {
            const auto arrival = std::chrono::steady_clock::now();
            std::unique_lock lock(mutex_);
            // Late: the answer waits, unless the delay is lifted meanwhile or the receiver closes.
            while (!closing_ && std::chrono::steady_clock::now() < arrival + answer_delay_)
                answer_now_.wait_until(lock, arrival + answer_delay_);
            if (seen_++ < fail_first_ || down_) {
                res.status = 503;
                return;
            }
            received_.push_back({req.path, req.get_header_value("Content-Type"), req.body, arrival});
            arrived_.notify_all();
            res.status = 200;
        });
        port_ = server_.bind_to_any_port("127.0.0.1");
        if (port_ <= 0) throw std::runtime_error("the callback receiver cannot bind 127.0.0.1");
        socket_.relisten();
        thread_ = std::thread([this] { server_.listen_after_bind(); });
        while (!server_.is_running()) std::this_thread::yield();
    }
    ~CallbackReceiver() {
        {
            std::lock_guard lock(mutex_);
            closing_ = true;  // late answers go now: the server's threads must end
        }
        answer_now_.notify_all();
        server_.stop();
        thread_.join();
    }

    std::string url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(port_) + path; }
    int port() const { return port_; }

    std::vector<Received> received() const {
        std::lock_guard lock(mutex_);
        return received_;
    }
    // While down it answers 503 to everything, as a proxy does in front of a dead application.
    void set_down(bool down) {
        std::lock_guard lock(mutex_);
        down_ = down;
    }
    // Every answer comes `delay` after its request arrived (a request already waiting gets the new
    // delay): an application slower than the caller's timeout. Recorded when it answers.
    void set_answer_delay(std::chrono::milliseconds delay) {
        {
            std::lock_guard lock(mutex_);
            answer_delay_ = delay;
        }
        answer_now_.notify_all();
    }
    std::size_t received_count() const {
        std::lock_guard lock(mutex_);
        return received_.size();
    }
    // Forgets what was received and seen so far: a benchmark's next run counts from zero.
    void clear() {
        std::lock_guard lock(mutex_);
        received_.clear();
        seen_ = 0;
    }
    int requests_seen() const {
        std::lock_guard lock(mutex_);
        return seen_;
    }
    // For real clocks only: waits until `count` callbacks arrived or `timeout` passed.
    bool wait_for(std::size_t count, std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
        std::unique_lock lock(mutex_);
        return arrived_.wait_for(lock, timeout, [&] { return received_.size() >= count; });
    }

private:
    httplib::Server server_;
    sim::http::TunedSocket socket_;
    int port_ = -1;
    std::thread thread_;
    mutable std::mutex mutex_;  // guards every member below
    std::condition_variable arrived_;
    std::condition_variable answer_now_;  // the delay changed, or the receiver closes
    int fail_first_;
    bool down_ = false;
    std::chrono::milliseconds answer_delay_{0};
    bool closing_ = false;
    int seen_ = 0;
    std::vector<Received> received_;
};

}  // namespace connectel_tests
