// The threads that serve requests: started as work arrives, up to a cap, and never more than
// the work needs. A worker that keeps a keep-alive connection between its requests (the fast
// path: the next request is read on the same thread, as a thread-per-connection server does)
// watches pressure_fd(), which is readable while work waits for a thread at the cap; it then
// hands its connection back to the event loop, so held connections never starve new ones.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "http/transport/connection.hpp"

namespace sim::http::transport {

class WorkerPool {
public:
    using Serve = std::function<void(std::unique_ptr<Connection>)>;

    WorkerPool(std::size_t max_threads, Serve serve);
    ~WorkerPool();
    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;

    void submit(std::unique_ptr<Connection> connection);
    // Work waits for a thread and none can be started.
    bool under_pressure() const noexcept;
    int pressure_fd() const noexcept { return pressure_fd_; }
    // Raises the pressure for good (workers holding connections let them go), runs what is
    // queued, and joins the threads.
    void stop();

    std::size_t threads() const;

private:
    void work();
    void set_pressure(bool on);  // under the lock

    const std::size_t max_threads_;
    const Serve serve_;
    const int pressure_fd_;  // an eventfd: readable while under pressure

    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<std::unique_ptr<Connection>> queue_;
    std::vector<std::thread> threads_;
    std::size_t idle_ = 0;
    bool pressure_ = false;
    bool stopping_ = false;
};

}  // namespace sim::http::transport
