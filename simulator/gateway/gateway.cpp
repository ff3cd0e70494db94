// Accepting messages, moving them through their lifecycle, and reading them back.
#include "gateway/gateway.hpp"

#include <cstdio>

#include "connectel/sms/analysis.hpp"

namespace sim::gateway {

using connectel::Status;

namespace {

// A stable, non-secret id for a token the scenario does not list (tokenid in callbacks).
std::string derived_token_id(std::string_view token) {
    std::uint64_t hash = 1469598103934665603ULL;  // FNV-1a
    for (unsigned char c : token) hash = (hash ^ c) * 1099511628211ULL;
    char id[24];
    std::snprintf(id, sizeof id, "tok-%08llx", static_cast<unsigned long long>(hash >> 32));
    return id;
}

}  // namespace

std::shared_ptr<const Content> describe_content(std::string_view sender, std::string_view text) {
    auto content = std::make_shared<Content>();
    content->sender = std::string(sender);
    content->text = std::string(text);
    connectel::sms::Utf8Error error;
    const auto analysis = connectel::sms::analyze(text, {}, error);
    content->encoding = analysis.encoding;
    content->characters = static_cast<std::uint32_t>(analysis.characters);
    content->segments = static_cast<std::uint32_t>(analysis.segments);
    return content;
}

Gateway::Gateway(std::shared_ptr<const scenario::Scenario> scenario, Scheduler& scheduler, std::uint64_t seed,
                 StoreLimits limits)
    : scenario_(std::move(scenario)),
      scheduler_(scheduler),
      limits_(limits),
      ids_(seed),
      inbound_ids_(~seed) {
    if (scenario_->tokens)
        for (const auto& settings : *scenario_->tokens) {
            if (settings.inbound)
                for (const auto& number : settings.inbound->numbers)
                    token_by_number_.emplace(number, static_cast<std::uint32_t>(tokens_.size()));
            token_by_text_.emplace(settings.token, static_cast<std::uint32_t>(tokens_.size()));
            tokens_.push_back({settings.token, settings.id.empty() ? derived_token_id(settings.token) : settings.id});
        }
}

Gateway::Auth Gateway::authenticate(std::string_view token) const {
    if (token.empty()) return Auth::Missing;
    if (!scenario_->tokens) return Auth::Accepted;
    std::lock_guard lock(mutex_);
    return token_by_text_.count(std::string(token)) ? Auth::Accepted : Auth::Unknown;
}

std::uint32_t Gateway::token_index(std::string_view token) {
    const std::string key(token);
    if (const auto it = token_by_text_.find(key); it != token_by_text_.end()) return it->second;
    const auto index = static_cast<std::uint32_t>(tokens_.size());
    tokens_.push_back({key, derived_token_id(token)});
    token_by_text_.emplace(key, index);
    return index;
}

bool Gateway::admit(std::string_view token) {
    const auto& limit = scenario_->rate_limit;
    if (!limit) return true;
    const double capacity = limit->count;
    const double per_microsecond = capacity / static_cast<double>(limit->per.count());
    std::lock_guard lock(mutex_);
    const Time now = scheduler_.now();
    auto [it, created] = buckets_.try_emplace(std::string(token), Bucket{capacity, now});
    Bucket& bucket = it->second;
    if (!created && now > bucket.refilled) {
        bucket.requests = std::min(capacity, bucket.requests + per_microsecond * static_cast<double>((now - bucket.refilled).count()));
        bucket.refilled = now;
    }
    if (bucket.requests < 1.0) return false;
    bucket.requests -= 1.0;
    return true;
}

std::string Gateway::rate_limit_text() const {
    const auto& limit = scenario_->rate_limit;
    if (!limit) return "none";
    return std::to_string(limit->count) + " per " + format_duration(limit->per);
}

// Everything about a message that needs no lock: its strings.
Gateway::Message Gateway::prepare(const std::shared_ptr<const Content>& content, std::string_view recipient,
                                  std::string_view key) const {
    Message message;
    message.recipient = std::string(recipient);
    message.key = std::string(key);
    message.content = content;
    message.history.reserve(2);  // accepted + the usual one change, without a reallocation
    return message;
}

// Under the lock (rules with `times` count their uses): each message's lifecycle, and the
// request's faults: the first member's that replace the answer, else the first member's, so
// that a member's mere latency never hides another member's refusal.
std::shared_ptr<const faults::FaultSet> Gateway::decide_locked(std::string_view token, std::vector<Message>& messages,
                                                               bool bulk) {
    const faults::FaultSet* chosen = nullptr;
    for (Message& message : messages) {
        const auto decision = scenario::decide(
            *scenario_, {token, message.content->sender, message.recipient, message.content->text, bulk}, rule_uses_);
        message.lifecycle = decision.lifecycle;
        message.reply = decision.reply;
        if (!decision.faults) continue;
        if (!chosen || (decision.faults->replaces_answer() && !chosen->replaces_answer())) chosen = decision.faults;
    }
    if (!chosen) return nullptr;
    return {scenario_, chosen};  // shares the scenario's ownership: no allocation
}

// Under the lock: the index, the id, the first status, and the first lifecycle step. The caller
// calls keep_within_bounds() once it has stored the request's messages.
std::uint32_t Gateway::store(Message&& prepared, std::uint32_t token_idx, std::uint32_t bulk, Status initial,
                             Time now) {
    const auto index = static_cast<std::uint32_t>(messages_.end());
    Message& message = messages_.emplace_back(std::move(prepared));
    ++kept_messages_;
    if (bulk != no_bulk) ++bulks_[bulk].kept;
    message.request_id = ids_.request_id(now, index);
    message.token = token_idx;
    message.bulk = bulk;
    message_bytes_ += footprint(message);
    message.history.push_back({now, initial, ""});
    if (accept_listener_)
        accept_listener_({message.request_id, bulk_id(message), message.key, message.recipient,
                          tokens_[message.token].id, *message.content, message.history});
    schedule_step(index, 0);
    if (message.reply) schedule_reply(index);
    note_if_settled(index, false);
    return index;
}

AcceptedSingle Gateway::accept_single(std::string_view token, std::string_view sender, std::string_view recipient,
                                      std::string_view message) {
    std::vector<Message> prepared;
    prepared.push_back(prepare(describe_content(sender, message), recipient, ""));
    AcceptedSingle accepted;
    std::lock_guard lock(mutex_);
    accepted.faults = decide_locked(token, prepared, false);
    if (accepted.faults && accepted.faults->replaces_answer()) return accepted;  // nothing is stored
    const auto index = store(std::move(prepared[0]), token_index(token), no_bulk, Status::Enroute, scheduler_.now());
    accepted.request_id = messages_[index].request_id;
    keep_within_bounds();
    return accepted;
}

AcceptedBulk Gateway::accept_bulk(std::string_view token, std::string_view sender,
                                  const std::vector<connectel::api::BulkRecipient>& recipients,
                                  std::string_view message) {
    const auto content = describe_content(sender, message);
    std::vector<Message> prepared;
    prepared.reserve(recipients.size());
    for (const auto& r : recipients) prepared.push_back(prepare(content, r.number, r.key));

    AcceptedBulk accepted;
    std::lock_guard lock(mutex_);
    accepted.faults = decide_locked(token, prepared, true);
    if (accepted.faults && accepted.faults->replaces_answer()) return accepted;
    accepted.request_ids.reserve(recipients.size());
    const Time now = scheduler_.now();
    const auto token_idx = token_index(token);
    const auto bulk_index = static_cast<std::uint32_t>(bulks_.end());
    Bulk& bulk = bulks_.emplace_back();
    bulk.bulk_id = ids_.bulk_id(now, bulk_index);
    bulk.token = token_idx;
    bulk.members.reserve(recipients.size());
    message_bytes_ += footprint(bulk, *content);
    for (Message& member : prepared) {
        const auto index = store(std::move(member), token_idx, bulk_index, Status::Queued, now);
        bulk.members.push_back(index);
        accepted.request_ids.push_back(messages_[index].request_id);
    }
    accepted.bulk_id = bulk.bulk_id;
    keep_within_bounds();  // after the ids are read: a bulk larger than the bound loses members
    return accepted;
}

// Steps are scheduled one at a time, each when the previous has run: one pending task per
// message at most, which keeps a million stored messages small.
void Gateway::schedule_step(std::uint32_t index, std::uint16_t step) {
    Message& message = messages_[index];
    message.step_task = no_task;
    if (step >= message.lifecycle->size()) return;
    const Time due = message.history.front().at + (*message.lifecycle)[step].after;
    const std::uint16_t epoch = epoch_;
    // 16 bytes of captures: std::function keeps them inline, with no allocation per step.
    message.step_task = scheduler_.at(due, [this, index, step, epoch] { run_step(index, step, epoch); });
}

// The recipient answers: an inbound SMS from it to the sender, for the message's token.
void Gateway::schedule_reply(std::uint32_t index) {
    Message& message = messages_[index];
    const std::uint16_t epoch = epoch_;
    message.reply_task = scheduler_.at(message.history.front().at + message.reply->after, [this, index, epoch] {
        std::lock_guard lock(mutex_);
        Message* m = messages_.find(index);
        if (epoch != epoch_ || !m || m->forgotten()) return;
        store_inbound(m->recipient, m->content->sender, m->reply->message, m->token, "reply");
        m->reply = nullptr;
        note_if_settled(index, false);
    });
}

const InboundRecord& Gateway::store_inbound(std::string_view from, std::string_view to, std::string_view message,
                                            std::uint32_t token, std::string_view origin) {
    const Time now = scheduler_.now();
    const auto index = static_cast<std::uint32_t>(inbound_.end());
    InboundRecord& record = inbound_.emplace_back();
    record.request_id = inbound_ids_.request_id(now, index);
    record.from = std::string(from);
    record.to = std::string(to);
    record.message = std::string(message);
    record.token = tokens_[token].token;
    record.token_id = tokens_[token].id;
    record.at = now;
    record.origin = std::string(origin);
    if (inbound_listener_) inbound_listener_(record);
    inbound_bytes_ += footprint(record);
    while (limits_.exceeded(inbound_.size(), inbound_bytes_)) {  // never `record`: the newest stays
        inbound_bytes_ -= footprint(inbound_.front());
        inbound_.pop_front();
    }
    return record;
}

std::optional<InboundRecord> Gateway::receive_inbound(std::string_view from, std::string_view to,
                                                      std::string_view message, std::string_view origin) {
    std::lock_guard lock(mutex_);
    const auto owner = token_by_number_.find(std::string(to));
    if (owner == token_by_number_.end()) return std::nullopt;
    return store_inbound(from, to, message, owner->second, origin);
}

Page<InboundRecord> Gateway::inbound(const InboundFilter& filter, const PageSpec& spec) const {
    std::lock_guard lock(mutex_);
    const auto positions = select_page(inbound_.first(), inbound_.end(), spec, [&](std::size_t i) {
        const InboundRecord& sms = inbound_[i];
        return (filter.from.empty() || sms.from == filter.from) && (filter.to.empty() || sms.to == filter.to);
    });
    Page<InboundRecord> page{{}, positions.total, positions.more};
    for (const auto i : positions.items) page.items.push_back(inbound_[i]);
    return page;
}

std::optional<std::size_t> Gateway::inbound_position(std::string_view request_id) const {
    std::lock_guard lock(mutex_);
    const auto index = inbound_ids_.request_index(request_id);
    if (!index || *index >= inbound_.end()) return std::nullopt;
    if (inbound_.holds(*index) && inbound_[*index].request_id != request_id) return std::nullopt;
    return index;
}

void Gateway::run_step(std::uint32_t index, std::uint16_t step, std::uint16_t epoch) {
    std::lock_guard lock(mutex_);
    Message* found = messages_.find(index);
    if (epoch != epoch_ || !found || found->forgotten()) return;
    Message& message = *found;
    const bool was_settled = settled(message);  // a final status was forced meanwhile
    message.step_task = no_task;
    if (!connectel::is_final(message.history.back().status)) {  // else forced to an end meanwhile
        const scenario::LifecycleStep& s = (*message.lifecycle)[step];
        change_status(message, s.status, s.desc, message.history.front().at + s.after);
        schedule_step(index, static_cast<std::uint16_t>(step + 1));
    }
    note_if_settled(index, was_settled);
}

// Awaits nothing more: no lifecycle step to come (or a final status, which ends the lifecycle)
// and no reply to send.
bool Gateway::settled(const Message& message) {
    return (message.step_task == no_task || connectel::is_final(message.history.back().status)) && !message.reply;
}

// Each message enters settled_ once per time it becomes settled, so settled_ stays as small
// as the store.
void Gateway::note_if_settled(std::uint32_t index, bool was_settled) {
    if (!was_settled && settled(messages_[index])) settled_.push(index);
}

// Under the lock, after a store: forgets messages down to the bound, the oldest settled first.
void Gateway::keep_within_bounds() {
    while (limits_.exceeded(kept_messages_, message_bytes_)) {
        std::optional<std::uint32_t> oldest_settled;
        while (!settled_.empty() && !oldest_settled) {
            const std::uint32_t index = settled_.top();
            settled_.pop();
            const Message* message = messages_.find(index);
            if (message && !message->forgotten() && settled(*message)) oldest_settled = index;
        }
        if (oldest_settled)
            forget(*oldest_settled);
        else
            forget_oldest("every message kept still awaits a lifecycle step or a reply");
    }
    // An old message that awaits a step for long would keep every empty slot behind it: once
    // the slots span twice the bound, it goes too.
    const std::size_t span = 2 * std::max<std::size_t>(1, limits_.items);
    while (messages_.size() > span)
        forget_oldest("it is older than the last " + std::to_string(span) + " messages");
}

// The oldest message, which awaits a step or a reply, goes with what it awaited; the log says
// so for the 1st, 2nd, 4th, 8th... of them.
void Gateway::forget_oldest(const std::string& why) {
    const Message& oldest = messages_.front();
    if (settled(oldest)) return forget(static_cast<std::uint32_t>(messages_.first()));
    ++forgotten_unsettled_;
    if (warning_listener_ && (forgotten_unsettled_ & (forgotten_unsettled_ - 1)) == 0)
        warning_listener_("forgot message " + oldest.request_id + " before its lifecycle or reply ended (" +
                          std::to_string(forgotten_unsettled_) + " so far): " + why + ", and --max-messages is " +
                          std::to_string(limits_.items) + " (--max-store-bytes " +
                          std::to_string(limits_.bytes) + ")");
    forget(static_cast<std::uint32_t>(messages_.first()));
}

// Frees what a message holds, and its step and reply still to come; its slot stays (empty)
// until the front reaches it, so the numbers of the others hold.
void Gateway::forget(std::uint32_t index) {
    Message& message = messages_[index];
    if (message.step_task != no_task) scheduler_.cancel(message.step_task);
    if (message.reply) scheduler_.cancel(message.reply_task);
    if (message.bulk != no_bulk) {
        Bulk& bulk = bulks_[message.bulk];
        if (--bulk.kept == 0) {
            message_bytes_ -= footprint(bulk, *message.content);
            bulk = Bulk{};
        }
        while (!bulks_.empty() && bulks_.front().forgotten()) bulks_.pop_front();
    }
    message_bytes_ -= footprint(message);
    message = Message{};
    --kept_messages_;
    while (!messages_.empty() && messages_.front().forgotten()) messages_.pop_front();
}

// What a message, a bulk and an inbound SMS cost beyond their texts, as measured (docs/simulator.md,
// "Memory"), plus their texts: a bulk's members share its text, counted once with the bulk.
std::size_t Gateway::footprint(const Message& message) {
    const std::size_t own_text =
        message.bulk == no_bulk ? message.content->text.size() + message.content->sender.size() : 0;
    return 512 + message.recipient.size() + message.key.size() + own_text;
}

std::size_t Gateway::footprint(const Bulk& bulk, const Content& content) {
    return 128 + bulk.bulk_id.size() + bulk.members.capacity() * sizeof(std::uint32_t) + content.text.size() +
           content.sender.size();
}

std::size_t Gateway::footprint(const InboundRecord& sms) {
    return 256 + sms.from.size() + sms.to.size() + sms.message.size() + sms.token.size() + sms.token_id.size() +
           sms.origin.size();
}

void Gateway::change_status(Message& message, Status status, std::string desc, Time at) {
    const StatusChange& current = message.history.back();
    if (current.status == status && current.desc == desc) return;  // no change, nothing to report
    message.history.push_back({at, status, std::move(desc)});
    if (!status_listener_) return;
    const Token& token = tokens_[message.token];
    status_listener_({message.request_id, bulk_id(message),
                      token.token, token.id, message.content->sender, message.recipient, message.history.back()});
}

const std::string& Gateway::bulk_id(const Message& message) const {
    static const std::string none;
    return message.bulk == no_bulk ? none : bulks_[message.bulk].bulk_id;  // kept while a member is
}

MessageRecord Gateway::record(const Message& message) const {
    return {message.request_id,
            bulk_id(message),
            message.key,
            message.recipient,
            tokens_[message.token].id,
            message.content,
            message.history};
}

std::optional<std::uint32_t> Gateway::message_index_locked(std::string_view request_id) const {
    const auto index = ids_.request_index(request_id);
    if (!index) return std::nullopt;
    const Message* message = messages_.find(*index);
    if (!message || message->request_id != request_id) return std::nullopt;
    return index;
}

const Gateway::Bulk* Gateway::find_bulk_locked(std::string_view bulk_id) const {
    const auto index = ids_.bulk_index(bulk_id);
    if (!index) return nullptr;
    const Bulk* bulk = bulks_.find(*index);
    return bulk && bulk->bulk_id == bulk_id ? bulk : nullptr;
}

std::optional<MessageRecord> Gateway::find_message(std::string_view token, std::string_view request_id) const {
    std::lock_guard lock(mutex_);
    const auto index = message_index_locked(request_id);
    if (!index || tokens_[messages_[*index].token].token != token) return std::nullopt;
    return record(messages_[*index]);
}

std::optional<BulkRecord> Gateway::find_bulk(std::string_view token, std::string_view bulk_id) const {
    std::lock_guard lock(mutex_);
    const Bulk* found = find_bulk_locked(bulk_id);
    if (!found || tokens_[found->token].token != token) return std::nullopt;
    const Bulk& bulk = *found;
    BulkRecord out{bulk.bulk_id, nullptr, {}};
    out.members.reserve(bulk.kept);
    for (const auto index : bulk.members) {
        const Message* member = messages_.find(index);
        if (!member || member->forgotten()) continue;
        out.members.push_back(record(*member));
        out.content = member->content;
    }
    return out;
}

bool Gateway::matches(const Message& message, const MessageFilter& filter) const {
    if (!filter.recipient.empty() && message.recipient != filter.recipient) return false;
    if (!filter.sender.empty() && message.content->sender != filter.sender) return false;
    if (filter.status && message.history.back().status != *filter.status) return false;
    if (!filter.bulk_id.empty() && (message.bulk == no_bulk || bulks_[message.bulk].bulk_id != filter.bulk_id))
        return false;
    return filter.token_id.empty() || tokens_[message.token].id == filter.token_id;
}

std::vector<MessageRecord> Gateway::messages(const MessageFilter& filter) const {
    return messages(filter, PageSpec{}).items;
}

Page<MessageRecord> Gateway::messages(const MessageFilter& filter, const PageSpec& spec) const {
    std::lock_guard lock(mutex_);
    const auto positions = select_page(messages_.first(), messages_.end(), spec, [&](std::size_t i) {
        const Message& message = messages_[i];
        return !message.forgotten() && matches(message, filter);
    });
    Page<MessageRecord> page{{}, positions.total, positions.more};
    page.items.reserve(positions.items.size());
    for (const auto i : positions.items) page.items.push_back(record(messages_[i]));
    return page;
}

std::optional<MessageRecord> Gateway::message(std::string_view request_id) const {
    std::lock_guard lock(mutex_);
    const auto index = message_index_locked(request_id);
    if (!index) return std::nullopt;
    return record(messages_[*index]);
}

std::optional<std::size_t> Gateway::message_position(std::string_view request_id) const {
    std::lock_guard lock(mutex_);
    const auto index = ids_.request_index(request_id);
    if (!index || *index >= messages_.end()) return std::nullopt;
    const Message* message = messages_.find(*index);
    if (message && !message->forgotten() && message->request_id != request_id) return std::nullopt;
    return index;
}

std::size_t Gateway::message_count() const {
    std::lock_guard lock(mutex_);
    return kept_messages_;
}

std::uint64_t Gateway::forgotten_unsettled() const {
    std::lock_guard lock(mutex_);
    return forgotten_unsettled_;
}

std::optional<MessageRecord> Gateway::force_status(std::string_view request_id, Status status, std::string desc) {
    std::lock_guard lock(mutex_);
    const auto index = message_index_locked(request_id);
    if (!index) return std::nullopt;
    Message& message = messages_[*index];
    const bool was_settled = settled(message);
    change_status(message, status, std::move(desc), scheduler_.now());
    note_if_settled(*index, was_settled);
    return record(message);
}

void Gateway::reset() {
    std::lock_guard lock(mutex_);
    ++epoch_;
    scheduler_.clear();
    messages_.restart();
    bulks_.restart();
    inbound_.restart();
    kept_messages_ = 0;
    message_bytes_ = 0;
    inbound_bytes_ = 0;
    settled_ = {};
    rule_uses_.clear();
    buckets_.clear();
}

}  // namespace sim::gateway
