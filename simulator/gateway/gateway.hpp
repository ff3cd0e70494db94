// The gateway's domain: tokens, accepted messages and bulks, and each message's lifecycle on
// the simulator's clock. No HTTP here: the transport reads and validates requests, then calls in.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <queue>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "clock/scheduler.hpp"
#include "connectel/api/validation.hpp"
#include "gateway/id_generator.hpp"
#include "gateway/message.hpp"
#include "numbered_deque.hpp"
#include "paging.hpp"
#include "scenario/scenario.hpp"
#include "store_limits.hpp"

namespace sim::gateway {

struct MessageFilter {
    std::string recipient;                   // exact; empty: any
    std::optional<connectel::Status> status;  // the current status
    std::string bulk_id;
    std::string token_id;
    std::string sender;
};

// A send as the gateway took it. When a rule scripts faults, the transport acts them out; if one
// replaces the usual answer, nothing was stored and the ids are empty. `faults` is null when no
// rule scripts any, and keeps the scenario it points into alive.
struct AcceptedSingle {
    std::string request_id;
    std::shared_ptr<const faults::FaultSet> faults;
};
struct AcceptedBulk {
    std::string bulk_id;
    std::vector<std::string> request_ids;  // in request order
    std::shared_ptr<const faults::FaultSet> faults;
};

struct InboundFilter {
    std::string from, to;  // exact; empty: any
};

// A message's status changed (after acceptance): what a delivery report says.
struct StatusChangeNotice {
    const std::string& request_id;
    const std::string& bulk_id;  // empty for a single send
    const std::string& token;
    const std::string& token_id;
    const std::string& sender;
    const std::string& recipient;
    const StatusChange& change;
};

// An inbound SMS: from a phone to one of a token's numbers, as the gateway keeps it. More than
// the callback it makes (api::InboundSms: from, to, requestid, message): the owner token, when
// it came and from where, which the control API lists and filters by.
struct InboundRecord {
    std::string request_id;
    std::string from, to, message;
    std::string token;     // the owner of `to` (or of the message replied to)
    std::string token_id;
    Time at;
    std::string origin;  // "control" (POST /_sim/inbound), "timeline" or "reply"
};

class Gateway {
public:
    // Called under the gateway's lock for every status change after acceptance, in order; it
    // must not call back into the gateway. Set it before the first message.
    using StatusListener = std::function<void(const StatusChangeNotice&)>;
    void on_status_change(StatusListener listener) { status_listener_ = std::move(listener); }
    // Likewise for every inbound SMS received.
    using InboundListener = std::function<void(const InboundRecord&)>;
    void on_inbound(InboundListener listener) { inbound_listener_ = std::move(listener); }
    // Likewise for every message stored (each member of a bulk), once accepted: a view, valid
    // during the call, so that a send copies nothing for a listener that keeps nothing.
    using AcceptListener = std::function<void(const MessageView&)>;
    void on_accept(AcceptListener listener) { accept_listener_ = std::move(listener); }
    // Called, under the lock, when a message is forgotten before its lifecycle or reply ran.
    using WarningListener = std::function<void(const std::string&)>;
    void on_warning(WarningListener listener) { warning_listener_ = std::move(listener); }

    // An inbound SMS now, to the token that lists `to` among its inbound numbers; nullopt when
    // no token does. `from`, `to` and `message` must be valid.
    std::optional<InboundRecord> receive_inbound(std::string_view from, std::string_view to, std::string_view message,
                                                 std::string_view origin);
    Page<InboundRecord> inbound(const InboundFilter& filter, const PageSpec& page) const;
    // Where an inbound SMS stands in the list (oldest first): a paging cursor, also for one
    // already forgotten.
    std::optional<std::size_t> inbound_position(std::string_view request_id) const;

    // Keeps messages, and inbound SMS, within `limits` (each store on its own). Past them, the
    // oldest message that awaits nothing more (its lifecycle ended or reached a final status,
    // its reply sent) is forgotten; when every message still awaits something, the oldest
    // goes anyway, and with it what it awaited. The oldest inbound SMS goes first.
    Gateway(std::shared_ptr<const scenario::Scenario> scenario, Scheduler& scheduler, std::uint64_t seed,
            StoreLimits limits = {});
    Gateway(const Gateway&) = delete;
    Gateway& operator=(const Gateway&) = delete;

    enum class Auth { Accepted, Missing, Unknown };
    Auth authenticate(std::string_view token) const;

    // The scenario's rate limit per token (a bucket of `count` requests, refilled evenly over
    // `per` on the simulator's clock): false when this request is over it.
    bool admit(std::string_view token);
    std::string rate_limit_text() const;

    // The request must be valid (connectel::api::check_send) and its token accepted.
    AcceptedSingle accept_single(std::string_view token, std::string_view sender, std::string_view recipient,
                              std::string_view message);
    AcceptedBulk accept_bulk(std::string_view token, std::string_view sender,
                             const std::vector<connectel::api::BulkRecipient>& recipients,
                             std::string_view message);

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

