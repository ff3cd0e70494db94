// The simulator's HTTP/1.1 connections, in front of cpp-httplib's request handling. cpp-httplib
// 0.11 holds a thread per connection for the connection's whole life, so 64 idle keep-alive
// connections, or 64 clients sending their headers slowly, leave no thread for anyone else.
// Here one event loop holds every connection that waits (idle between requests, or with a
// request still arriving); a connection goes to a worker thread only with a whole request in
// hand, and cpp-httplib then parses and routes it exactly as before.
//
// Limits, each refused with a JSON error and the connection closed: a head over
// max_head_bytes (431), a request not complete in time (408), ambiguous framing (400, 501), a
// body over max_body_bytes (413). At max_connections the oldest idle connection is closed to
// admit a new one, then the oldest still sending its request, and only then is a newcomer
// turned away (503).
#pragma once

#include <atomic>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "http/transport/connection.hpp"
#include "http/transport/exchange_recorder.hpp"
#include "http/transport/worker_pool.hpp"

namespace sim::http::transport {

struct ServerLimits {
    std::size_t max_threads = 64;
    std::size_t max_connections = 10'000;
    std::size_t keep_alive_max_requests = 1'000'000;
    FramingLimits framing;
    Timeouts timeouts;
    int listen_backlog = 1024;
};

// A request the transport answered itself, for the log.
struct Rejection {
    int status;
    std::string message;
    std::string field;         // the header at fault, if one is
    std::string request_line;  // as far as it arrived (at most 200 bytes)
    std::string peer;
    Clock::duration took;      // from the request's first byte
};

class ConnectionServer {
public:
    // Serves the request at the front of `stream`: cpp-httplib's process_request.
    using Process = std::function<bool(httplib::Stream& stream, Clock::time_point began, bool close_connection,
                                       bool& connection_closed)>;
    // The JSON body to answer a rejection with; it may also log the rejection.
    using Reject = std::function<std::string(const Rejection&)>;

    ConnectionServer(ServerLimits limits, Process process, Reject reject);
    ~ConnectionServer();
    ConnectionServer(const ConnectionServer&) = delete;
    ConnectionServer& operator=(const ConnectionServer&) = delete;

    // Binds host:port (0 picks a free port) and listens; returns the port. Throws when it cannot.
    int bind(const std::string& host, int port);
    int listening_fd() const noexcept { return listen_fd_; }
    // Serves until stop(); returns once every connection is closed and every worker joined.
    void run();
    void stop();

    // The threads serving requests: a request that waits (WorkerPool::Blocking) tells them.
    WorkerPool& workers() noexcept { return pool_; }

    std::size_t open_connections() const noexcept { return open_.load(); }

    // Records every exchange from now on (before run()); null records none.
    void record_exchanges(std::unique_ptr<ExchangeRecorder> recorder) { recorder_ = std::move(recorder); }

private:
    class Loop;

    void serve(std::unique_ptr<Connection> connection);  // on a worker
    void reject(Connection& connection, const Framing& framing);
    void close(std::unique_ptr<Connection> connection);
    void hand_back(std::unique_ptr<Connection> connection);  // a worker's connection to the loop

    const ServerLimits limits_;
    const Process process_;
    const Reject reject_;
    int listen_fd_ = -1;
    int wake_fd_ = -1;  // eventfd: the loop has connections handed back, or is asked to stop
    std::atomic<bool> stopping_{false};
    std::atomic<std::size_t> open_{0};

    std::mutex handed_back_mutex_;
    std::vector<std::unique_ptr<Connection>> handed_back_;
    bool loop_gone_ = false;  // under handed_back_mutex_

    std::unique_ptr<ExchangeRecorder> recorder_;

    WorkerPool pool_;
};

}  // namespace sim::http::transport
