// The inbound SMS the gateway received, oldest first, within the store's bounds.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "clock/sim_time.hpp"
#include "gateway/id_generator.hpp"
#include "gateway/tokens.hpp"
#include "numbered_deque.hpp"
#include "paging.hpp"
#include "state/changed_numbers.hpp"
#include "store_limits.hpp"

namespace sim::gateway {

// An inbound SMS: from a phone to one of a token's numbers, as the gateway keeps it. More than
// the callback it makes (api::InboundSms: from, to, requestid, message): the owner token, when
// it came and from where, which the control API lists and filters by.
struct InboundRecord {
    std::string request_id;
    std::string from, to, message;
    std::string token;  // the owner of `to` (or of the message replied to)
    std::string token_id;
    Time at;
    std::string origin;  // "control" (POST /_sim/inbound), "timeline" or "reply"

    bool forgotten() const noexcept { return request_id.empty(); }
};

struct InboundFilter {
    std::string from, to;  // exact; empty: any
    std::string token_id;
};

inline bool matches(const InboundFilter& filter, const InboundRecord& sms) {
    return (filter.from.empty() || sms.from == filter.from) && (filter.to.empty() || sms.to == filter.to) &&
           (filter.token_id.empty() || sms.token_id == filter.token_id);
}

// Not thread-safe: the gateway calls it under its lock.
class InboundStore {
public:
    // Ids come from their own generator: an inbound id is never looked up by the vendor API.
    InboundStore(std::uint64_t seed, StoreLimits limits) : ids_(seed), limits_(limits) {}

    // Keeps it, giving it an id; past the bounds the oldest go, never this one.
    const InboundRecord& store(std::string_view from, std::string_view to, std::string_view message,
                               const Token& owner, std::string_view origin, Time now);
    Page<InboundRecord> page(const InboundFilter& filter, const PageSpec& spec) const;
    // Where an SMS stands in the list (oldest first): a paging cursor, also for one forgotten.
    std::optional<std::size_t> position(std::string_view request_id) const;
    void clear();
    // Forgets the SMS of the token with this id; returns how many. Their slots stay (empty)
    // until the front reaches them, so the others keep their positions.
    std::size_t forget_token(std::string_view token_id);

    // A state file (--state): which SMS were stored or forgotten since the last look, where the
    // numbering stands, and putting saved SMS back under their numbers, oldest first.
    state::ChangedNumbers& changes() noexcept { return changes_; }
    const InboundRecord* find(std::size_t number) const {
        const InboundRecord* sms = items_.find(number);
        return sms && !sms->forgotten() ? sms : nullptr;
    }
    std::size_t first_number() const noexcept { return items_.first(); }
    std::size_t next_number() const noexcept { return items_.end(); }
    void restore(std::size_t number, InboundRecord sms);
    void restore_numbering(std::size_t next) { items_.skip_to(next); }

private:
    static std::size_t footprint(const InboundRecord& sms);

    IdGenerator ids_;
    const StoreLimits limits_;
    NumberedDeque<InboundRecord> items_;
    std::size_t kept_ = 0;   // items not forgotten
    std::size_t bytes_ = 0;  // the footprint of the items kept
    state::ChangedNumbers changes_;
};

}  // namespace sim::gateway
