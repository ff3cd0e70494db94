// What the simulator serves with (--threads, --max-connections, ...), and TunedSocket: the same
// settings applied to a plain cpp-httplib server, for the benchmarks' bare-server baseline and
// the tests' callback receivers. cpp-httplib's defaults (Nagle on, five requests per connection,
// eight threads, a listen backlog of five) are tuned for nothing.
#pragma once

#include <sys/socket.h>

#include <atomic>
#include <cstddef>
#include <httplib.h>
#include <memory>

namespace sim::http {

struct ServerTuning {
    // Worker threads at most. The simulator's threads serve requests, not connections: a
    // connection waiting between requests holds none. A plain cpp-httplib server (TunedSocket)
    // holds one per open connection.
    std::size_t threads = 64;
    std::size_t keep_alive_max_requests = 1'000'000;
    int listen_backlog = 1024;
    std::size_t max_body_bytes = 4 * 1024 * 1024;
    // The simulator's connections (not TunedSocket's): how many may be open at once, the
    // largest request head, the time a request has to arrive (its head from its first byte,
    // then its body), and how long an idle keep-alive connection is kept.
    std::size_t max_connections = 10'000;
    std::size_t max_header_bytes = 64 * 1024;
    int request_timeout_seconds = 10;
    int keep_alive_timeout_seconds = 60;
    // List calls that wait (wait=) at once. Each holds its connection and a thread while it
    // waits, a thread not counted in `threads`: waiting never slows the calls that do not wait.
    std::size_t max_waiting = 256;
};

// Applies `tuning` to `server`; call before binding. The backlog is applied by relisten(),
// after binding, as the installed cpp-httplib compiles its own backlog in.
class TunedSocket {
public:
    void apply(httplib::Server& server, const ServerTuning& tuning) {
        tuning_ = tuning;
        server.set_tcp_nodelay(true);
        server.set_keep_alive_max_count(tuning.keep_alive_max_requests);
        // A plain cpp-httplib server holds a thread per idle connection: it lets them go soon.
        server.set_keep_alive_timeout(5);
        server.set_payload_max_length(tuning.max_body_bytes);
        const std::size_t threads = tuning.threads;
        server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
        auto socket = socket_;
        server.set_socket_options([socket](socket_t fd) {
            int yes = 1;
            ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
            socket->store(fd);
        });
    }

    // Raises the listen backlog of the bound socket (Linux allows listen() again for this).
    void relisten() const {
        const int fd = socket_->load();
        if (fd >= 0) ::listen(fd, tuning_.listen_backlog);
    }

private:
    ServerTuning tuning_;
    std::shared_ptr<std::atomic<int>> socket_ = std::make_shared<std::atomic<int>>(-1);
};

}  // namespace sim::http