    // Forgets every message and bulk and drops their pending steps.
    void reset();

private:
    static constexpr std::uint32_t no_bulk = UINT32_MAX;
    static constexpr Scheduler::TaskId no_task = UINT64_MAX;

    struct Message {
        std::string request_id;
        std::string recipient;
        std::string key;
        std::uint32_t token = 0;  // index into tokens_
        std::uint32_t bulk = no_bulk;
        Scheduler::TaskId step_task = no_task;  // the lifecycle step scheduled, if any
        std::shared_ptr<const Content> content;
        std::shared_ptr<const scenario::Lifecycle> lifecycle;
        // In the scenario, which outlives the messages; null once the reply is sent.
        const scenario::Reply* reply = nullptr;
        Scheduler::TaskId reply_task = no_task;  // while `reply` is set
        std::vector<StatusChange> history;

        bool forgotten() const noexcept { return request_id.empty(); }
    };
    struct Bulk {
        std::string bulk_id;
        std::uint32_t token = 0;
        std::uint32_t kept = 0;  // members not forgotten
        std::vector<std::uint32_t> members;

        bool forgotten() const noexcept { return bulk_id.empty(); }
    };
    struct Token {
        std::string token;
        std::string id;
    };

    std::uint32_t token_index(std::string_view token);  // registers an open-mode token
    Message prepare(const std::shared_ptr<const Content>& content, std::string_view recipient,
                    std::string_view key) const;
    std::shared_ptr<const faults::FaultSet> decide_locked(std::string_view token, std::vector<Message>& messages,
                                                          bool bulk);
    std::uint32_t store(Message&& prepared, std::uint32_t token_idx, std::uint32_t bulk, connectel::Status initial,
                        Time now);
    void schedule_step(std::uint32_t index, std::uint16_t step);
    void schedule_reply(std::uint32_t index);
    const InboundRecord& store_inbound(std::string_view from, std::string_view to, std::string_view message,
                                       std::uint32_t token, std::string_view origin);
    void run_step(std::uint32_t index, std::uint16_t step, std::uint16_t epoch);
    void change_status(Message& message, connectel::Status status, std::string desc, Time at);
    static bool settled(const Message& message);
    void note_if_settled(std::uint32_t index, bool was_settled);
    void keep_within_bounds();
    void forget(std::uint32_t index);
    void forget_oldest(const std::string& why);
    static std::size_t footprint(const Message& message);
    static std::size_t footprint(const Bulk& bulk, const Content& content);
    static std::size_t footprint(const InboundRecord& sms);
    MessageRecord record(const Message& message) const;
    const std::string& bulk_id(const Message& message) const;  // empty for a single send
    bool matches(const Message& message, const MessageFilter& filter) const;
    std::optional<std::uint32_t> message_index_locked(std::string_view request_id) const;
    const Bulk* find_bulk_locked(std::string_view bulk_id) const;

    const std::shared_ptr<const scenario::Scenario> scenario_;
    StatusListener status_listener_;
    InboundListener inbound_listener_;
    AcceptListener accept_listener_;
    WarningListener warning_listener_;
    Scheduler& scheduler_;
    const StoreLimits limits_;

    mutable std::mutex mutex_;  // guards everything below
    IdGenerator ids_;
    std::vector<Token> tokens_;
    std::unordered_map<std::string, std::uint32_t> token_by_text_;
    // Found by the number their ids encode (IdGenerator). A message forgotten behind an older
    // one that is kept stays as an empty slot (forgotten()) until the front reaches it; bulks
    // likewise. The front is never a forgotten slot.
    NumberedDeque<Message> messages_;
    NumberedDeque<Bulk> bulks_;
    NumberedDeque<InboundRecord> inbound_;
    std::size_t kept_messages_ = 0;
    std::size_t message_bytes_ = 0;  // the footprint of the messages and bulks kept
    std::size_t inbound_bytes_ = 0;
    // Messages that awaited nothing more when last looked at, oldest on top: the first to be
    // forgotten. Entries for messages since forgotten (or busy again) are skipped when met.
    std::priority_queue<std::uint32_t, std::vector<std::uint32_t>, std::greater<>> settled_;
    std::uint64_t forgotten_unsettled_ = 0;
    IdGenerator inbound_ids_;  // their own: an inbound id is never looked up
    std::unordered_map<std::string, std::uint32_t> token_by_number_;  // inbound numbers -> token
    scenario::RuleUses rule_uses_;
    struct Bucket {
        double requests = 0;  // left to spend
        Time refilled{};
    };
    std::unordered_map<std::string, Bucket> buckets_;  // by token
    std::uint16_t epoch_ = 0;  // bumped by reset(); a step that was already running is stale
};

// Encoding, characters and segments of `text`, from the SMS text engine.
std::shared_ptr<const Content> describe_content(std::string_view sender, std::string_view text);

}  // namespace sim::gateway
