#include "rss_sampler.hpp"

#include <cstdlib>
#include <fstream>
#include <string>

namespace soak {

long long rss_kib(pid_t pid) {
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    for (std::string line; std::getline(status, line);)
        if (line.compare(0, 6, "VmRSS:") == 0) return std::atoll(line.c_str() + 6);
    return -1;
}

RssSampler::RssSampler(pid_t pid) : pid_(pid) {
    samples_.push_back(sample());
    thread_ = std::thread([this] {
        std::unique_lock lock(mutex_);
        while (!stopped_.wait_for(lock, interval, [this] { return stopping_; })) samples_.push_back(sample());
    });
}

RssSampler::~RssSampler() {
    if (thread_.joinable()) stop();
}

RssSample RssSampler::sample() {
    return {std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count(), rss_kib(pid_)};
}

RssSample RssSampler::now() {
    std::lock_guard lock(mutex_);
    samples_.push_back(sample());
    return samples_.back();
}

std::vector<RssSample> RssSampler::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    stopped_.notify_all();
    thread_.join();
    samples_.push_back(sample());
    return samples_;
}

}  // namespace soak
