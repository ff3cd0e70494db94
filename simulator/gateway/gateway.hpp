// The gateway's domain: tokens (tokens.hpp), the rate limit (rate_limit.hpp), accepted messages
// and bulks (message_store.hpp), each message's lifecycle on the simulator's clock
// (lifecycle.cpp) and inbound SMS (inbound_store.hpp). No HTTP here: the vendor API reads and
// validates requests, then calls in.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "clock/scheduler.hpp"
#include "connectel/api/send_request.hpp"
#include "gateway/inbound_store.hpp"
#include "gateway/message.hpp"
#include "gateway/message_store.hpp"
#include "gateway/rate_limit.hpp"
#include "gateway/tokens.hpp"
#include "paging.hpp"
#include "scenario/scenario.hpp"
#include "store_limits.hpp"

namespace sim::state {
struct Batch;
struct SavedMessage;
struct SavedState;
}  // namespace sim::state

namespace sim::gateway {

// A send as the gateway took it. When a rule scripts faults, the transport acts them out; if one
// replaces the usual answer, nothing was stored and the ids are empty. `faults` is null when no
// rule scripts any, and keeps the scenario it points into alive.
// `early_dlr`: a message's dlr_faults say `early`, so a DLR of it was sent before the answer.
struct AcceptedSingle {
    std::string request_id;
    std::shared_ptr<const faults::FaultSet> faults;
    bool early_dlr = false;
};
struct AcceptedBulk {
    std::string bulk_id;
    std::vector<std::string> request_ids;  // in request order
    std::shared_ptr<const faults::FaultSet> faults;
    bool early_dlr = false;
};

// The gateway's parts under one lock, which keeps a message, its bulk, its token and the inbound
// SMS its reply makes consistent with each other; each part alone is a plain container.
class Gateway {
public:
    // Called under the gateway's lock for every status change after acceptance, in order; it
    // must not call back into the gateway. Set it before the first message.
    using StatusListener = std::function<void(const StatusChangeNotice&)>;
    void on_status_change(StatusListener listener) { status_listener_ = std::move(listener); }
    // Likewise for every inbound SMS received, with the token it is for and the faults its
    // callback is sent with (a rule's inbound_faults; null: none).
    using InboundListener =
        std::function<void(const InboundRecord&, const Token&, const scenario::CallbackFaults*)>;
    void on_inbound(InboundListener listener) { inbound_listener_ = std::move(listener); }
    // Likewise for every message stored (each member of a bulk), once accepted: a view, valid
    // during the call, so that a send copies nothing for a listener that keeps nothing.
    using AcceptListener = std::function<void(const MessageView&, const Token&)>;
    void on_accept(AcceptListener listener) { accept_listener_ = std::move(listener); }
    // Called, under the lock, when a message is forgotten before its lifecycle or reply ran.
    void on_warning(MessageStore::WarningListener listener) { messages_.on_warning(std::move(listener)); }

    // Keeps messages, and inbound SMS, within `limits` (each store on its own): see
    // MessageStore and InboundStore. `default_callbacks` go for every token that sets none
    // (Tokens).
    Gateway(std::shared_ptr<const scenario::Scenario> scenario, Scheduler& scheduler, std::uint64_t seed,
            StoreLimits limits = {}, scenario::TokenCallbacks default_callbacks = {});
    Gateway(const Gateway&) = delete;
    Gateway& operator=(const Gateway&) = delete;

    using Auth = Tokens::Auth;
    Auth authenticate(std::string_view token) const { return tokens_.authenticate(token); }
    RateLimiter& rate_limit() noexcept { return rate_limit_; }

    // The request must be valid (connectel::api::check_send) and its token accepted. What the
    // message keeps of it is Content's: every field but the token and the recipients.
    AcceptedSingle accept_single(const connectel::api::SendRequest& request);
    AcceptedBulk accept_bulk(const connectel::api::SendRequest& request);

    // An inbound SMS now, to the token that lists `to` among its inbound numbers; nullopt when
    // no token does. `from`, `to` and `message` must be valid.
    std::optional<InboundRecord> receive_inbound(std::string_view from, std::string_view to, std::string_view message,
                                                 std::string_view origin);
    Page<InboundRecord> inbound(const InboundFilter& filter, const PageSpec& page) const;
    // Where an inbound SMS stands in the list (oldest first): a paging cursor, also for one
    // already forgotten.
    std::optional<std::size_t> inbound_position(std::string_view request_id) const;

    // Lookups on behalf of a token: another token's id is not found, as an unknown one.
    std::optional<MessageRecord> find_message(std::string_view token, std::string_view request_id) const;
    std::optional<BulkRecord> find_bulk(std::string_view token, std::string_view bulk_id) const;

