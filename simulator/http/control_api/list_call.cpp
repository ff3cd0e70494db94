#include "http/control_api/list_call.hpp"

#include "connectel/excerpt.hpp"
#include "http/json_response.hpp"
#include "http/whole_number.hpp"

namespace sim::http::control_api {

bool read_wait_query(const httplib::Request& req, httplib::Response& res, const PageSpec& spec,
                     std::optional<WaitQuery>& out) {
    if (!req.has_param("wait")) {
        if (!req.has_param("min")) return true;
        send_error(res, 400, "invalid_parameter", "min counts what a wait waits for: give wait=DURATION too", "min");
        return false;
    }
    const std::string wait_text = req.get_param_value("wait");
    const auto wait = parse_duration(wait_text);
    if (!wait || *wait > max_wait) {
        send_error(res, 400, "invalid_parameter",
                   "wait is a duration of at most 60s, like \"10s\" or \"500ms\", not \"" +
                       connectel::excerpt(wait_text) + "\"",
                   "wait");
        return false;
    }
    WaitQuery query;
    query.wait = *wait;
    if (req.has_param("min")) {
        const std::string min_text = req.get_param_value("min");
        const auto min = parse_whole_number(min_text);
        if (!min || *min < 1 || *min > spec.limit) {
            send_error(res, 400, "invalid_parameter",
                       "min is a whole number from 1 to the page's limit (" + std::to_string(spec.limit) +
                           "), not \"" + connectel::excerpt(min_text) + "\"",
                       "min");
            return false;
        }
        query.min = static_cast<std::size_t>(*min);
    }
    out = query;
    return true;
}

bool watch_for(const ControlApi& api, httplib::Response& res, RequestScope& scope, waits::Watch watch,
               const WaitQuery& wait) {
    if (scope.waiter) {
        scope.waiter->rearm();
        return true;
    }
    scope.waiter = api.waiters.wait_for(std::move(watch), std::chrono::steady_clock::now() + wait.wait);
    if (scope.waiter) return true;
    send_error(res, 503, "too_many_waiters",
               "at most " + std::to_string(api.waiters.capacity()) +
                   " list calls wait at once; try again when one has answered");
    return false;
}

void add_wait_outcome(const ControlApi& api, bool found, nlohmann::json& extra) {
    extra["timedOut"] = !found;
    extra["clock"] = events::field_tree(events::ClockMoved::of(api.scheduler));
}

}  // namespace sim::http::control_api
