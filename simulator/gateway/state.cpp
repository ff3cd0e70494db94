// The gateway's part of a state file (--state): its messages and inbound SMS as rows, and back.
#include "gateway/gateway.hpp"

#include "state/saved_state.hpp"

#include <unordered_map>

namespace sim::gateway {

namespace {

// The rule `pick` finds `target` in (by address: rules live as long as the scenario).
template <class Pick>
std::optional<std::uint32_t> rule_of(const scenario::Scenario& scenario, const void* target, Pick&& pick) {
    if (!target) return std::nullopt;
    for (std::size_t i = 0; i < scenario.rules.size(); ++i)
        if (pick(scenario.rules[i]) == target) return static_cast<std::uint32_t>(i);
    return std::nullopt;
}

// The rule numbered `saved`, when it is there and `pick` finds something in it.
template <class Pick>
auto from_rule(const scenario::Scenario& scenario, const std::optional<std::uint32_t>& saved, Pick&& pick)
    -> decltype(pick(scenario.rules[0])) {
    if (!saved || *saved >= scenario.rules.size()) return nullptr;
    return pick(scenario.rules[*saved]);
}

const scenario::Reply* reply_of(const scenario::Rule& rule) { return rule.reply ? &*rule.reply : nullptr; }
const scenario::CallbackFaults* dlr_faults_of(const scenario::Rule& rule) {
    return rule.dlr_faults ? &*rule.dlr_faults : nullptr;
}
const scenario::Lifecycle* lifecycle_of(const scenario::Rule& rule) { return rule.lifecycle.get(); }

}  // namespace

void Gateway::track_changes(bool fresh) {
    std::lock_guard lock(mutex_);
    for (state::ChangedNumbers* changes : {&messages_.changes(), &inbound_.changes()}) {
        changes->enable();
        if (fresh) changes->note_cleared();
    }
}

// What a later change of a message written already changes: its status, and what is to come.
state::SavedMessage Gateway::saved_status(std::size_t number, const StoredMessage& message) const {
    state::SavedMessage row;
    row.number = number;
    row.history = message.history;
    if (message.step_task != StoredMessage::no_task) row.next_step = message.next_step;
    row.reply_rule = rule_of(*scenario_, message.reply, reply_of);
    return row;
}

// The whole row: what changes, and what a message keeps from its send on.
state::SavedMessage Gateway::saved_message(std::size_t number, const StoredMessage& message) const {
    state::SavedMessage row = saved_status(number, message);
    row.request_id = message.request_id;
    if (message.bulk != StoredMessage::no_bulk) {
        row.bulk_number = message.bulk;
        row.bulk_id = messages_.bulk_id(message.bulk);
    }
    row.key = message.key;
    row.recipient = message.recipient;
    row.token = tokens_[message.token].token;
    row.token_id = tokens_[message.token].id;
    row.sender = message.content->sender();
    row.message = message.content->text();
    row.bulk = message.content->request.bulk;
    row.lifecycle_rule = rule_of(*scenario_, message.lifecycle.get(), lifecycle_of);
    row.dlr_faults_rule = rule_of(*scenario_, message.dlr_faults, dlr_faults_of);
    return row;
}

void Gateway::collect_changes(state::Batch& batch) {
    std::lock_guard lock(mutex_);
    auto messages = messages_.changes().take();
    batch.messages.cleared = messages.cleared;
    batch.messages.below = messages_.first_number();
    const std::uint64_t in_file_end = messages.cleared ? 0 : messages_in_file_end_;
    for (const auto number : messages.numbers) {
        const StoredMessage* message = messages_.find(static_cast<Index>(number));
        if (!message || message->forgotten())
            batch.messages.deleted.push_back(number);
        else if (number < in_file_end)
            batch.messages.updated.push_back(saved_status(number, *message));
        else
            batch.messages.rows.push_back(saved_message(number, *message));
    }
    messages_in_file_end_ = messages_.next_number();
    auto inbound = inbound_.changes().take();
    batch.inbound.cleared = inbound.cleared;
    batch.inbound.below = inbound_.first_number();
    for (const auto number : inbound.numbers) {
        if (const InboundRecord* sms = inbound_.find(number))
            batch.inbound.rows.push_back({number, *sms});
        else
            batch.inbound.deleted.push_back(number);
    }
    batch.world.counters.messages = messages_.next_number();
    batch.world.counters.bulks = messages_.next_bulk_number();
    batch.world.counters.inbound = inbound_.next_number();
    batch.world.rule_uses = rule_uses_;
}

StoredMessage Gateway::restored_message(const state::SavedMessage& saved, std::shared_ptr<const Content> content) {
    StoredMessage message;
    message.request_id = saved.request_id;
    message.recipient = saved.recipient;
    message.key = saved.key;
    message.token = tokens_.index_of(saved.token);
    message.content = std::move(content);
    message.history = saved.history;
    const auto* lifecycle = from_rule(*scenario_, saved.lifecycle_rule, lifecycle_of);
    message.lifecycle = lifecycle ? scenario_->rules[*saved.lifecycle_rule].lifecycle : scenario_->lifecycle;
    message.reply = from_rule(*scenario_, saved.reply_rule, reply_of);
    message.dlr_faults = from_rule(*scenario_, saved.dlr_faults_rule, dlr_faults_of);
    return message;
}

void Gateway::restore(const state::SavedState& saved) {
    std::lock_guard lock(mutex_);
    rule_uses_ = saved.world.rule_uses;
    // A bulk's members share one content, as when it was sent.
    std::unordered_map<std::uint64_t, std::shared_ptr<const Content>> bulk_contents;
    for (const state::SavedMessage& row : saved.messages) {
        std::shared_ptr<const Content> content;
        if (row.bulk_number) content = bulk_contents[*row.bulk_number];
        if (!content) content = describe_content({"", row.sender, row.message, row.bulk, "", {}});
        if (row.bulk_number) bulk_contents[*row.bulk_number] = content;
        const auto bulk = row.bulk_number ? static_cast<std::uint32_t>(*row.bulk_number) : StoredMessage::no_bulk;
        const Index index = messages_.restore(row.number, restored_message(row, content), bulk, row.bulk_id);
        StoredMessage& message = messages_[index];
        if (row.next_step && !connectel::is_final(message.history.back().status))
            schedule_step(index, static_cast<std::uint16_t>(*row.next_step));
        if (message.reply) schedule_reply(index);
        messages_.note_if_settled(index, false);
    }
    messages_.restore_numbering(saved.world.counters.messages, saved.world.counters.bulks);
    messages_in_file_end_ = messages_.next_number();
    for (const state::SavedInbound& row : saved.inbound) inbound_.restore(row.number, row.sms);
    inbound_.restore_numbering(saved.world.counters.inbound);
    messages_.keep_within_bounds();
}

}  // namespace sim::gateway
