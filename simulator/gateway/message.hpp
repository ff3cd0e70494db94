// What the gateway stores about a message, and the copies it hands to readers.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "clock/sim_time.hpp"
#include "connectel/sms/options.hpp"
#include "connectel/status.hpp"

namespace sim::gateway {

struct StatusChange {
    Time at;
    connectel::Status status;
    std::string desc;  // statusDesc
};

// What one request sent: shared by every member of a bulk, so a bulk stores its text once.
struct Content {
    std::string sender;
    std::string text;
    connectel::sms::Encoding encoding = connectel::sms::Encoding::Gsm7;
    std::uint32_t characters = 0;
    std::uint32_t segments = 1;
};

// A reader's copy of one message, taken under the gateway's lock.
struct MessageRecord {
    std::string request_id;
    std::string bulk_id;  // empty for a single send
    std::string key;      // the caller's bulk key
    std::string recipient;
    std::string token_id;
    std::shared_ptr<const Content> content;
    std::vector<StatusChange> history;  // oldest first; never empty

    const StatusChange& current() const { return history.back(); }
};

// A look at one message by reference, with MessageRecord's fields: what a listener is given
// during its call (under the gateway's lock), and what the JSON writers read, so that showing a
// message never needs a copy of it.
struct MessageView {
    MessageView(const std::string& request_id, const std::string& bulk_id, const std::string& key,
                const std::string& recipient, const std::string& token_id, const Content& content,
                const std::vector<StatusChange>& history)
        : request_id(request_id), bulk_id(bulk_id), key(key), recipient(recipient), token_id(token_id),
          content(content), history(history) {}
    // Implicit, as a string_view from a string: a record is shown as its view.
    MessageView(const MessageRecord& r)  // NOLINT(google-explicit-constructor)
        : MessageView(r.request_id, r.bulk_id, r.key, r.recipient, r.token_id, *r.content, r.history) {}

    const std::string& request_id;
    const std::string& bulk_id;  // empty for a single send
    const std::string& key;
    const std::string& recipient;
    const std::string& token_id;
    const Content& content;
    const std::vector<StatusChange>& history;  // oldest first; never empty

    const StatusChange& current() const { return history.back(); }
};

struct BulkRecord {
    std::string bulk_id;
    std::shared_ptr<const Content> content;
    std::vector<MessageRecord> members;  // in request order
};

}  // namespace sim::gateway
