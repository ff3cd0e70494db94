// What the gateway stores about a message, and the copies it hands to readers.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "clock/sim_time.hpp"
#include "connectel/api/send_request.hpp"
#include "connectel/sms/options.hpp"
#include "connectel/status.hpp"
#include "gateway/tokens.hpp"

namespace sim::gateway {

struct StatusChange {
    Time at;
    connectel::Status status;
    std::string desc;  // statusDesc
};

// What one request sent: shared by every member of a bulk, so a bulk stores its text once.
// `request` is the send as the vendor API read it, without what is kept elsewhere (its token,
// in the token index, and its recipients, one per message): every other field it has, today's
// and any added later, is kept with no edit here, for the DLRs to echo (api::echo_request).
struct Content {
    connectel::api::SendRequest request;
    connectel::sms::Encoding encoding = connectel::sms::Encoding::Gsm7;
    std::uint32_t characters = 0;
    std::uint32_t segments = 1;

    const std::string& sender() const noexcept { return request.sender; }
    const std::string& text() const noexcept { return request.message; }
};

// Takes `request`'s shared fields (not its token or recipients) and what the SMS text engine
// says of its text.
std::shared_ptr<const Content> describe_content(const connectel::api::SendRequest& request);

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
    // The faults its DLRs are sent with (a rule's dlr_faults), in the scenario; null: none, or
    // a view of a record.
    const scenario::CallbackFaults* dlr_faults = nullptr;

    const StatusChange& current() const { return history.back(); }
};

struct BulkRecord {
    std::string bulk_id;
    std::shared_ptr<const Content> content;
    std::vector<MessageRecord> members;  // in request order
};

// A message's status changed (after acceptance): what a delivery report says. References, valid
// during the listener's call.
struct StatusChangeNotice {
    MessageView message;
    const Token& token;  // with its DLR URL, if it has one

    const StatusChange& change() const { return message.current(); }
};

}  // namespace sim::gateway
