// GET /_sim/scenario (what is loaded, tokens masked) and PUT /_sim/scenario (load another: the
// world is replaced once this request has left it).
#include "events/domain_events.hpp"
#include "http/control_api/handlers.hpp"
#include "http/json_response.hpp"
#include "scenario/loader.hpp"

namespace sim::http::control_api {

using nlohmann::json;

void get_scenario(const ControlApi& api, const httplib::Request&, httplib::Response& res, RequestScope&) {
    const auto clock = events::ClockMoved::of(api.scheduler).clock;
    send_json(res, 200, events::field_tree(events::ScenarioDetail{api.scenario, clock}));
}

// The body is a scenario file's text; ?file=NAME names it in the problems (default "body").
void load_scenario(const ControlApi& api, const httplib::Request& req, httplib::Response& res,
                   RequestScope& scope) {
    const std::string name = req.has_param("file") ? req.get_param_value("file") : "body";
    auto parsed = scenario::parse_scenario(req.body);
    if (!parsed.problems.empty()) {
        json problems = json::array();
        for (const auto& problem : parsed.problems)
            problems.push_back(scenario::format_problem(name, problem));
        const std::string first = problems.front();
        json error = error_body(
            "invalid_scenario",
            problems.size() == 1 ? first : first + " (and " + std::to_string(problems.size() - 1) + " more)");
        error["error"]["problems"] = std::move(problems);
        return send_json(res, 400, error);
    }
    parsed.scenario.source_name = name;
    json out = events::field_tree(events::ScenarioLoaded{parsed.scenario});
    // This request runs in the world the scenario replaces: the swap waits till it has left.
    scope.after = [load = api.load_scenario, next = std::make_shared<const scenario::Scenario>(
                                                 std::move(parsed.scenario))] { load(next); };
    out["status"] = "loaded";
    send_json(res, 200, out);
}

}  // namespace sim::http::control_api