    // The control API's view: every token, oldest first.
    std::optional<MessageRecord> message(std::string_view request_id) const;
    std::vector<MessageRecord> messages(const MessageFilter& filter) const;
    Page<MessageRecord> messages(const MessageFilter& filter, const PageSpec& page) const;
    // Where a message stands in the list (oldest first): a paging cursor. Also for a message
    // already forgotten, whose id can then no longer be told from a made-up one of its shape.
    std::optional<std::size_t> message_position(std::string_view request_id) const;
    std::size_t message_count() const;  // the messages kept
    // Messages forgotten while they still awaited a lifecycle step or a reply.
    std::uint64_t forgotten_unsettled() const;

    // Moves a message to `status` now, whatever its lifecycle says; a final status ends the
    // lifecycle. nullopt when there is no such message.
    std::optional<MessageRecord> force_status(std::string_view request_id, connectel::Status status,
                                              std::string desc);

    // Forgets every message, bulk and inbound SMS, drops their pending steps, refills the rate
    // limit and counts rules' uses from zero.
    void reset();

    // The id `token` goes by (listed, or derived from it), and whether `id` may name a token
    // (any id when the scenario lists none).
    std::string token_id_of(std::string_view token) const { return tokens_.id_of(token); }
    bool may_be_token_id(std::string_view id) const;
    // Forgets one token's messages, bulks and inbound SMS, and their pending steps and replies;
    // the other tokens' run on. The rate limit and the rules' uses, shared, stay as they are.
    struct Forgotten {
        std::size_t messages = 0, inbound = 0;
    };
    Forgotten forget_token(std::string_view token_id);

    // The tokens' callback settings, as GET and PUT /_sim/tokens show and change them: copies.
    struct TokenEntry {
        std::string id;
        bool listed = false, is_default = false, set_at_run_time = false;
        scenario::TokenCallbacks own;        // its own settings
        scenario::TokenCallbacks effective;  // what its callbacks use: its own, else the default's
    };
    std::vector<TokenEntry> token_entries() const;  // the default entry first, then in order
    TokenEntry token_entry(Tokens::Index index) const;
    // The token a control call names: by its id (one the gateway knows), or by the token itself
    // (added when the scenario lists none; nullopt for one it does not list).
    std::optional<Tokens::Index> find_token_id(std::string_view id) const;
    std::optional<Tokens::Index> find_token(std::string_view token);
    // The id of the token that has `number`, if one.
    std::optional<std::string> number_owner(std::string_view number) const;
    // Replaces a token's own settings (Tokens::set_own); the id of a token that already has one
    // of the numbers when it cannot.
    std::optional<std::string> set_token_callbacks(Tokens::Index index, scenario::TokenCallbacks own);

    // A state file (--state, state.cpp). track_changes() starts noting what changes, `fresh`:
    // as if everything was just forgotten (a new world replaces what the file held);
    // collect_changes() moves what changed since into the batch's messages and inbound SMS,
    // with the numbering and the rules' uses. restore() puts a saved state back, before the
    // first request: messages with their pending steps and replies rescheduled (those already
    // due run at once, in order), inbound SMS, and the rules' uses.
    void track_changes(bool fresh);
    void collect_changes(state::Batch& batch);
    void restore(const state::SavedState& saved);

private:
    using Index = MessageStore::Index;

    state::SavedMessage saved_message(std::size_t number, const StoredMessage& message) const;
    state::SavedMessage saved_status(std::size_t number, const StoredMessage& message) const;
    StoredMessage restored_message(const state::SavedMessage& saved, std::shared_ptr<const Content> content);

    StoredMessage prepare(const std::shared_ptr<const Content>& content, std::string_view recipient,
                          std::string_view key) const;
    std::shared_ptr<const faults::FaultSet> decide_locked(std::string_view token,
                                                          std::vector<StoredMessage>& messages, bool bulk);
    Index store(StoredMessage&& prepared, Tokens::Index token, Index bulk, connectel::Status initial, Time now);
    const InboundRecord& store_inbound(std::string_view from, std::string_view to, std::string_view message,
                                       Tokens::Index token, std::string_view origin);

    // The lifecycle (lifecycle.cpp): steps and replies on the clock, and status changes.
    void schedule_step(Index index, std::uint16_t step);
    void schedule_reply(Index index);
    void run_step(Index index, std::uint16_t step, std::uint16_t epoch);
    void change_status(StoredMessage& message, connectel::Status status, std::string desc, Time at);

    const std::shared_ptr<const scenario::Scenario> scenario_;
    StatusListener status_listener_;
    InboundListener inbound_listener_;
    AcceptListener accept_listener_;
    Scheduler& scheduler_;
    RateLimiter rate_limit_;  // has its own lock

    mutable std::mutex mutex_;  // guards everything below
    Tokens tokens_;
    MessageStore messages_;
    InboundStore inbound_;
    scenario::RuleUses rule_uses_;
    std::uint16_t epoch_ = 0;  // bumped by reset(); a step that was already running is stale
    // The messages numbered below it are in the state file already: a change of theirs is
    // written as a status update, not a whole row.
    std::uint64_t messages_in_file_end_ = 0;
};

}  // namespace sim::gateway
