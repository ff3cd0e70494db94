// Rule matching over the scenario model.
#include "scenario/scenario.hpp"

namespace sim::scenario {

bool Match::matches(const MessageFacts& facts) const {
    if (bulk && *bulk != facts.bulk) return false;
    if (recipient && !recipient->matches(facts.recipient)) return false;
    if (sender && !sender->matches(facts.sender)) return false;
    if (token && !token->matches(facts.token)) return false;
    if (message && !message->matches(facts.message)) return false;
    return true;
}

bool Match::matches_everything() const {
    for (const auto* pattern : {&recipient, &sender, &message, &token})
        if (*pattern && !(*pattern)->matches_everything()) return false;
    return !bulk;
}

Decision decide(const Scenario& scenario, const MessageFacts& facts, RuleUses& uses) {
    uses.resize(scenario.rules.size());
    Decision decision;
    for (std::size_t i = 0; i < scenario.rules.size(); ++i) {
        const Rule& rule = scenario.rules[i];
        if (rule.times && uses[i] >= *rule.times) continue;
        const bool adds_lifecycle = rule.lifecycle && !decision.lifecycle;
        const bool adds_faults = rule.faults && !decision.faults;
        const bool adds_reply = rule.reply && !decision.reply;
        const bool adds_dlr_faults = rule.dlr_faults && !decision.dlr_faults;
        if (!(adds_lifecycle || adds_faults || adds_reply || adds_dlr_faults) || !rule.match.matches(facts)) continue;
        if (adds_lifecycle) decision.lifecycle = rule.lifecycle;
        if (adds_faults) decision.faults = &*rule.faults;
        if (adds_reply) decision.reply = &*rule.reply;
        if (adds_dlr_faults) decision.dlr_faults = &*rule.dlr_faults;
        ++uses[i];
    }
    if (!decision.lifecycle) decision.lifecycle = scenario.lifecycle;
    return decision;
}

const CallbackFaults* decide_inbound(const Scenario& scenario, const MessageFacts& facts, RuleUses& uses) {
    uses.resize(scenario.rules.size());
    for (std::size_t i = 0; i < scenario.rules.size(); ++i) {
        const Rule& rule = scenario.rules[i];
        if (!rule.inbound_faults || (rule.times && uses[i] >= *rule.times) || !rule.match.matches(facts)) continue;
        ++uses[i];
        return &*rule.inbound_faults;
    }
    return nullptr;
}

}  // namespace sim::scenario
