// Stops a server on SIGINT or SIGTERM: the signals are blocked in every thread (construct this
// before any thread exists) and taken by sigwait on a thread of their own, so the stop runs as
// ordinary code, not in a signal handler.
#pragma once

#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <functional>
#include <mutex>
#include <thread>

namespace sim {

class SignalStop {
public:
    SignalStop() {
        sigemptyset(&signals_);
        sigaddset(&signals_, SIGINT);
        sigaddset(&signals_, SIGTERM);
        pthread_sigmask(SIG_BLOCK, &signals_, nullptr);
    }
    SignalStop(const SignalStop&) = delete;
    SignalStop& operator=(const SignalStop&) = delete;
    ~SignalStop() { finish(); }

    // Waits for a signal on a new thread, then calls `stop`. Idle keep-alive connections can hold
    // cpp-httplib's workers for seconds; nothing is lost by not waiting for them, so when serving
    // has not ended half a second later the process exits 0 anyway.
    void start(std::function<void()> stop) {
        thread_ = std::thread([this, stop = std::move(stop)] {
            int signal = 0;
            sigwait(&signals_, &signal);
            std::unique_lock lock(mutex_);
            if (served_) return;  // finish()'s own wake-up
            lock.unlock();
            stop();
            lock.lock();
            if (!done_.wait_for(lock, std::chrono::milliseconds(500), [this] { return served_; })) {
                std::fflush(nullptr);
                _exit(0);
            }
        });
    }

    // Serving ended: wake the signal thread (it may still be waiting for a signal) and join it.
    void finish() {
        {
            std::lock_guard lock(mutex_);
            served_ = true;
        }
        done_.notify_all();
        if (thread_.joinable()) {
            ::kill(::getpid(), SIGTERM);
            thread_.join();
        }
    }

private:
    sigset_t signals_;
    std::thread thread_;
    std::mutex mutex_;  // guards served_
    std::condition_variable done_;
    bool served_ = false;
};

}  // namespace sim
