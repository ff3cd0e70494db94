// The scenario's rate limit per token: a bucket of `count` requests, refilled evenly over
// `per` on the simulator's clock.
#pragma once

#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "clock/scheduler.hpp"
#include "scenario/scenario.hpp"

namespace sim::gateway {

class RateLimiter {
public:
    RateLimiter(std::optional<scenario::RateLimit> limit, const Scheduler& clock) : limit_(limit), clock_(clock) {}

    // False when this request is over the token's limit (and then it is not counted).
    bool admit(std::string_view token);
    // "none", or "10 per 1s": what a 429 says the limit is.
    std::string describe() const;
    // Every bucket full again.
    void reset();

private:
    struct Bucket {
        double requests = 0;  // left to spend
        Time refilled{};
    };

    const std::optional<scenario::RateLimit> limit_;
    const Scheduler& clock_;
    std::mutex mutex_;  // guards buckets_
    std::unordered_map<std::string, Bucket> buckets_;  // by token
};

}  // namespace sim::gateway
