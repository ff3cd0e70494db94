// The payloads the gateway POSTs to a customer (docs/library.md, "Receiving callbacks"): delivery reports
// (DLR) and inbound SMS, as JSON or as form fields, whichever the token's settings say.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "connectel/api/send_request.hpp"
#include "connectel/api/status_field.hpp"
#include "connectel/form.hpp"

namespace connectel::api {

struct Dlr {
    std::string action = "dlr";
    std::string requestid;
    std::string tokenid;
    StatusField status;
    std::string sender;
    std::string recipient;
    std::string bulkid;  // bulk members only; empty otherwise and then not sent
    std::string date;
    std::string status_desc;
};

// What a DLR carries back from the send it reports on, as the gateway echoes it: the sender
// (and each request field a DLR echoes). The rest of a DLR is the message's own: its ids, its
// recipient and its status.
inline void echo_request(Dlr& dlr, const SendRequest& request) {
    dlr.sender = request.sender;
}

struct InboundSms {
    std::string from;
    std::string to;
    std::string requestid;
    std::string message;
};

inline void to_json(nlohmann::json& j, const Dlr& d) {
    j = {{"action", d.action}, {"requestid", d.requestid}, {"tokenid", d.tokenid},
         {"sender", d.sender}, {"recipient", d.recipient}, {"date", d.date},
         {"statusDesc", d.status_desc}};
    if (!d.bulkid.empty()) j["bulkid"] = d.bulkid;
    detail::write_status(j, d.status);
}
inline void from_json(const nlohmann::json& j, Dlr& d) {
    for (auto [name, field] :
         {std::pair{"action", &d.action}, std::pair{"requestid", &d.requestid}, std::pair{"tokenid", &d.tokenid},
          std::pair{"sender", &d.sender}, std::pair{"recipient", &d.recipient}, std::pair{"bulkid", &d.bulkid},
          std::pair{"date", &d.date}, std::pair{"statusDesc", &d.status_desc}})
        detail::read_optional(j, name, *field);
    d.status = detail::read_status(j);
}

// The same fields as form pairs, in the JSON form's order.
inline connectel::form::Fields to_form(const Dlr& d) {
    connectel::form::Fields fields;
    const nlohmann::json wire = d;
    for (const auto& [name, value] : wire.items())
        fields.emplace_back(name, value.is_string() ? value.get<std::string>() : value.dump());
    return fields;
}

inline void to_json(nlohmann::json& j, const InboundSms& m) {
    j = {{"from", m.from}, {"to", m.to}, {"requestid", m.requestid}, {"message", m.message}};
}
inline void from_json(const nlohmann::json& j, InboundSms& m) {
    for (auto [name, field] : {std::pair{"from", &m.from}, std::pair{"to", &m.to},
                               std::pair{"requestid", &m.requestid}, std::pair{"message", &m.message}})
        detail::read_optional(j, name, *field);
}

inline connectel::form::Fields to_form(const InboundSms& m) {
    return {{"from", m.from}, {"to", m.to}, {"requestid", m.requestid}, {"message", m.message}};
}

}  // namespace connectel::api
