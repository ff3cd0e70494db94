// The cpp-httplib settings the simulator serves with, shared with the bare-server baseline of
// the benchmarks so that both are measured alike. cpp-httplib's defaults (Nagle on, five
// requests per connection, eight threads, a listen backlog of five) are tuned for nothing.
#pragma once

#include <sys/socket.h>

#include <atomic>
#include <cstddef>
#include <httplib.h>
#include <memory>

namespace sim::http {

struct ServerTuning {
    // Worker threads: one per open connection (cpp-httplib keeps a thread per keep-alive
    // connection), so more than the clients a test suite or a load test opens at once.
    std::size_t threads = 64;
    std::size_t keep_alive_max_requests = 1'000'000;
    int keep_alive_timeout_seconds = 5;
    int listen_backlog = 1024;
    std::size_t max_body_bytes = 4 * 1024 * 1024;
};

// Applies `tuning` to `server`; call before binding. The backlog is applied by relisten(),
// after binding, as the installed cpp-httplib compiles its own backlog in.
class TunedSocket {
public:
    void apply(httplib::Server& server, const ServerTuning& tuning) {
        tuning_ = tuning;
        server.set_tcp_nodelay(true);
        server.set_keep_alive_max_count(tuning.keep_alive_max_requests);
        server.set_keep_alive_timeout(tuning.keep_alive_timeout_seconds);
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
