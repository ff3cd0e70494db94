// Samples a process's resident memory (VmRSS of /proc/PID/status) every 500 ms on its own
// thread, from construction until stop().
#pragma once

#include <sys/types.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

namespace soak {

struct RssSample {
    double seconds;  // since the sampler started
    long long kib;
};

class RssSampler {
public:
    static constexpr std::chrono::milliseconds interval{500};

    explicit RssSampler(pid_t pid);  // takes the first sample before it returns
    ~RssSampler();
    RssSampler(const RssSampler&) = delete;
    RssSampler& operator=(const RssSampler&) = delete;

    RssSample now();                // takes a sample at once (kept with the others), e.g. at a phase's end
    std::vector<RssSample> stop();  // every sample, in time order; once

private:
    RssSample sample();

    pid_t pid_;
    std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
    std::mutex mutex_;  // guards samples_ and stopping_
    std::condition_variable stopped_;
    std::vector<RssSample> samples_;
    bool stopping_ = false;
    std::thread thread_;
};

// VmRSS of `pid` in KiB; -1 when it cannot be read (the process is gone).
long long rss_kib(pid_t pid);

}  // namespace soak
