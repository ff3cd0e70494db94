// The scenario model: what a scenario file scripts, once parsed and checked.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "scenario/retry_policy.hpp"
#include "clock/scheduler.hpp"
#include "clock/sim_time.hpp"
#include "connectel/status.hpp"
#include "faults/fault.hpp"
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

// An inbound SMS from the recipient, `after` the message was accepted.
struct Reply {
    Duration after{};
    std::string message;
};

// Faults in the simulator's own callbacks (a rule's dlr_faults and inbound_faults), which an
// integrator's endpoint must survive; random ones follow the scenario's seed.
struct DuplicateFault {
    std::uint32_t times = 1;   // extra deliveries of each callback
    double probability = 1.0;  // that a callback gets them
};
struct CallbackFaults {
    std::optional<DuplicateFault> duplicate;
    std::optional<Duration> delay;    // each callback held back this long on the clock
    std::optional<Duration> reorder;  // DLRs: a message's reports due within this window go out newest first
    bool early = false;               // DLRs: one of the accepted status, before the send's answer
};

struct Rule {
    Match match;
    std::optional<std::uint32_t> times;          // the rule applies to its first N matches only
    std::shared_ptr<const Lifecycle> lifecycle;  // null when the rule does not set one
    std::optional<faults::FaultSet> faults;  // the file's `respond`: set, even empty, when the rule has one
    std::optional<Reply> reply;
    std::optional<CallbackFaults> dlr_faults;      // for the DLRs of the messages it matches
    std::optional<CallbackFaults> inbound_faults;  // for the inbound SMS it matches (inbound_facts)
};

enum class PayloadFormat { Json, Form };

struct CallbackTarget {
    std::string url;
    PayloadFormat format = PayloadFormat::Json;
};

struct InboundSettings {
    CallbackTarget target;
    std::vector<std::string> numbers;  // the token's own numbers, that inbound SMS are sent to
};

// An inbound SMS as the timeline scripts it: no request-id or owner yet, the gateway gives them
// when it arrives (gateway::InboundRecord); api::InboundSms is the callback that then goes out.
struct InboundSms {
    std::string from, to, message;
};

struct TimelineEvent {
    Duration at{};  // from the simulator's start
    InboundSms inbound;
};

// Requests per token: bursts up to `count`, refilled evenly over `per`.
struct RateLimit {
    std::uint32_t count = 0;
    Duration per{};
};

struct Quirks {
    bool numeric_dlr_status_str = false;  // "statusStr": 1 as in the reference's DLR example
};

// Where a token's callbacks go: as a scenario's token sets them, as the command line sets them
// for every token that sets none (--dlr-url, --inbound-url, --number...), or as a control call
// sets them at run time (PUT /_sim/tokens/...).
struct TokenCallbacks {
    std::optional<CallbackTarget> dlr;
    std::optional<InboundSettings> inbound;
};

struct TokenSettings {
    std::string token;
    std::string id;  // "tokenid" in delivery reports
    TokenCallbacks callbacks;
};

struct Scenario {
    std::string name;
    std::string description;
    std::optional<std::uint64_t> seed;
    std::optional<ClockSetting> clock;  // absent: real, unless the command line says otherwise
    std::optional<std::vector<TokenSettings>> tokens;  // absent: any non-empty token is accepted
    std::shared_ptr<const Lifecycle> lifecycle;  // the default for every message
    std::vector<Rule> rules;                     // first match wins
    std::vector<TimelineEvent> timeline;
    RetryPolicy callbacks;  // the "callbacks" key
    std::optional<RateLimit> rate_limit;
    Quirks quirks;
    // What it was read from, to show it back (GET /_sim/scenario): the text, its listed tokens
    // masked (masked_source.hpp), and the file name problems are reported with (a path,
    // "default.json", or the name a PUT gave).
    std::string source_text;
    std::string source_name;
    // The text as read, tokens and all: what a state file keeps, to load it again on a restart.
    std::string original_text;
};

// How many messages each rule has decided something for, for `times`. Not thread-safe: the
// gateway calls decide() under its lock.
using RuleUses = std::vector<std::uint32_t>;

// What the rules decide for one message: each aspect comes from the first matching rule that
// sets it and has uses left (`times`); a rule that decides anything uses one of its times.
struct Decision {
    std::shared_ptr<const Lifecycle> lifecycle;  // never null: the scenario's default at least
    const faults::FaultSet* faults = nullptr;    // points into the scenario
    const Reply* reply = nullptr;
    const CallbackFaults* dlr_faults = nullptr;
};
Decision decide(const Scenario& scenario, const MessageFacts& facts, RuleUses& uses);

// An inbound SMS as rules see it: a message from `from` (its sender) to `to` (its recipient),
// for the token that owns `to`; never a bulk.
inline MessageFacts inbound_facts(std::string_view owner_token, std::string_view from, std::string_view to,
                                  std::string_view message) {
    return {owner_token, from, to, message, false};
}
// The inbound faults for an inbound SMS: the first matching rule's that sets them and has uses
// left (a use counted); null when none does.
const CallbackFaults* decide_inbound(const Scenario& scenario, const MessageFacts& facts, RuleUses& uses);

}  // namespace sim::scenario
