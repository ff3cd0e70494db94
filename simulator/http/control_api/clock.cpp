// GET /_sim/clock and POST /_sim/clock/advance (a virtual clock only).
#include "connectel/excerpt.hpp"
#include "events/domain_events.hpp"
#include "http/control_api/control_call.hpp"
#include "http/control_api/handlers.hpp"
#include "http/json_response.hpp"

namespace sim::http::control_api {

void get_clock(const ControlApi& api, const httplib::Request&, httplib::Response& res, RequestScope&) {
    send_json(res, 200, events::field_tree(events::ClockMoved::of(api.scheduler)));
}

void advance_clock(const ControlApi& api, const httplib::Request& req, httplib::Response& res,
                   RequestScope&) {
    const auto body = read_json_body(req, res);
    if (!body) return;
    const auto by = string_member(*body, "by", res);
    if (!by) return;
    if (by->empty()) return send_error(res, 400, "missing_parameter", "by is required, like \"5s\"", "by");
    const auto duration = parse_duration(*by);
    if (!duration)
        return send_error(res, 400, "invalid_parameter",
                          "bad duration \"" + connectel::excerpt(*by) +
                              "\"; write it like \"250ms\", \"2s\", \"5m\" or \"48h\"",
                          "by");
    if (!api.scheduler.is_virtual())
        return send_error(
            res, 409, "clock_not_virtual",
            "only a virtual clock is advanced; start with --clock virtual or \"clock\": \"virtual\"");
    const std::size_t ran = api.scheduler.advance(*duration);
    const auto clock = events::ClockMoved::of(api.scheduler);
    events::publish(api.events, clock);
    nlohmann::json out = events::field_tree(clock);
    out["ran"] = ran;
    send_json(res, 200, out);
}

}  // namespace sim::http::control_api
