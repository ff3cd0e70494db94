// Reads the simulator's record after a run through its control API, whole lists page by page:
// the messages of a token with their status history, and the callback attempts to a receiver.
#pragma once

#include <chrono>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace httplib {
class Client;
}

namespace soak {

// A control call that failed or answered something unreadable.
class ControlError : public std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct StatusChange {
    std::string status;  // statusStr
    std::chrono::system_clock::time_point at;
};

struct StoredMessage {
    std::string requestid;
    std::vector<StatusChange> history;  // the first is the status it was accepted with
    bool final() const;
};

struct RecordedAttempt {
    std::uint64_t callback = 0;     // the callback's number
    unsigned attempt = 0;           // 1 for its first attempt
    std::string requestid, status;  // the DLR's, from its payload
    std::string result;             // "delivered", "timeout", "connection refused"...
    std::string outcome;            // "delivered", "will_retry", "failed"
};

// The page size of the reads below. The simulator builds a whole page before writing it out:
// reading a 10 s run's record 10,000 a page took its VmRSS from about 90 MiB to 340, 1,000 a page to 180.
inline constexpr int list_page_size = 1'000;

// GET /_sim/messages?tokenid=ID, every page.
std::vector<StoredMessage> read_messages(httplib::Client& control, const std::string& token_id);
// GET /_sim/callbacks?url=PART, every page.
std::vector<RecordedAttempt> read_attempts(httplib::Client& control, const std::string& url_part);
// `total` of GET /_sim/callbacks?QUERY&limit=1: how many attempts match, without reading them.
std::uint64_t count_attempts(httplib::Client& control, const std::string& query);
// `pending` of GET /_sim/callbacks (callbacks neither delivered nor failed yet) plus that of
// GET /_sim/clock (steps due later: lifecycles and retry waits). 0: nothing more will happen.
std::uint64_t pending_work(httplib::Client& control);

}  // namespace soak
