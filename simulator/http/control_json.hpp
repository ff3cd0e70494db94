// How the control API and the event stream show the simulator's records, as JSON: one shape
// per record, shared by GET /_sim/... and the events of /_sim/events.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "callbacks/dispatcher.hpp"
#include "clock/scheduler.hpp"
#include "gateway/gateway.hpp"
#include "scenario/scenario.hpp"

namespace sim::http {

nlohmann::json message_json(const gateway::MessageView& message);
// A status change of a message, as the `message.status` event tells it.
nlohmann::json status_change_json(const gateway::StatusChangeNotice& notice);
// The same bytes as message_json(m).dump() and status_change_json(n).dump(), appended to `out`
// without building the tree (seven times the cost, 3.2 against 0.5 us): every send's two events.
void append_message_json(std::string& out, const gateway::MessageView& message);
void append_status_change_json(std::string& out, const gateway::StatusChangeNotice& notice);
nlohmann::json inbound_json(const gateway::InboundRecord& sms);
nlohmann::json attempt_json(const callbacks::Attempt& attempt);
nlohmann::json clock_json(const Scheduler& scheduler);
// The name, description and file; with `full`, also its text and tokens.
nlohmann::json scenario_json(const scenario::Scenario& scenario, bool full = false);

// `value` as one line of JSON, as the events' data: what is not UTF-8 is replaced, not refused.
inline void append_json(std::string& out, const nlohmann::json& value) {
    out += value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace sim::http
