// The request journal (GET /_sim/requests) and the request log on stderr: one entry per
// request to the gateway's endpoints, with tokens masked where they stand (token_mask.hpp).
#pragma once

#include <httplib.h>

#include <chrono>
#include <cstdio>
#include <deque>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "clock/scheduler.hpp"
#include "paging.hpp"

namespace sim::http {

enum class LogLevel { Error, Warn, Info, Debug };

// What a handler learnt about the request it served, for its journal entry and log line
// (made on the same thread: the entry before the response is sent, the log line after).
struct RequestContext {
    std::string token;
    std::chrono::steady_clock::time_point started;
    static RequestContext& current();  // thread-local
};

class RequestJournal {
public:
    // `known_tokens` (the scenario's) are masked wherever they stand as a whole value.
    RequestJournal(const Scheduler& clock, LogLevel level, std::size_t limit, std::FILE* log,
                   std::vector<std::string> known_tokens = {})
        : clock_(clock), level_(level), limit_(limit), log_(log), known_tokens_(std::move(known_tokens)) {}

    // Records `req` as answered by `res`, before the response is sent, so a client that reads
    // the journal after its response always finds its request there.
    void record(const httplib::Request& req, const httplib::Response& res);
    // The stderr line of a request (at info), once its response is sent.
    void log_request(const httplib::Request& req, const httplib::Response& res);

    // Entries oldest first, as JSON: method, path, parameters, status, time.
    nlohmann::json entries() const;
    Page<nlohmann::json> entries(const PageSpec& page) const;
    // Where the entry with this id stands in the journal (oldest first): a paging cursor.
    std::optional<std::size_t> position(std::uint64_t id) const;
    void clear();

    LogLevel level() const noexcept { return level_; }
    void log(LogLevel level, const std::string& line) const;

private:
    struct Entry;
    nlohmann::json entry_json(const Entry& e) const;

    // As received: masked when shown, since what masks a body depends on whether it parses.
    struct Entry {
        std::uint64_t id;
        Time at;
        std::string method, path, query, content_type, body;
        std::string token;  // the one the gateway read, or the query's
        bool authorization_header;
        int status;
    };

    const Scheduler& clock_;
    const LogLevel level_;
    const std::size_t limit_;  // the oldest entries go beyond it
    std::FILE* const log_;
    const std::vector<std::string> known_tokens_;

    mutable std::mutex mutex_;  // guards entries_ and next_id_
    std::deque<Entry> entries_;
    std::uint64_t next_id_ = 1;
};

}  // namespace sim::http
