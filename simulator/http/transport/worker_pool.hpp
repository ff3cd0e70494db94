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

    // While it lives, the worker that made it waits for something else than its connection (a
    // list call's wait=): it does not count against the cap, so work that comes meanwhile
    // starts another thread rather than waiting for this one. Those that wait are bounded
    // elsewhere (waits/waiters.hpp); a thread started for one stays, idle, like any other.
    class Blocking {
    public:
        explicit Blocking(WorkerPool& pool);
        ~Blocking();
        Blocking(const Blocking&) = delete;
        Blocking& operator=(const Blocking&) = delete;

    private:
        WorkerPool& pool_;
    };

private:
    void work();
    void set_pressure(bool on);  // under the lock
    bool may_start_thread() const noexcept {  // under the lock
        return threads_.size() < max_threads_ + blocked_ && !stopping_;
    }

    const std::size_t max_threads_;
    const Serve serve_;
    const int pressure_fd_;  // an eventfd: readable while under pressure

    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<std::unique_ptr<Connection>> queue_;
    std::vector<std::thread> threads_;
    std::size_t idle_ = 0;
    std::size_t blocked_ = 0;  // workers inside a Blocking
    bool pressure_ = false;
    bool stopping_ = false;
};

}  // namespace sim::http::transport
