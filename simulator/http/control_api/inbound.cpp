// POST /_sim/inbound (an SMS to one of the tokens' numbers) and GET /_sim/inbound (the list).
#include "connectel/api/validation.hpp"
#include "events/domain_events.hpp"
#include "http/control_api/control_call.hpp"
#include "http/control_api/handlers.hpp"
#include "http/control_api/list_call.hpp"
#include "http/control_api/token_query.hpp"
#include "http/json_response.hpp"

namespace sim::http::control_api {

void receive_inbound(const ControlApi& api, const httplib::Request& req, httplib::Response& res,
                     RequestScope&) {
    const auto body = read_json_body(req, res);
    if (!body) return;
    std::string fields[3];
    const char* names[] = {"from", "to", "message"};
    for (int i = 0; i < 3; ++i) {
        const auto value = string_member(*body, names[i], res);
        if (!value) return;
        fields[i] = *value;
    }
    for (int i = 0; i < 2; ++i)
        if (auto problem = connectel::api::check_recipient(fields[i], names[i]))
            return send_error(res, 400, problem->code, problem->message, problem->field);
    if (auto problem = connectel::api::check_message(fields[2]))
        return send_error(res, 400, problem->code, problem->message, problem->field);
    const auto sms = api.gateway.receive_inbound(fields[0], fields[1], fields[2], "control");
    if (!sms)
        return send_error(res, 404, "unknown_number",
                          "no token has the number " + fields[1] + "; list it in tokens[].inbound.numbers",
                          "to");
    settle_now(api.scheduler);
    send_json(res, 200, events::field_tree(events::InboundReceived{*sms}));
}

void list_inbound(const ControlApi& api, const httplib::Request& req, httplib::Response& res, RequestScope& scope) {
    auto token_id = read_token_query(api.gateway, req, res);
    if (!token_id) return;
    const gateway::InboundFilter filter{req.get_param_value("from"), req.get_param_value("to"), std::move(*token_id)};
    const auto& gateway = api.gateway;
    send_record_list<events::InboundReceived>(
        api, req, res, scope, "inbound", [&](const std::string& id) { return gateway.inbound_position(id); },
        [&](const PageSpec& spec) { return gateway.inbound(filter, spec); }, filter);
}

}  // namespace sim::http::control_api
