// DLR and inbound payloads, written by the wire model's to_json and to_form.
#include "callbacks/payloads.hpp"

#include "connectel/form.hpp"

namespace sim::callbacks {

namespace {

constexpr const char* json_type = "application/json";
constexpr const char* form_type = "application/x-www-form-urlencoded";

}  // namespace

Callback dlr_callback(const scenario::CallbackTarget& target, const connectel::api::Dlr& dlr,
                      bool numeric_status_str) {
    Callback callback{Kind::Dlr, target.url, json_type, {}, dlr.requestid};
    connectel::api::Dlr sent = dlr;
    if (numeric_status_str) sent.status.text = std::to_string(sent.status.code);
    if (target.format == scenario::PayloadFormat::Form) {
        callback.content_type = form_type;
        callback.body = connectel::form::encode(connectel::api::to_form(sent));
    } else {
        nlohmann::json body = sent;
        if (numeric_status_str) body["statusStr"] = sent.status.code;
        callback.body = body.dump();
    }
    return callback;
}

Callback inbound_callback(const scenario::CallbackTarget& target, const connectel::api::InboundSms& sms) {
    Callback callback{Kind::Inbound, target.url, json_type, {}, sms.requestid};
    if (target.format == scenario::PayloadFormat::Form) {
        callback.content_type = form_type;
        callback.body = connectel::form::encode(connectel::api::to_form(sms));
    } else {
        callback.body = nlohmann::json(sms).dump();
    }
    return callback;
}

}  // namespace sim::callbacks
