// The DLR receivers of a soak run, on 127.0.0.1: a healthy one that answers at once, a slow
// one that answers only after 10 s (past the simulator's 2 s timeout), and a dead port where
// nothing listens. The first two record every DLR that reaches them.
#pragma once

#include <chrono>
#include <connectel/webhooks.hpp>
#include <future>
#include <mutex>
#include <string>
#include <vector>

namespace soak {

// One DLR as it reached a receiver.
struct Receipt {
    std::string requestid;
    std::string status;  // statusStr: ENROUTE and QUEUED share statusInt 0
    std::chrono::system_clock::time_point at;
};

// What a receiver has recorded so far, read under one lock.
struct Received {
    std::vector<Receipt> receipts;
    std::size_t unparsed = 0;  // POSTs that were not a DLR, answered 400
};

class RecordingReceiver {
public:
    // Answers each DLR 200 after `answer_after` (zero: at once), with up to `threads` at once.
    RecordingReceiver(const std::string& path, std::chrono::milliseconds answer_after, std::size_t threads);
    ~RecordingReceiver();
    RecordingReceiver(const RecordingReceiver&) = delete;
    RecordingReceiver& operator=(const RecordingReceiver&) = delete;

    std::string url() const { return url_; }
    Received received() const;
    // Answers every held DLR now: the end of the run need not wait out the slow answers.
    void release();

private:
    connectel::WebhookReceiver server_;
    std::string url_;
    std::chrono::milliseconds answer_after_;
    // Set once, by release() or the destructor; held DLRs wait on it up to answer_after_.
    std::promise<void> release_;
    std::shared_future<void> released_ = release_.get_future().share();
    std::once_flag release_once_;
    mutable std::mutex mutex_;  // guards received_
    Received received_;
};

// A port bound on 127.0.0.1 and never listened on: a connection to it is refused at once, and
// no other program can take the port while this lives.
class DeadPort {
public:
    explicit DeadPort(const std::string& path);
    ~DeadPort();
    DeadPort(const DeadPort&) = delete;
    DeadPort& operator=(const DeadPort&) = delete;

    std::string url() const { return url_; }

private:
    int fd_ = -1;
    std::string url_;
};

}  // namespace soak
