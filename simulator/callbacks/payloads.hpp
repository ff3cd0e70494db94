// The bodies of the simulator's callbacks (docs/library.md, "Receiving callbacks"): a DLR per status
// change and an inbound SMS, as JSON or form fields per the token's settings.
#pragma once

#include "callbacks/dispatcher.hpp"
#include "connectel/api/callbacks.hpp"
#include "scenario/scenario.hpp"

namespace sim::callbacks {

// `numeric_status_str`: the reference's DLR example sends "statusStr": 1 (the scenario's quirk).
Callback dlr_callback(const scenario::CallbackTarget& target, const connectel::api::Dlr& dlr,
                      bool numeric_status_str);

// Order key: the inbound message's own request-id.
Callback inbound_callback(const scenario::CallbackTarget& target, const connectel::api::InboundSms& sms);

}  // namespace sim::callbacks
