// GET /_sim/callbacks: the callback attempts, filtered and paged, with how many are pending.
#include "connectel/excerpt.hpp"
#include "events/domain_events.hpp"
#include "http/control_api/control_call.hpp"
#include "http/control_api/handlers.hpp"
#include "http/control_api/list_call.hpp"
#include "http/control_api/token_query.hpp"
#include "http/json_response.hpp"
#include "http/whole_number.hpp"

namespace sim::http::control_api {

namespace {

// "failed=true": the filter is on; "false", "0" or absent: off.
bool flag_param(const httplib::Request& req, const char* name) {
    const std::string value = req.get_param_value(name);
    return !value.empty() && value != "false" && value != "0";
}

// An attempt's id is its number from 1: its position is the id less one.
std::optional<std::size_t> id_position(const std::string& cursor, std::size_t size) {
    const auto id = parse_whole_number(cursor);
    if (!id || *id < 1 || *id > size) return std::nullopt;
    return static_cast<std::size_t>(*id - 1);
}

}  // namespace

void list_callbacks(const ControlApi& api, const httplib::Request& req, httplib::Response& res,
                    RequestScope& scope) {
    auto token_id = read_token_query(api.gateway, req, res);
    if (!token_id) return;
    callbacks::AttemptFilter filter;
    filter.token_id = std::move(*token_id);
    filter.failed_only = flag_param(req, "failed");
    filter.url_part = req.get_param_value("url");
    filter.order_key = req.get_param_value("requestid");
    if (const std::string kind = req.get_param_value("kind"); !kind.empty()) {
        if (kind != "dlr" && kind != "inbound")
            return send_error(res, 400, "invalid_parameter",
                              "kind is dlr or inbound, not \"" + connectel::excerpt(kind) + "\"", "kind");
        filter.kind = kind == "dlr" ? callbacks::Kind::Dlr : callbacks::Kind::Inbound;
    }
    const auto& dispatcher = api.dispatcher;
    send_record_list<events::CallbackAttempted>(
        api, req, res, scope, "callbacks",
        [&](const std::string& id) { return id_position(id, dispatcher.attempt_count()); },
        [&](const PageSpec& spec) { return dispatcher.attempts(filter, spec); }, filter,
        {{"pending", dispatcher.pending()}});
}

}  // namespace sim::http::control_api
