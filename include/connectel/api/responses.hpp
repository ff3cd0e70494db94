// The gateway's responses (docs/simulator.md, "The endpoints"), field for field as in the vendor's reference, oddities
// included: the single-send response's `setusInt`, the bulk response's `QUEUED`. Keys come out
// in alphabetical order, like the reference's examples. from_json reads leniently.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "connectel/api/status_field.hpp"

namespace connectel::api {

// POST send/, one recipient.
struct SendResponse {
    std::string href;  // the legacy status URL of this message, with the caller's token
    std::string method = "GET";
    std::string recipient;
    std::string requestid;
    std::string sender;
    StatusField status = StatusField::of(Status::Enroute);

    // Every member once, in key order, as f(name, value): to_json below, and the simulator's
    // streaming writer, are both written from this.
    template <class F>
    void fields(F&& f) const {
        f("href", href);
        f("method", method);
        f("recipient", recipient);
        f("requestid", requestid);
        f("sender", sender);
        f("setusInt", status.code);
        f("statusInt", status.code);
        f("statusStr", status.text);
    }
};

struct BulkRecipientId {
    std::string key;
    std::string recipient;
    std::string requestid;

    template <class F>
    void fields(F&& f) const {
        f("key", key);
        f("recipient", recipient);
        f("requestid", requestid);
    }
};

// POST send/ with bulk.
struct BulkSendResponse {
    std::string bulkid;
    std::string href;
    std::string method = "GET";
    std::vector<BulkRecipientId> recipients;  // "recipient" on the wire
    std::string sender;
    StatusField status = StatusField::of(Status::Queued);

    template <class F>
    void fields(F&& f) const {
        f("bulkid", bulkid);
        f("href", href);
        f("method", method);
        f("recipient", recipients);
        f("sender", sender);
        f("statusInt", status.code);
        f("statusStr", status.text);
    }
};

// GET delivery/ by request-id.
struct DeliveryReport {
    std::string action = "send";
    std::string date;     // "2020-01-01 14:00:00", the latest status change
    std::string message;  // the reference shows "" here
    std::string recipient;
    std::string requestid;
    std::string sender;
    std::string status_desc;  // "statusDesc"
    StatusField status;
    std::string url;
};

struct BulkDeliveryEntry {
    std::string date;
    std::string recipient;
    std::string requestid;
    std::string status_desc;
    StatusField status;
    std::string url;  // "" in the reference
};

// GET delivery/ by bulk-id.
struct BulkDeliveryReport {
    std::string action = "send";
    std::string bulkid;
    std::string message;
    std::vector<BulkDeliveryEntry> recipients;  // "recipient" on the wire
    std::string sender;
};

namespace detail {
// A response with a field list, as a JSON object.
template <class Response>
void write_fields(nlohmann::json& j, const Response& r) {
    j = nlohmann::json::object();
    r.fields([&j](const char* name, const auto& value) { j[name] = value; });
}
}  // namespace detail

inline void to_json(nlohmann::json& j, const SendResponse& r) { detail::write_fields(j, r); }
inline void from_json(const nlohmann::json& j, SendResponse& r) {
    for (auto [name, field] : {std::pair{"href", &r.href}, std::pair{"method", &r.method},
                               std::pair{"recipient", &r.recipient}, std::pair{"requestid", &r.requestid},
                               std::pair{"sender", &r.sender}})
        detail::read_optional(j, name, *field);
    r.status = detail::read_status(j);
}

inline void to_json(nlohmann::json& j, const BulkRecipientId& r) { detail::write_fields(j, r); }
inline void from_json(const nlohmann::json& j, BulkRecipientId& r) {
    detail::read_optional(j, "key", r.key);
    detail::read_optional(j, "recipient", r.recipient);
    detail::read_optional(j, "requestid", r.requestid);
}

inline void to_json(nlohmann::json& j, const BulkSendResponse& r) { detail::write_fields(j, r); }
inline void from_json(const nlohmann::json& j, BulkSendResponse& r) {
    for (auto [name, field] : {std::pair{"bulkid", &r.bulkid}, std::pair{"href", &r.href},
                               std::pair{"method", &r.method}, std::pair{"sender", &r.sender}})
        detail::read_optional(j, name, *field);
    detail::read_optional(j, "recipient", r.recipients);
    r.status = detail::read_status(j);
}

inline void to_json(nlohmann::json& j, const DeliveryReport& r) {
    j = {{"action", r.action},       {"date", r.date},     {"message", r.message},
         {"recipient", r.recipient}, {"requestid", r.requestid}, {"sender", r.sender},
         {"statusDesc", r.status_desc}, {"url", r.url}};
    detail::write_status(j, r.status);
}
inline void from_json(const nlohmann::json& j, DeliveryReport& r) {
    for (auto [name, field] :
         {std::pair{"action", &r.action}, std::pair{"date", &r.date}, std::pair{"message", &r.message},
          std::pair{"recipient", &r.recipient}, std::pair{"requestid", &r.requestid},
          std::pair{"sender", &r.sender}, std::pair{"statusDesc", &r.status_desc}, std::pair{"url", &r.url}})
        detail::read_optional(j, name, *field);
    r.status = detail::read_status(j);
}

inline void to_json(nlohmann::json& j, const BulkDeliveryEntry& e) {
    j = {{"date", e.date},       {"recipient", e.recipient},        {"requestid", e.requestid},
         {"statusDesc", e.status_desc}, {"url", e.url}};
    detail::write_status(j, e.status);
}
inline void from_json(const nlohmann::json& j, BulkDeliveryEntry& e) {
    for (auto [name, field] : {std::pair{"date", &e.date}, std::pair{"recipient", &e.recipient},
                               std::pair{"requestid", &e.requestid}, std::pair{"statusDesc", &e.status_desc},
                               std::pair{"url", &e.url}})
        detail::read_optional(j, name, *field);
    e.status = detail::read_status(j);
}

inline void to_json(nlohmann::json& j, const BulkDeliveryReport& r) {
    j = {{"action", r.action},
         {"bulkid", r.bulkid},
         {"message", r.message},
         {"recipient", r.recipients},
         {"sender", r.sender}};
}
inline void from_json(const nlohmann::json& j, BulkDeliveryReport& r) {
    for (auto [name, field] : {std::pair{"action", &r.action}, std::pair{"bulkid", &r.bulkid},
                               std::pair{"message", &r.message}, std::pair{"sender", &r.sender}})
        detail::read_optional(j, name, *field);
    detail::read_optional(j, "recipient", r.recipients);
}

}  // namespace connectel::api
