// Accepting sends and inbound SMS, and reading them back, under the gateway's lock.
#include "gateway/gateway.hpp"

#include "connectel/sms/analysis.hpp"

namespace sim::gateway {

using connectel::Status;

std::shared_ptr<const Content> describe_content(const connectel::api::SendRequest& request) {
    auto content = std::make_shared<Content>();
    // A whole copy, then what is kept elsewhere dropped: a field added to SendRequest is kept
    // with no edit here. (A bulk's recipients are copied and freed at once, a small cost.) They
    // are swapped out, not assigned `{}`, which would keep their buffers: a bulk's Content
    // would hold its recipient list's 64 bytes a member for as long as it is kept.
    content->request = request;
    std::string().swap(content->request.token);  // kept once, in the token index
    std::string().swap(content->request.recipient);  // each message keeps its own
    std::vector<connectel::api::BulkRecipient>().swap(content->request.recipients);
    connectel::sms::Utf8Error error;
    const auto analysis = connectel::sms::analyze(content->text(), {}, error);
    content->encoding = analysis.encoding;
    content->characters = static_cast<std::uint32_t>(analysis.characters);
    content->segments = static_cast<std::uint32_t>(analysis.segments);
    return content;
}

Gateway::Gateway(std::shared_ptr<const scenario::Scenario> scenario, Scheduler& scheduler, std::uint64_t seed,
                 StoreLimits limits, scenario::TokenCallbacks default_callbacks)
    : scenario_(std::move(scenario)),
      scheduler_(scheduler),
      rate_limit_(scenario_->rate_limit, scheduler),
      tokens_(*scenario_, std::move(default_callbacks)),
      messages_(tokens_, scheduler, seed, limits),
      inbound_(~seed, limits) {}

// Everything about a message that needs no lock: its strings.
StoredMessage Gateway::prepare(const std::shared_ptr<const Content>& content, std::string_view recipient,
                               std::string_view key) const {
    StoredMessage message;
    message.recipient = std::string(recipient);
    message.key = std::string(key);
    message.content = content;
    message.history.reserve(2);  // accepted + the usual one change, without a reallocation
    return message;
}

// Under the lock (rules with `times` count their uses): each message's lifecycle, and the
// request's faults: the first member's that replace the answer, else the first member's, so
// that a member's mere latency never hides another member's refusal.
std::shared_ptr<const faults::FaultSet> Gateway::decide_locked(std::string_view token,
                                                               std::vector<StoredMessage>& messages, bool bulk) {
    const faults::FaultSet* chosen = nullptr;
    for (StoredMessage& message : messages) {
        const auto decision = scenario::decide(
            *scenario_, {token, message.content->sender(), message.recipient, message.content->text(), bulk},
            rule_uses_);
        message.lifecycle = decision.lifecycle;
        message.reply = decision.reply;
        message.dlr_faults = decision.dlr_faults;
        if (!decision.faults) continue;
        if (!chosen || (decision.faults->replaces_answer() && !chosen->replaces_answer())) chosen = decision.faults;
    }
    if (!chosen) return nullptr;
    return {scenario_, chosen};  // shares the scenario's ownership: no allocation
}

// Under the lock: the message kept, its first status, and its first lifecycle step. The caller
// calls keep_within_bounds() once it has stored the request's messages.
Gateway::Index Gateway::store(StoredMessage&& prepared, Tokens::Index token, Index bulk, Status initial, Time now) {
    const Index index = messages_.add(std::move(prepared), token, bulk, now);
    StoredMessage& message = messages_[index];
    message.history.push_back({now, initial, ""});
    if (accept_listener_) accept_listener_(messages_.view(message), tokens_[message.token]);
    schedule_step(index, 0);
    if (message.reply) schedule_reply(index);
    messages_.note_if_settled(index, false);
    return index;
}

AcceptedSingle Gateway::accept_single(const connectel::api::SendRequest& request) {
    const std::string& token = request.token;
    std::vector<StoredMessage> prepared;
    prepared.push_back(prepare(describe_content(request), request.recipient, ""));
    AcceptedSingle accepted;
    std::lock_guard lock(mutex_);
    accepted.faults = decide_locked(token, prepared, false);
    if (accepted.faults && accepted.faults->replaces_answer()) return accepted;  // nothing is stored
    const auto index =
        store(std::move(prepared[0]), tokens_.index_of(token), StoredMessage::no_bulk, Status::Enroute, scheduler_.now());
    accepted.request_id = messages_[index].request_id;
    accepted.early_dlr = messages_[index].dlr_faults && messages_[index].dlr_faults->early;
    messages_.keep_within_bounds();
    return accepted;
}

AcceptedBulk Gateway::accept_bulk(const connectel::api::SendRequest& request) {
    const std::string& token = request.token;
    const auto& recipients = request.recipients;
    const auto content = describe_content(request);
    std::vector<StoredMessage> prepared;
    prepared.reserve(recipients.size());
    for (const auto& r : recipients) prepared.push_back(prepare(content, r.number, r.key));

    AcceptedBulk accepted;
    std::lock_guard lock(mutex_);
    accepted.faults = decide_locked(token, prepared, true);
    if (accepted.faults && accepted.faults->replaces_answer()) return accepted;
    accepted.request_ids.reserve(recipients.size());
    const Time now = scheduler_.now();
    const auto token_index = tokens_.index_of(token);
    const auto bulk = messages_.open_bulk(token_index, recipients.size(), *content, now);
    for (StoredMessage& member : prepared) {
        const auto index = store(std::move(member), token_index, bulk, Status::Queued, now);
        accepted.request_ids.push_back(messages_[index].request_id);
        accepted.early_dlr = accepted.early_dlr || (messages_[index].dlr_faults && messages_[index].dlr_faults->early);
    }
    accepted.bulk_id = messages_.bulk_id(bulk);
    messages_.keep_within_bounds();  // after the ids are read: a bulk larger than the bound loses members
    return accepted;
}

const InboundRecord& Gateway::store_inbound(std::string_view from, std::string_view to, std::string_view message,
                                            Tokens::Index token, std::string_view origin) {
    const Token& owner = tokens_[token];
    const InboundRecord& record = inbound_.store(from, to, message, owner, origin, scheduler_.now());
    const auto* faults = scenario::decide_inbound(*scenario_, scenario::inbound_facts(owner.token, from, to, message),
                                                  rule_uses_);
    if (inbound_listener_) inbound_listener_(record, owner, faults);
    return record;
}

std::optional<InboundRecord> Gateway::receive_inbound(std::string_view from, std::string_view to,
                                                      std::string_view message, std::string_view origin) {
    std::lock_guard lock(mutex_);
    const auto owner = tokens_.owner_of_number(to);
    if (!owner) return std::nullopt;
    return store_inbound(from, to, message, *owner, origin);
}

Page<InboundRecord> Gateway::inbound(const InboundFilter& filter, const PageSpec& spec) const {
    std::lock_guard lock(mutex_);
    return inbound_.page(filter, spec);
}

std::optional<std::size_t> Gateway::inbound_position(std::string_view request_id) const {
    std::lock_guard lock(mutex_);
    return inbound_.position(request_id);
}

std::optional<MessageRecord> Gateway::find_message(std::string_view token, std::string_view request_id) const {
    std::lock_guard lock(mutex_);
    const auto index = messages_.index_of(request_id);
    if (!index) return std::nullopt;
    const StoredMessage& message = messages_[*index];
    if (tokens_[message.token].token != token) return std::nullopt;
    return messages_.record(message);
}

std::optional<BulkRecord> Gateway::find_bulk(std::string_view token, std::string_view bulk_id) const {
    std::lock_guard lock(mutex_);
    return messages_.bulk(bulk_id, token);
}

std::vector<MessageRecord> Gateway::messages(const MessageFilter& filter) const {
    return messages(filter, PageSpec{}).items;
}

Page<MessageRecord> Gateway::messages(const MessageFilter& filter, const PageSpec& spec) const {
    std::lock_guard lock(mutex_);
    return messages_.page(filter, spec);
}

std::optional<MessageRecord> Gateway::message(std::string_view request_id) const {
    std::lock_guard lock(mutex_);
    const auto index = messages_.index_of(request_id);
    if (!index) return std::nullopt;
    return messages_.record(messages_[*index]);
}

std::optional<std::size_t> Gateway::message_position(std::string_view request_id) const {
    std::lock_guard lock(mutex_);
    return messages_.position(request_id);
}

std::size_t Gateway::message_count() const {
    std::lock_guard lock(mutex_);
    return messages_.size();
}

std::uint64_t Gateway::forgotten_unsettled() const {
    std::lock_guard lock(mutex_);
    return messages_.forgotten_unsettled();
}

void Gateway::reset() {
    rate_limit_.reset();
    std::lock_guard lock(mutex_);
    ++epoch_;
    scheduler_.clear();
    messages_.clear();
    inbound_.clear();
    rule_uses_.clear();
}

bool Gateway::may_be_token_id(std::string_view id) const {
    std::lock_guard lock(mutex_);
    return tokens_.may_be_id(id);
}

Gateway::Forgotten Gateway::forget_token(std::string_view token_id) {
    std::lock_guard lock(mutex_);
    Forgotten forgotten;
    forgotten.messages = messages_.forget_of_tokens([&](Tokens::Index token) { return tokens_[token].id == token_id; });
    forgotten.inbound = inbound_.forget_token(token_id);
    return forgotten;
}

namespace {

Gateway::TokenEntry entry_of(const Token& token) {
    Gateway::TokenEntry entry;
    entry.id = token.id;
    entry.listed = token.listed;
    entry.is_default = token.is_default();
    entry.set_at_run_time = token.set_at_run_time;
    entry.own = token.own;
    if (token.dlr) entry.effective.dlr = *token.dlr;
    if (token.inbound) entry.effective.inbound = *token.inbound;
    return entry;
}

}  // namespace

std::vector<Gateway::TokenEntry> Gateway::token_entries() const {
    std::lock_guard lock(mutex_);
    std::vector<TokenEntry> entries;
    entries.reserve(tokens_.size());
    for (Tokens::Index i = 0; i < tokens_.size(); ++i) entries.push_back(entry_of(tokens_[i]));
    return entries;
}

Gateway::TokenEntry Gateway::token_entry(Tokens::Index index) const {
    std::lock_guard lock(mutex_);
    return entry_of(tokens_[index]);
}

std::optional<Tokens::Index> Gateway::find_token_id(std::string_view id) const {
    std::lock_guard lock(mutex_);
    return tokens_.find_id(id);
}

std::optional<Tokens::Index> Gateway::find_token(std::string_view token) {
    if (tokens_.authenticate(token) != Tokens::Auth::Accepted) return std::nullopt;
    std::lock_guard lock(mutex_);
    return tokens_.index_of(token);
}

std::optional<std::string> Gateway::number_owner(std::string_view number) const {
    std::lock_guard lock(mutex_);
    const auto owner = tokens_.owner_of_number(number);
    if (!owner) return std::nullopt;
    return tokens_[*owner].id;
}

std::optional<std::string> Gateway::set_token_callbacks(Tokens::Index index, scenario::TokenCallbacks own) {
    std::lock_guard lock(mutex_);
    return tokens_.set_own(index, std::move(own));
}

}  // namespace sim::gateway
