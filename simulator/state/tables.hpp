// The state file's tables, each described once (table.hpp): what state_file.cpp writes and
// reads back. Their CREATE statements are the schema's migrations (schema.cpp).
#pragma once

#include <string>
#include <vector>

#include "state/saved_state.hpp"
#include "state/table.hpp"

namespace sim::state {

const Table<SavedMessage>& messages_table();
const Table<SavedInbound>& inbound_table();
const Table<SavedCallback>& callbacks_table();  // keyed by the callback's id
const Table<SavedAttempt>& attempts_table();    // callback_attempts
const Table<SavedRequest>& requests_table();

// The `simulator` table: a (key, value) row per entry, the value as text.
struct WorldEntry {
    const char* key;
    std::string (*write)(const SavedWorld&);
    void (*read)(const std::string& value, SavedWorld&);
};
const std::vector<WorldEntry>& world_entries();

}  // namespace sim::state
