// The simulator's state as the state file (--state) keeps it: one row type per table, the
// changes written in one batch, and what a start reads back. The stores turn their items into
// rows (collect_changes) and rows back into items (restore): this file is the contract between
// them and state_file.cpp, which alone speaks SQL.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "callbacks/dispatcher.hpp"
#include "clock/sim_time.hpp"
#include "gateway/inbound_store.hpp"
#include "gateway/message.hpp"
#include "http/transport/request_journal.hpp"

namespace sim::state {

// Items are saved under the number their store gives them (NumberedDeque), which their ids
// encode: a restored message answers to its request-id, and new ones never take an old number.
struct SavedMessage {
    std::uint64_t number = 0;
    std::string request_id;
    std::optional<std::uint64_t> bulk_number;
    std::string bulk_id;  // empty for a single send
    std::string key, recipient, token, token_id;
    std::string sender, message;
    bool bulk = false;
    std::vector<gateway::StatusChange> history;  // oldest first; never empty
    // Where its lifecycle, reply and DLR faults are in the scenario it was sent in: a rule's
    // index (no lifecycle rule: the scenario's default), and what is still to come.
    std::optional<std::uint32_t> lifecycle_rule;
    std::optional<std::uint32_t> next_step;   // none: no lifecycle step to come
    std::optional<std::uint32_t> reply_rule;  // none: no reply to come
    std::optional<std::uint32_t> dlr_faults_rule;
};

struct SavedInbound {
    std::uint64_t number = 0;
    gateway::InboundRecord sms;
};

// A callback neither delivered nor failed yet, with the attempts it has had and when its next
// one is due (none: at once, or when the callbacks before it of its message are done).
struct SavedCallback {
    std::uint64_t id = 0;
    callbacks::Callback callback;
    unsigned attempts = 0;
    std::optional<Time> due;
};

struct SavedAttempt {
    std::uint64_t number = 0;
    callbacks::Attempt attempt;
};

struct SavedRequest {
    std::uint64_t number = 0;
    http::RequestJournal::Entry entry;
};

// Where each store's numbering goes on from: past every item saved, and past those forgotten.
struct Counters {
    std::uint64_t messages = 0, bulks = 0, inbound = 0, attempts = 0, callbacks = 0, requests = 0;
};

// What a world is, beyond its items: a restored world must be the same scenario with the same
// seed and the same kind of clock, or the saved items cannot be brought back into it.
struct SavedWorld {
    std::string scenario_name, scenario_text;
    std::uint64_t seed = 0;
    std::string clock;  // "real", "scaled" or "virtual"
    Time started{};     // the world's start, from which the timeline counts
    Time now{};         // the clock's time at the last batch
    Counters counters;
    std::vector<std::uint32_t> rule_uses;  // each rule's uses so far (`times`)
};

// One table's changes since the last batch: emptied first (a reset), then the rows numbered
// below `below` deleted (those the store's bound dropped from its front), the numbers deleted,
// the rows written (inserted or replaced), and the rows the file holds already, of which only
// the columns that change are written (a message's status: the rest of `updated`'s rows is
// left empty).
template <class Row>
struct TableChanges {
    bool cleared = false;
    std::uint64_t below = 0;
    std::vector<std::uint64_t> deleted;
    std::vector<Row> rows;
    std::vector<Row> updated;

    bool empty() const noexcept { return !cleared && rows.empty() && deleted.empty() && updated.empty(); }
};

struct Batch {
    TableChanges<SavedMessage> messages;
    TableChanges<SavedInbound> inbound;
    TableChanges<SavedCallback> callbacks;  // numbered by the callback's id
    TableChanges<SavedAttempt> attempts;
    TableChanges<SavedRequest> requests;
    SavedWorld world;

    bool has_items() const noexcept {
        return !messages.empty() || !inbound.empty() || !callbacks.empty() || !attempts.empty() || !requests.empty();
    }
};

// What a start reads back from an existing file: every table, oldest first.
struct SavedState {
    SavedWorld world;
    std::vector<SavedMessage> messages;
    std::vector<SavedInbound> inbound;
    std::vector<SavedCallback> callbacks;
    std::vector<SavedAttempt> attempts;
    std::vector<SavedRequest> requests;
};

}  // namespace sim::state
