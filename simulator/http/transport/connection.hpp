// One accepted TCP connection: its socket, the bytes read from it and not yet consumed, and the
// progress of the request at their front. It is owned by one thread at a time, the event loop
// while it waits and a worker while a request on it is served, and is handed over under a lock.
#pragma once

#include <httplib.h>

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "http/transport/request_framing.hpp"

namespace sim::http::transport {

using Clock = std::chrono::steady_clock;

struct Timeouts {
    std::chrono::milliseconds request{10'000};     // a head from its first byte; a body after its head
    std::chrono::milliseconds keep_alive{60'000};  // an idle connection between requests
    std::chrono::milliseconds read{5'000};         // one wait for a streamed body's next bytes
    std::chrono::milliseconds write{5'000};        // one wait for room to write the answer
};

class Connection {
public:
    enum class Progress {
        Waiting,   // no complete request yet: wait for the socket (or for the deadline)
        Ready,     // a whole request (or a head whose body streams) is at the front
        Rejected,  // the request cannot be served: answer rejection() and close
        Closed,    // the peer closed, or the socket failed, between requests
    };

    Connection(int fd, Clock::time_point now);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    int fd() const noexcept { return fd_; }

    // Reads what the socket has (never blocking) and judges the request at the front.
    Progress advance(const FramingLimits& limits, Clock::time_point now);
    const Framing& rejection() const noexcept { return framing_; }

    // When the front request must be complete (once started), or when the idle connection goes.
    Clock::time_point deadline(const Timeouts& timeouts) const noexcept;
    // Some of a request has arrived, but not all of it.
    bool request_started() const noexcept { return end_ > begin_; }
    bool has_unread_bytes() const noexcept { return end_ > begin_; }
    Clock::time_point request_began() const noexcept { return request_began_; }

    // Around serving the front request: the stream reads it and writes the answer; finish()
    // drops what the request left unread of itself and readies the next one.
    httplib::Stream& stream(const Timeouts& timeouts);
    void finish(Clock::time_point now);
    // The answer said `Connection: close` (an event stream's body ends with the connection).
    bool close_requested() const noexcept { return close_requested_; }
    std::size_t requests_served() const noexcept { return served_; }

    // Writes a whole response, for rejections the transport answers itself (best effort).
    void write_all(std::string_view bytes, const Timeouts& timeouts);
    // Frees the read buffer of a connection that waits with nothing in it.
    void release_buffer_if_empty();
    const std::string& peer() const noexcept { return remote_ip_; }
    // The front request's first line as far as it has arrived (at most `limit` bytes), for logs.
    std::string first_line(std::size_t limit) const;
    // From now on keeps a copy of every byte answered (ExchangeRecorder); take_answered() takes it.
    void keep_answers() noexcept { keeping_answers_ = true; }
    std::string take_answered() { return std::exchange(answered_, {}); }

private:
    class Stream;
    friend class Stream;

    std::size_t buffered() const noexcept { return end_ - begin_; }
    // Reads into the buffer once; >0 bytes, 0 at the peer's end, -1 when nothing is there now.
    long read_some(std::size_t want);
    bool send_all(std::string_view first, std::string_view second, const Timeouts& timeouts);
    bool wait_for(short events, std::chrono::milliseconds timeout) const;

    int fd_;
    std::string remote_ip_, local_ip_;
    int remote_port_ = 0, local_port_ = 0;

    std::string data_;                 // the buffer; [begin_, end_) is unread
    std::size_t begin_ = 0, end_ = 0;
    std::size_t scanned_ = 0;          // frame_request's memory for the front request
    std::size_t request_end_ = 0;      // where the front request ends in data_, once known
    Framing framing_;
    Clock::time_point request_began_;  // its first byte
    Clock::time_point head_ended_;     // when its head was complete (its body's deadline runs from there)
    Clock::time_point idle_since_;     // the end of the last answer (or the accept)
    std::size_t served_ = 0;
    bool close_requested_ = false;
    // The answer's status line and headers, held back to go out with the first piece of its body
    // in one system call (cpp-httplib writes them separately).
    std::string held_head_;
    bool answer_started_ = false;
    bool keeping_answers_ = false;
    std::string answered_;
    std::unique_ptr<Stream> stream_;
};

}  // namespace sim::http::transport
