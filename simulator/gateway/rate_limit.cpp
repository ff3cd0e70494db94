// Token buckets on the simulator's clock.
#include "gateway/rate_limit.hpp"

#include <algorithm>

namespace sim::gateway {

bool RateLimiter::admit(std::string_view token) {
    if (!limit_) return true;
    const double capacity = limit_->count;
    const double per_microsecond = capacity / static_cast<double>(limit_->per.count());
    std::lock_guard lock(mutex_);
    const Time now = clock_.now();
    auto [it, created] = buckets_.try_emplace(std::string(token), Bucket{capacity, now});
    Bucket& bucket = it->second;
    if (!created && now > bucket.refilled) {
        bucket.requests = std::min(
            capacity, bucket.requests + per_microsecond * static_cast<double>((now - bucket.refilled).count()));
        bucket.refilled = now;
    }
    if (bucket.requests < 1.0) return false;
    bucket.requests -= 1.0;
    return true;
}

std::string RateLimiter::describe() const {
    if (!limit_) return "none";
    return std::to_string(limit_->count) + " per " + format_duration(limit_->per);
}

void RateLimiter::reset() {
    std::lock_guard lock(mutex_);
    buckets_.clear();
}

}  // namespace sim::gateway
