// GET /_sim/tokens (where each token's callbacks go) and PUT /_sim/tokens/{tokenid} or
// PUT /_sim/tokens?token=TOKEN (change them at run time, as the vendor's portal does).
#include "events/domain_events.hpp"
#include "http/control_api/handlers.hpp"
#include "http/json_response.hpp"
#include "scenario/loader.hpp"

namespace sim::http::control_api {

using nlohmann::json;

void list_tokens(const ControlApi& api, const httplib::Request&, httplib::Response& res, RequestScope&) {
    const auto entries = api.gateway.token_entries();
    json out = {{"open", !api.scenario.tokens}, {"tokens", json::array()}};
    for (const auto& entry : entries) out["tokens"].push_back(events::field_tree(events::TokenSettingsShown{entry}));
    send_json(res, 200, out);
}

namespace {

// The token the call names: /{tokenid}, or ?token= for one the scenario does not list (added
// then, so that its settings are there before its first send). Sends the 404 or 400 otherwise.
std::optional<gateway::Tokens::Index> named_token(const ControlApi& api, const httplib::Request& req,
                                                  httplib::Response& res, const RequestScope& scope) {
    if (!scope.params.empty()) {
        const auto index = api.gateway.find_token_id(scope.params[0]);
        if (!index)
            send_error(res, 404, "unknown_token",
                       "no token has the id " + scope.params[0] +
                           (api.scenario.tokens ? "" : "; name one the gateway has not seen yet with ?token="),
                       "tokenid");
        return index;
    }
    const std::string token = req.get_param_value("token");
    if (token.empty()) {
        send_error(res, 400, "missing_parameter", "name the token: PUT /_sim/tokens/{tokenid}, or ?token=", "token");
        return std::nullopt;
    }
    const auto index = api.gateway.find_token(token);
    if (!index) send_error(res, 400, "unknown_token", "the scenario lists no such token", "token");
    return index;
}

}  // namespace

// The body replaces the token's own settings: {"dlr": {...}, "inbound": {...}}; what it leaves
// out (or sets null) the token takes from the default entry. Problems are body:LINE:COL.
void put_token(const ControlApi& api, const httplib::Request& req, httplib::Response& res, RequestScope& scope) {
    const auto index = named_token(api, req, res, scope);
    if (!index) return;
    const std::string self = api.gateway.token_entry(*index).id;
    auto parsed = scenario::parse_token_callbacks(req.body, [&](const std::string& number) {
        auto owner = api.gateway.number_owner(number);
        return owner == self ? std::nullopt : owner;
    });
    std::vector<std::string> problems;
    for (const auto& problem : parsed.problems) problems.push_back(scenario::format_problem("body", problem));
    if (problems.empty())
        if (const auto owner = api.gateway.set_token_callbacks(*index, std::move(parsed.callbacks)))
            problems.push_back("body: a number is already token \"" + *owner + "\"'s");  // taken meanwhile
    if (!problems.empty()) {
        json error = error_body("invalid_token_settings",
                                problems.size() == 1 ? problems.front()
                                                     : problems.front() + " (and " +
                                                           std::to_string(problems.size() - 1) + " more)");
        error["error"]["problems"] = problems;
        return send_json(res, 400, error);
    }
    const auto entry = api.gateway.token_entry(*index);
    events::publish(api.events, events::TokenChanged{entry});
    send_json(res, 200, events::field_tree(events::TokenSettingsShown{entry}));
}

}  // namespace sim::http::control_api
