// How the control API and the event stream show the simulator's records, as JSON: one shape
// per record, shared by GET /_sim/... and the events of /_sim/events.
#pragma once

#include <nlohmann/json.hpp>

#include "callbacks/dispatcher.hpp"
#include "clock/scheduler.hpp"
#include "gateway/gateway.hpp"
#include "scenario/scenario.hpp"

namespace sim::http {

nlohmann::json message_json(const gateway::MessageRecord& message);
// A status change of a message, as the `message.status` event tells it.
nlohmann::json status_change_json(const gateway::StatusChangeNotice& notice);
nlohmann::json inbound_json(const gateway::InboundRecord& sms);
nlohmann::json attempt_json(const callbacks::Attempt& attempt);
nlohmann::json clock_json(const Scheduler& scheduler);
// The name, description and file; with `full`, also its text and tokens.
nlohmann::json scenario_json(const scenario::Scenario& scenario, bool full = false);

}  // namespace sim::http
