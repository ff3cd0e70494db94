// The soak run's scenario: three tokens whose DLRs go to a healthy receiver, a slow one and a
// dead one, on the real clock with a lifecycle short enough that DLRs flow during the run.
#pragma once

#include <chrono>
#include <string>

namespace soak {

struct Token {
    const char* token;  // what a client sends as `authorization`
    const char* id;     // the tokenid the simulator reports
};

inline constexpr Token healthy_token{"soak-healthy", "healthy"};
inline constexpr Token slow_token{"soak-slow", "slow"};
inline constexpr Token dead_token{"soak-dead", "dead"};

// The scenario's callback policy: an attempt waits 2 s for its answer, and each DLR is tried
// 1 + 2 times, 500 ms then 1 s apart, before it is marked failed.
inline constexpr auto callback_timeout = std::chrono::seconds(2);
inline constexpr unsigned callback_retries = 2;

// The scenario's text (JSON), given the three receivers' DLR URLs.
std::string scenario_text(const std::string& healthy_url, const std::string& slow_url,
                          const std::string& dead_url);

}  // namespace soak
