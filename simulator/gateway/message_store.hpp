// The messages and bulks the gateway accepted, found by id, listed by page, and kept within the
// store's bounds: past them, the oldest message that awaits nothing more goes first.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <queue>
#include <string>
#include <string_view>
#include <vector>

#include "clock/scheduler.hpp"
#include "gateway/id_generator.hpp"
#include "gateway/message.hpp"
#include "gateway/tokens.hpp"
#include "numbered_deque.hpp"
#include "paging.hpp"
#include "scenario/scenario.hpp"
#include "state/changed_numbers.hpp"
#include "store_limits.hpp"

namespace sim::gateway {

struct MessageFilter {
    std::string recipient;                    // exact; empty: any
    std::optional<connectel::Status> status;  // the current status
    std::string bulk_id;
    std::string token_id;
    std::string sender;
};

// Whether the filter accepts `message`: what the store's lists keep, and what a list call that
// waits for messages watches in the changes the gateway's listeners see.
inline bool matches(const MessageFilter& filter, const MessageView& message) {
    return (filter.recipient.empty() || message.recipient == filter.recipient) &&
           (filter.sender.empty() || message.content.sender() == filter.sender) &&
           (!filter.status || message.current().status == *filter.status) &&
           (filter.bulk_id.empty() || message.bulk_id == filter.bulk_id) &&
           (filter.token_id.empty() || message.token_id == filter.token_id);
}

// One message as the store keeps it, with what its lifecycle still awaits.
struct StoredMessage {
    static constexpr std::uint32_t no_bulk = UINT32_MAX;
    static constexpr Scheduler::TaskId no_task = UINT64_MAX;

    std::string request_id;
    std::string recipient;
    std::string key;             // the caller's bulk key
    Tokens::Index token = 0;
    std::uint32_t bulk = no_bulk;
    std::uint16_t next_step = 0;  // which step of the lifecycle step_task is
    Scheduler::TaskId step_task = no_task;  // the lifecycle step scheduled, if any
    std::shared_ptr<const Content> content;
    std::shared_ptr<const scenario::Lifecycle> lifecycle;
    // In the scenario, which outlives the messages; null once the reply is sent.
    const scenario::Reply* reply = nullptr;
    Scheduler::TaskId reply_task = no_task;  // while `reply` is set
    const scenario::CallbackFaults* dlr_faults = nullptr;  // in the scenario; null: none
    std::vector<StatusChange> history;

    bool forgotten() const noexcept { return request_id.empty(); }
    // Awaits nothing more: no lifecycle step to come (or a final status, which ends the
    // lifecycle) and no reply to send.
    bool settled() const;
};

// Not thread-safe: the gateway calls it under its lock. Forgetting a message cancels its
// pending step and reply on `scheduler`.
class MessageStore {
public:
    using Index = std::uint32_t;

    MessageStore(const Tokens& tokens, Scheduler& scheduler, std::uint64_t seed, StoreLimits limits);

    // Called when a message is forgotten before its lifecycle or reply ran (for the 1st, 2nd,
    // 4th, 8th... of them).
    using WarningListener = std::function<void(const std::string&)>;
    void on_warning(WarningListener listener) { warning_listener_ = std::move(listener); }

    // A new bulk of `members` messages sharing `content`; add() its members, then
    // keep_within_bounds().
    Index open_bulk(Tokens::Index token, std::size_t members, const Content& content, Time now);
    // Keeps `message` (for `token`, in `bulk` or none) and gives it its id.
    Index add(StoredMessage&& message, Tokens::Index token, Index bulk, Time now);
    // Forgets messages down to the bounds, the oldest settled first. After each request's add()s.
    void keep_within_bounds();
    // Once a message may have become settled, so that it can be forgotten first.
    void note_if_settled(Index index, bool was_settled);

    StoredMessage& operator[](Index index) { return messages_[index]; }
    const StoredMessage& operator[](Index index) const { return messages_[index]; }
    StoredMessage* find(Index index) { return messages_.find(index); }
    const std::string& bulk_id(Index bulk) const { return bulks_[bulk].bulk_id; }

    // A reader's copy, and a look by reference.
    MessageRecord record(const StoredMessage& message) const;
    MessageView view(const StoredMessage& message) const;

