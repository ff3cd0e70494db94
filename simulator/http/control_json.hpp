// How the control API and the event stream show the simulator's records, as JSON: one shape
// per record, shared by GET /_sim/... and the events of /_sim/events.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "callbacks/dispatcher.hpp"
#include "clock/scheduler.hpp"
#include "events/event_hub.hpp"
#include "gateway/gateway.hpp"
#include "scenario/scenario.hpp"

namespace sim::http {

nlohmann::json message_json(const gateway::MessageRecord& message);
// A status change of a message, as the `message.status` event tells it.
nlohmann::json status_change_json(const gateway::StatusChangeNotice& notice);
// The same bytes as message_json(m).dump() and status_change_json(n).dump(), appended to `out`
// without building the tree (which costs ten times as much): the two events of every send.
void append_message_json(std::string& out, const gateway::MessageRecord& message);
void append_status_change_json(std::string& out, const gateway::StatusChangeNotice& notice);
nlohmann::json inbound_json(const gateway::InboundRecord& sms);
nlohmann::json attempt_json(const callbacks::Attempt& attempt);
nlohmann::json clock_json(const Scheduler& scheduler);
// The name, description and file; with `full`, also its text and tokens.
nlohmann::json scenario_json(const scenario::Scenario& scenario, bool full = false);

// An event's Render whose data is the JSON that `make()` gives, made when a reader wants it.
template <class MakeJson>
events::Render json_render(MakeJson make) {
    return [make = std::move(make)](std::string& out) {
        out += make().dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    };
}

}  // namespace sim::http
