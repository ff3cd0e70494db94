// A message's lifecycle on the simulator's clock: its scripted steps, its scripted reply, and
// every status change, which the status listener is told of (the DLRs and the event stream).
#include "gateway/gateway.hpp"

namespace sim::gateway {

// Steps are scheduled one at a time, each when the previous has run: one pending task per
// message at most, which keeps a million stored messages small.
void Gateway::schedule_step(Index index, std::uint16_t step) {
    StoredMessage& message = messages_[index];
    message.step_task = StoredMessage::no_task;
    if (step >= message.lifecycle->size()) return;
    message.next_step = step;
    const Time due = message.history.front().at + (*message.lifecycle)[step].after;
    const std::uint16_t epoch = epoch_;
    // 16 bytes of captures: std::function keeps them inline, with no allocation per step.
    message.step_task = scheduler_.at(due, [this, index, step, epoch] { run_step(index, step, epoch); });
}

void Gateway::run_step(Index index, std::uint16_t step, std::uint16_t epoch) {
    std::lock_guard lock(mutex_);
    StoredMessage* found = messages_.find(index);
    if (epoch != epoch_ || !found || found->forgotten()) return;
    StoredMessage& message = *found;
    const bool was_settled = message.settled();  // a final status was forced meanwhile
    message.step_task = StoredMessage::no_task;
    if (!connectel::is_final(message.history.back().status)) {  // else forced to an end meanwhile
        const scenario::LifecycleStep& s = (*message.lifecycle)[step];
        change_status(message, s.status, s.desc, message.history.front().at + s.after);
        schedule_step(index, static_cast<std::uint16_t>(step + 1));
    }
    messages_.note_if_settled(index, was_settled);
    messages_.note_changed(index);
}

// The recipient answers: an inbound SMS from it to the sender, for the message's token.
void Gateway::schedule_reply(Index index) {
    StoredMessage& message = messages_[index];
    const std::uint16_t epoch = epoch_;
    message.reply_task = scheduler_.at(message.history.front().at + message.reply->after, [this, index, epoch] {
        std::lock_guard lock(mutex_);
        StoredMessage* m = messages_.find(index);
        if (epoch != epoch_ || !m || m->forgotten()) return;
        store_inbound(m->recipient, m->content->sender(), m->reply->message, m->token, "reply");
        m->reply = nullptr;
        messages_.note_if_settled(index, false);
        messages_.note_changed(index);
    });
}

void Gateway::change_status(StoredMessage& message, connectel::Status status, std::string desc, Time at) {
    const StatusChange& current = message.history.back();
    if (current.status == status && current.desc == desc) return;  // no change, nothing to report
    message.history.push_back({at, status, std::move(desc)});
    if (status_listener_) status_listener_({messages_.view(message), tokens_[message.token]});
}

std::optional<MessageRecord> Gateway::force_status(std::string_view request_id, connectel::Status status,
                                                   std::string desc) {
    std::lock_guard lock(mutex_);
    const auto index = messages_.index_of(request_id);
    if (!index) return std::nullopt;
    StoredMessage& message = messages_[*index];
    const bool was_settled = message.settled();
    change_status(message, status, std::move(desc), scheduler_.now());
    messages_.note_if_settled(*index, was_settled);
    messages_.note_changed(*index);
    return messages_.record(message);
}

}  // namespace sim::gateway
