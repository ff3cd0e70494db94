// POST /_sim/reset: messages, inbound SMS, the journal and callbacks forgotten; the clock and
// the scenario stay.
#include "events/domain_events.hpp"
#include "http/control_api/handlers.hpp"
#include "http/json_response.hpp"

namespace sim::http::control_api {

void reset(const ControlApi& api, const httplib::Request&, httplib::Response& res, RequestScope&) {
    api.gateway.reset();
    api.journal.clear();
    api.dispatcher.reset();
    events::publish(api.events, events::Reset{});
    send_json(res, 200, {{"status", "ok"}});
}

}  // namespace sim::http::control_api
