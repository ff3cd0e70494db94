// The request journal (GET /_sim/requests): one entry per request to the gateway's endpoints,
// with tokens masked where they stand (token_mask.hpp). It writes no log: the request log's
// lines are request_log.hpp's, written to the application log (log/app_log.hpp).
#pragma once

#include <httplib.h>

#include <functional>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "clock/scheduler.hpp"
#include "numbered_deque.hpp"
#include "paging.hpp"
#include "state/changed_numbers.hpp"

namespace sim::state {
struct Batch;
struct SavedState;
}  // namespace sim::state

namespace sim::http {

// What the journal keeps (--journal-limit, --journal-max-bytes): the oldest entries go first
// beyond either bound; the newest is always kept.
struct JournalLimits {
    std::size_t entries = 100'000;
    std::size_t bytes = 64 * 1024 * 1024;  // each entry's text, plus a fixed 160 bytes
};

// A body is kept up to this size; beyond it the entry says bodyTruncated and bodyBytes.
inline constexpr std::size_t max_journal_body = 64 * 1024;

class RequestJournal {
public:
    // `known_tokens` (the scenario's) are masked wherever they stand as a whole value.
    RequestJournal(const Scheduler& clock, JournalLimits limits, std::vector<std::string> known_tokens = {})
        : clock_(clock), limits_(limits), known_tokens_(std::move(known_tokens)) {}

    // Kept as received and masked when shown (token_mask.hpp), since what masks a body depends
    // on whether it parses.
    struct Entry {
        std::uint64_t id;
        Time at;
        std::string method, path, query, content_type, body;
        std::string token;  // the one the gateway read, or the query's
        bool authorization_header;
        int status;
        std::size_t body_bytes;  // as received: over max_journal_body, `body` is its start
    };
    // Entries are shared, not copied, with the answers that show them.
    using EntryPtr = std::shared_ptr<const Entry>;
    // An entry as GET /_sim/requests shows it, `known_tokens` and the entry's own masked:
    // method, path, parameters, status, time.
    static nlohmann::json entry_json(const Entry& e, const std::vector<std::string>& known_tokens);
    const std::vector<std::string>& known_tokens() const noexcept { return known_tokens_; }

    // Records `req` as answered by `res`, before the response is sent, so a client that reads
    // the journal after its response always finds its request there. `token` is the one the
    // route read (RequestScope::token), else the query's `authorization` is taken. Requests to
    // the simulator's own endpoints (/_sim/, the page) are not the gateway's: not recorded.
    void record(const httplib::Request& req, const httplib::Response& res, const std::string& token);

    // The entries `match` accepts (every one without it), oldest first.
    using EntryMatch = std::function<bool(const Entry&)>;
    Page<EntryPtr> entries(const PageSpec& page, const EntryMatch& match = {}) const;
    // Where the entry with this id stands in the journal (oldest first): a paging cursor.
    std::optional<std::size_t> position(std::uint64_t id) const;
    void clear();
    // Forgets the entries `match` accepts (a token's); returns how many. The others keep their ids.
    std::size_t forget_if(const EntryMatch& match);

    // A state file (--state, as the gateway's): the entries recorded or forgotten since the
    // last look, and saved entries put back under their ids.
    void track_changes(bool fresh);
    void collect_changes(state::Batch& batch);
    void restore(const state::SavedState& saved);

private:
    static std::size_t footprint(const Entry& e);

    const Scheduler& clock_;
    const JournalLimits limits_;
    const std::vector<std::string> known_tokens_;

    mutable std::mutex mutex_;  // guards entries_ and bytes_
    // An entry's id is its number + 1; a reset keeps counting. A forgotten entry's slot is null
    // until the front reaches it; the front is never one.
    NumberedDeque<EntryPtr> entries_;
    std::size_t kept_ = 0;   // entries not forgotten
    std::size_t bytes_ = 0;  // the footprint of those
    state::ChangedNumbers changes_;
};

}  // namespace sim::http
