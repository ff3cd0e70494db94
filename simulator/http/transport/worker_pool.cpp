#include "http/transport/worker_pool.hpp"

#include <sys/eventfd.h>
#include <unistd.h>

#include <cstdint>
#include <stdexcept>

namespace sim::http::transport {

WorkerPool::WorkerPool(std::size_t max_threads, Serve serve)
    : max_threads_(std::max<std::size_t>(1, max_threads)),
      serve_(std::move(serve)),
      pressure_fd_(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) {
    if (pressure_fd_ < 0) throw std::runtime_error("cannot create an eventfd for the worker pool");
}

WorkerPool::~WorkerPool() {
    stop();
    ::close(pressure_fd_);
}

void WorkerPool::set_pressure(bool on) {
    if (on == pressure_) return;
    pressure_ = on;
    std::uint64_t value = 1;
    if (on) {
        [[maybe_unused]] const auto written = ::write(pressure_fd_, &value, sizeof value);
    } else {
        [[maybe_unused]] const auto read = ::read(pressure_fd_, &value, sizeof value);
    }
}

void WorkerPool::submit(std::unique_ptr<Connection> connection) {
    std::lock_guard lock(mutex_);
    queue_.push_back(std::move(connection));
    if (queue_.size() <= idle_) {
        wake_.notify_one();
    } else if (may_start_thread()) {
        threads_.emplace_back([this] { work(); });
    } else {
        set_pressure(true);
    }
}

bool WorkerPool::under_pressure() const noexcept {
    std::lock_guard lock(mutex_);
    return pressure_;
}

WorkerPool::Blocking::Blocking(WorkerPool& pool) : pool_(pool) {
    std::lock_guard lock(pool_.mutex_);
    ++pool_.blocked_;
    if (pool_.queue_.size() > pool_.idle_ && pool_.may_start_thread())
        pool_.threads_.emplace_back([&pool] { pool.work(); });
}

WorkerPool::Blocking::~Blocking() {
    std::lock_guard lock(pool_.mutex_);
    --pool_.blocked_;
}

std::size_t WorkerPool::threads() const {
    std::lock_guard lock(mutex_);
    return threads_.size();
}

void WorkerPool::work() {
    std::unique_lock lock(mutex_);
    for (;;) {
        ++idle_;
        wake_.wait(lock, [this] { return !queue_.empty() || stopping_; });
        --idle_;
        if (queue_.empty()) return;  // stopping, and nothing left to run
        auto connection = std::move(queue_.front());
        queue_.pop_front();
        if (queue_.empty() && !stopping_) set_pressure(false);
        lock.unlock();
        serve_(std::move(connection));
        lock.lock();
    }
}

void WorkerPool::stop() {
    std::vector<std::thread> threads;
    {
        std::lock_guard lock(mutex_);
        if (stopping_ && threads_.empty()) return;
        stopping_ = true;
        set_pressure(true);
        wake_.notify_all();
        threads.swap(threads_);
    }
    for (auto& thread : threads) thread.join();
}

}  // namespace sim::http::transport
