// How callbacks are retried: the scenario's "callbacks" key, as the loader reads it; the
// callback dispatcher applies it (docs/scenarios.md, "callbacks").
#pragma once

#include <chrono>

#include "clock/sim_time.hpp"

namespace sim::scenario {

// Each failed attempt is retried after backoff, doubling, up to max_backoff, `retries` times.
struct RetryPolicy {
    Duration timeout = std::chrono::seconds(2);         // per attempt, real time (network)
    unsigned retries = 5;                               // attempts after the first
    Duration backoff = std::chrono::milliseconds(500);  // before the first retry; doubles each time
    Duration max_backoff = std::chrono::seconds(30);
};

}  // namespace sim::scenario