    std::optional<Index> index_of(std::string_view request_id) const;
    std::optional<BulkRecord> bulk(std::string_view bulk_id, std::string_view token) const;
    Page<MessageRecord> page(const MessageFilter& filter, const PageSpec& spec) const;
    // Where a message stands in the list (oldest first): a paging cursor. Also for a message
    // already forgotten, whose id can then no longer be told from a made-up one of its shape.
    std::optional<std::size_t> position(std::string_view request_id) const;
    std::size_t size() const noexcept { return kept_; }
    std::uint64_t forgotten_unsettled() const noexcept { return forgotten_unsettled_; }

    // Forgets every message and bulk (their steps were cleared from the scheduler already).
    void clear();

    // A state file (--state): which messages changed since the last look (each added, changed
    // or forgotten one), and where the numbering stands.
    state::ChangedNumbers& changes() noexcept { return changes_; }
    void note_changed(Index index) { changes_.note(index); }
    std::size_t first_number() const noexcept { return messages_.first(); }
    std::size_t next_number() const noexcept { return messages_.end(); }
    std::size_t next_bulk_number() const noexcept { return bulks_.end(); }
    // Puts back a saved message under its number, after every message restored before it, in
    // the bulk numbered `bulk` (no_bulk: none) whose id is `bulk_id`; the message has its
    // request-id, content and history. Then keep_within_bounds() as after add().
    Index restore(std::size_t number, StoredMessage&& message, std::uint32_t bulk, const std::string& bulk_id);
    // Once every saved message is back: the numbering goes on from where the saved one stood.
    void restore_numbering(std::size_t next_message, std::size_t next_bulk);
    // Forgets the messages of the tokens `of_token` accepts (by index), with their steps and
    // replies still to come; returns how many.
    template <class OfToken>
    std::size_t forget_of_tokens(OfToken&& of_token) {
        std::size_t forgotten = 0;
        for (std::size_t i = messages_.first(); i < messages_.end(); ++i) {
            const StoredMessage* message = messages_.find(i);  // forget() may have dropped it from the front
            if (!message || message->forgotten() || !of_token(message->token)) continue;
            forget(static_cast<Index>(i));
            ++forgotten;
        }
        return forgotten;
    }

private:
    struct Bulk {
        std::string bulk_id;
        Tokens::Index token = 0;
        std::uint32_t kept = 0;  // members not forgotten
        std::vector<Index> members;

        bool forgotten() const noexcept { return bulk_id.empty(); }
    };

    const std::string& bulk_id_of(const StoredMessage& message) const;  // empty for a single send
    std::uint32_t& bucket_of(std::string_view recipient);
    std::uint32_t bucket_of(std::string_view recipient) const;
    // The numbers of the messages kept that `filter` (with a recipient) accepts, oldest first.
    std::vector<std::size_t> numbers_to(const MessageFilter& filter) const;
    void forget(Index index);
    void forget_oldest(const std::string& why);
    static std::size_t footprint(const StoredMessage& message);
    static std::size_t footprint(const Bulk& bulk, const Content& content);

    const Tokens& tokens_;
    Scheduler& scheduler_;
    const StoreLimits limits_;
    WarningListener warning_listener_;
    IdGenerator ids_;
    // Found by the number their ids encode (IdGenerator). A message forgotten behind an older
    // one that is kept stays as an empty slot (forgotten()) until the front reaches it; bulks
    // likewise. The front is never a forgotten slot.
    NumberedDeque<StoredMessage> messages_;
    // The recipient index: for each bucket of recipients' hashes, the newest message's number + 1
    // (0: none); for each message, the previous one in its bucket likewise (numbered as
    // messages_, and kept for a forgotten message, so the chain runs through it). A list
    // filtered by recipient (a test's usual filter, read again by a waiting call each time it
    // wakes) walks its chain, not the whole store. Sized once for the bound, so it never
    // rehashes; 4 bytes a bucket and a message, apart from the messages so as not to grow them.
    std::vector<std::uint32_t> recipient_buckets_;
    NumberedDeque<std::uint32_t> older_in_bucket_;
    NumberedDeque<Bulk> bulks_;
    std::size_t kept_ = 0;
    std::size_t bytes_ = 0;  // the footprint of the messages and bulks kept
    // Messages that awaited nothing more when last looked at, oldest on top: the first to be
    // forgotten. Entries for messages since forgotten (or busy again) are skipped when met.
    std::priority_queue<Index, std::vector<Index>, std::greater<>> settled_;
    std::uint64_t forgotten_unsettled_ = 0;
    state::ChangedNumbers changes_;
};

}  // namespace sim::gateway
