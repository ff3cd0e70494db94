// The scenario model: what a scenario file scripts, once parsed and checked.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "clock/scheduler.hpp"
#include "clock/sim_time.hpp"
#include "connectel/status.hpp"
#include "scenario/pattern.hpp"

namespace sim::scenario {

// One status change, `after` the message was accepted.
struct LifecycleStep {
    Duration after{};
    connectel::Status status = connectel::Status::Delivered;
    std::string desc;  // statusDesc
};
using Lifecycle = std::vector<LifecycleStep>;

// What a message is, for rule matching.
struct MessageFacts {
    std::string_view token;
    std::string_view sender;
    std::string_view recipient;
    std::string_view message;
    bool bulk = false;
};

struct Match {
    std::optional<Pattern> recipient, sender, message, token;
    std::optional<bool> bulk;

    bool matches(const MessageFacts& facts) const;
    // True when it has no condition that can fail.
    bool matches_everything() const;
};

struct Rule {
    Match match;
    std::shared_ptr<const Lifecycle> lifecycle;  // null when the rule does not set one
};

struct TokenSettings {
    std::string token;
    std::string id;  // "tokenid" in delivery reports
};

struct Scenario {
    std::string name;
    std::string description;
    std::optional<std::uint64_t> seed;
    std::optional<ClockSetting> clock;  // absent: real, unless the command line says otherwise
    std::optional<std::vector<TokenSettings>> tokens;  // absent: any non-empty token is accepted
    std::shared_ptr<const Lifecycle> lifecycle;  // the default for every message
    std::vector<Rule> rules;                     // first match wins

    // The lifecycle for a message: the first matching rule that sets one, else the default.
    std::shared_ptr<const Lifecycle> lifecycle_for(const MessageFacts& facts) const;
};

}  // namespace sim::scenario
