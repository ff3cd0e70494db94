// GET /_sim/messages (filtered, paged), GET /_sim/messages/{id} (with its callbacks and text
// view) and POST /_sim/messages/{id}/status (a forced status).
#include "connectel/excerpt.hpp"
#include "events/domain_events.hpp"
#include "http/control_api/control_call.hpp"
#include "http/control_api/handlers.hpp"
#include "http/control_api/list_call.hpp"
#include "http/control_api/text_view.hpp"
#include "http/control_api/token_query.hpp"
#include "http/json_response.hpp"

namespace sim::http::control_api {

using nlohmann::json;

void list_messages(const ControlApi& api, const httplib::Request& req, httplib::Response& res,
                   RequestScope& scope) {
    auto token_id = read_token_query(api.gateway, req, res);
    if (!token_id) return;
    gateway::MessageFilter filter;
    filter.token_id = std::move(*token_id);
    filter.recipient = req.get_param_value("recipient");
    filter.sender = req.get_param_value("sender");
    filter.bulk_id = req.get_param_value("bulkid");
    if (const std::string status = req.get_param_value("status"); !status.empty()) {
        filter.status = read_status(status, res);
        if (!filter.status) return;
    }
    const auto& gateway = api.gateway;
    send_record_list<events::MessageAccepted>(
        api, req, res, scope, "messages", [&](const std::string& id) { return gateway.message_position(id); },
        [&](const PageSpec& spec) { return gateway.messages(filter, spec); }, filter);
}

void get_message(const ControlApi& api, const httplib::Request&, httplib::Response& res,
                 RequestScope& scope) {
    const std::string& id = scope.params[0];
    const auto message = api.gateway.message(id);
    if (!message) {
        const bool forgotten = api.gateway.message_position(id).has_value();
        return send_error(
            res, 404, "not_found",
            "no message " + id +
                (forgotten ? " (forgotten: the simulator keeps the newest --max-messages)" : ""),
            "requestid");
    }
    json out = events::field_tree(events::MessageAccepted{*message});
    callbacks::AttemptFilter about;
    about.order_key = message->request_id;
    out["callbacks"] = json::array();
    for (const auto& attempt : api.dispatcher.attempts(about, {}).items)
        out["callbacks"].push_back(events::field_tree(events::CallbackAttempted{attempt}));
    std::string head = out.dump(-1, ' ', false, json::error_handler_t::replace);
    head.back() = ',';
    head += "\"text\":";
    send_streamed_json(res, in_sequence(std::move(head), text_view_pieces(message->content->text()), "}"));
}

void force_status(const ControlApi& api, const httplib::Request& req, httplib::Response& res,
                  RequestScope& scope) {
    const auto body = read_json_body(req, res);
    if (!body) return;
    const auto status_text = string_member(*body, "status", res);
    const auto desc = string_member(*body, "desc", res);
    if (!status_text || !desc) return;
    if (status_text->empty())
        return send_error(res, 400, "missing_parameter", "status is required", "status");
    const auto status = read_status(*status_text, res);
    if (!status) return;
    const std::string& id = scope.params[0];
    const auto message = api.gateway.force_status(id, *status, *desc);
    if (!message) return send_error(res, 404, "not_found", "no message " + id, "requestid");
    settle_now(api.scheduler);
    send_json(res, 200, events::field_tree(events::MessageAccepted{*message}));
}

}  // namespace sim::http::control_api
