// Keeping messages and bulks, reading them back, and forgetting the oldest past the bounds.
#include "gateway/message_store.hpp"

#include <algorithm>
#include <functional>
#include <string_view>

namespace sim::gateway {

bool StoredMessage::settled() const {
    return (step_task == no_task || connectel::is_final(history.back().status)) && !reply;
}

MessageStore::Index MessageStore::open_bulk(Tokens::Index token, std::size_t members, const Content& content,
                                            Time now) {
    const auto index = static_cast<Index>(bulks_.end());
    Bulk& bulk = bulks_.emplace_back();
    bulk.bulk_id = ids_.bulk_id(now, index);
    bulk.token = token;
    bulk.members.reserve(members);
    bytes_ += footprint(bulk, content);
    return index;
}

namespace {

// A bucket per message the store keeps at most, in a power of two from 1,024 to 4 M: chains
// stay about one message long whatever the bound.
std::size_t recipient_bucket_count(const StoreLimits& limits) {
    std::size_t count = 1024;
    while (count < limits.items && count < (std::size_t{1} << 22)) count *= 2;
    return count;
}

}  // namespace

MessageStore::MessageStore(const Tokens& tokens, Scheduler& scheduler, std::uint64_t seed, StoreLimits limits)
    : tokens_(tokens),
      scheduler_(scheduler),
      limits_(limits),
      ids_(seed),
      recipient_buckets_(recipient_bucket_count(limits), 0) {}

std::uint32_t& MessageStore::bucket_of(std::string_view recipient) {
    return recipient_buckets_[std::hash<std::string_view>{}(recipient) & (recipient_buckets_.size() - 1)];
}

std::uint32_t MessageStore::bucket_of(std::string_view recipient) const {
    return recipient_buckets_[std::hash<std::string_view>{}(recipient) & (recipient_buckets_.size() - 1)];
}

MessageStore::Index MessageStore::add(StoredMessage&& prepared, Tokens::Index token, Index bulk, Time now) {
    const auto index = static_cast<Index>(messages_.end());
    StoredMessage& message = messages_.emplace_back(std::move(prepared));
    std::uint32_t& newest = bucket_of(message.recipient);
    older_in_bucket_.emplace_back(newest);
    newest = index + 1;
    ++kept_;
    if (bulk != StoredMessage::no_bulk) {
        bulks_[bulk].members.push_back(index);
        ++bulks_[bulk].kept;
    }
    message.request_id = ids_.request_id(now, index);
    message.token = token;
    message.bulk = bulk;
    bytes_ += footprint(message);
    changes_.note(index);
    return index;
}

MessageStore::Index MessageStore::restore(std::size_t number, StoredMessage&& saved, std::uint32_t bulk,
                                          const std::string& bulk_id) {
    const auto index = static_cast<Index>(number);
    StoredMessage& message = messages_.restore_at(number, std::move(saved));
    std::uint32_t& newest = bucket_of(message.recipient);
    older_in_bucket_.restore_at(number, newest);
    newest = index + 1;
    ++kept_;
    message.bulk = bulk;
    if (bulk != StoredMessage::no_bulk) {
        if (!bulks_.holds(bulk)) {
            Bulk& opened = bulks_.restore_at(bulk);
            opened.bulk_id = bulk_id;
            opened.token = message.token;
            bytes_ += footprint(opened, *message.content);
        }
        bulks_[bulk].members.push_back(index);
        ++bulks_[bulk].kept;
    }
    bytes_ += footprint(message);
    return index;
}

void MessageStore::restore_numbering(std::size_t next_message, std::size_t next_bulk) {
    messages_.skip_to(next_message);
    older_in_bucket_.skip_to(next_message);
    bulks_.skip_to(next_bulk);
}

// Each message enters settled_ once per time it becomes settled, so settled_ stays as small
// as the store.
void MessageStore::note_if_settled(Index index, bool was_settled) {
    if (!was_settled && messages_[index].settled()) settled_.push(index);
}

void MessageStore::keep_within_bounds() {
    while (limits_.exceeded(kept_, bytes_)) {
        std::optional<Index> oldest_settled;
        while (!settled_.empty() && !oldest_settled) {
            const Index index = settled_.top();
            settled_.pop();
            const StoredMessage* message = messages_.find(index);
            if (message && !message->forgotten() && message->settled()) oldest_settled = index;
        }
        if (oldest_settled)
            forget(*oldest_settled);
        else
            forget_oldest("every message kept still awaits a lifecycle step or a reply");
    }
    // An old message that awaits a step for long would keep every empty slot behind it: once
    // the slots span twice the bound, it goes too.
    const std::size_t span = 2 * std::max<std::size_t>(1, limits_.items);
    while (messages_.size() > span) forget_oldest("it is older than the last " + std::to_string(span) + " messages");
}

// The oldest message, which awaits a step or a reply, goes with what it awaited; the log says
// so for the 1st, 2nd, 4th, 8th... of them.
void MessageStore::forget_oldest(const std::string& why) {
    const StoredMessage& oldest = messages_.front();
    if (oldest.settled()) return forget(static_cast<Index>(messages_.first()));
    ++forgotten_unsettled_;
    if (warning_listener_ && (forgotten_unsettled_ & (forgotten_unsettled_ - 1)) == 0)
        warning_listener_("forgot message " + oldest.request_id + " before its lifecycle or reply ended (" +
                          std::to_string(forgotten_unsettled_) + " so far): " + why + ", and --max-messages is " +
                          std::to_string(limits_.items) + " (--max-store-bytes " + std::to_string(limits_.bytes) +
                          ")");
    forget(static_cast<Index>(messages_.first()));
}

// Frees what a message holds, and its step and reply still to come; its slot stays (empty)
// until the front reaches it, so the numbers of the others hold.
void MessageStore::forget(Index index) {
    StoredMessage& message = messages_[index];
    if (message.step_task != StoredMessage::no_task) scheduler_.cancel(message.step_task);
    if (message.reply) scheduler_.cancel(message.reply_task);
    if (message.bulk != StoredMessage::no_bulk) {
        Bulk& bulk = bulks_[message.bulk];
        if (--bulk.kept == 0) {
            bytes_ -= footprint(bulk, *message.content);
            bulk = Bulk{};
        }
        bulks_.drop_forgotten_front();
    }
    bytes_ -= footprint(message);
    message = StoredMessage{};
    --kept_;
    changes_.note(index);
    messages_.drop_forgotten_front();
    older_in_bucket_.drop_before(messages_.first());
}

// What a message and a bulk cost beyond their texts, as measured (docs/simulator.md, "Memory"),
// plus their texts: a bulk's members share its text, counted once with the bulk.
std::size_t MessageStore::footprint(const StoredMessage& message) {
    const auto& content = *message.content;
    const std::size_t own_text =
        message.bulk == StoredMessage::no_bulk ? content.text().size() + content.sender().size() : 0;
    return 512 + message.recipient.size() + message.key.size() + own_text;
}

std::size_t MessageStore::footprint(const Bulk& bulk, const Content& content) {
    return 128 + bulk.bulk_id.size() + bulk.members.capacity() * sizeof(Index) + content.text().size() +
           content.sender().size();
}

const std::string& MessageStore::bulk_id_of(const StoredMessage& message) const {
    static const std::string none;
    return message.bulk == StoredMessage::no_bulk ? none : bulks_[message.bulk].bulk_id;  // kept while a member is
}

MessageRecord MessageStore::record(const StoredMessage& message) const {
    return {message.request_id, bulk_id_of(message),         message.key,    message.recipient,
            tokens_[message.token].id, message.content, message.history};
}

MessageView MessageStore::view(const StoredMessage& message) const {
    MessageView view{message.request_id,        bulk_id_of(message), message.key,    message.recipient,
                     tokens_[message.token].id, *message.content,    message.history};
    view.dlr_faults = message.dlr_faults;
    return view;
}

std::optional<MessageStore::Index> MessageStore::index_of(std::string_view request_id) const {
    const auto index = ids_.request_index(request_id);
    if (!index) return std::nullopt;
    const StoredMessage* message = messages_.find(*index);
    if (!message || message->request_id != request_id) return std::nullopt;
    return static_cast<Index>(*index);
}

std::optional<BulkRecord> MessageStore::bulk(std::string_view bulk_id, std::string_view token) const {
    const auto index = ids_.bulk_index(bulk_id);
    if (!index) return std::nullopt;
    const Bulk* found = bulks_.find(*index);
    if (!found || found->bulk_id != bulk_id || tokens_[found->token].token != token) return std::nullopt;
    BulkRecord out{found->bulk_id, nullptr, {}};
    out.members.reserve(found->kept);
    for (const auto member_index : found->members) {
        const StoredMessage* member = messages_.find(member_index);
        if (!member || member->forgotten()) continue;
        out.members.push_back(record(*member));
        out.content = member->content;
    }
    return out;
}

std::vector<std::size_t> MessageStore::numbers_to(const MessageFilter& filter) const {
    std::vector<std::size_t> found;
    for (std::uint32_t link = bucket_of(filter.recipient); link != 0;) {
        const std::size_t number = link - 1;
        if (number < messages_.first()) break;  // the rest of the chain is gone
        const StoredMessage& message = messages_[number];
        if (!message.forgotten() && matches(filter, view(message))) found.push_back(number);
        link = older_in_bucket_[number];
    }
    std::reverse(found.begin(), found.end());
    return found;
}

Page<MessageRecord> MessageStore::page(const MessageFilter& filter, const PageSpec& spec) const {
    const auto positions = !filter.recipient.empty()
                               ? select_page_among(numbers_to(filter), spec)
                               : select_page(messages_.first(), messages_.end(), spec, [&](std::size_t i) {
                                     const StoredMessage& message = messages_[i];
                                     return !message.forgotten() && matches(filter, view(message));
                                 });
    Page<MessageRecord> page{{}, positions.total, positions.more};
    page.items.reserve(positions.items.size());
    for (const auto i : positions.items) page.items.push_back(record(messages_[i]));
    return page;
}

std::optional<std::size_t> MessageStore::position(std::string_view request_id) const {
    const auto index = ids_.request_index(request_id);
    if (!index || *index >= messages_.end()) return std::nullopt;
    const StoredMessage* message = messages_.find(*index);
    if (message && !message->forgotten() && message->request_id != request_id) return std::nullopt;
    return index;
}

void MessageStore::clear() {
    messages_.restart();
    older_in_bucket_.restart();
    std::fill(recipient_buckets_.begin(), recipient_buckets_.end(), 0);
    bulks_.restart();
    kept_ = 0;
    bytes_ = 0;
    settled_ = {};
    changes_.note_cleared();
}

}  // namespace sim::gateway
