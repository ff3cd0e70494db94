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

std::shared_ptr<const Lifecycle> Scenario::lifecycle_for(const MessageFacts& facts) const {
    for (const Rule& rule : rules)
        if (rule.lifecycle && rule.match.matches(facts)) return rule.lifecycle;
    return lifecycle;
}

}  // namespace sim::scenario
