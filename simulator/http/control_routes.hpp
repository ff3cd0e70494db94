// The control API (/_sim/..., SPEC §2): what tests use to read the simulator's state and to
// steer it: health, messages, the request journal, forced statuses, the clock, reset.
#pragma once

#include <functional>

#include "callbacks/dispatcher.hpp"
#include "clock/scheduler.hpp"
#include "gateway/gateway.hpp"
#include "http/request_journal.hpp"
#include "http/router.hpp"

namespace sim::http {

struct ControlEndpoints {
    gateway::Gateway& gateway;
    Scheduler& scheduler;
    RequestJournal& journal;
    callbacks::Dispatcher& dispatcher;
    std::function<nlohmann::json()> describe_scenario;

    void install(Router& router);
};

// A message as the control API shows it.
nlohmann::json message_json(const gateway::MessageRecord& message);

}  // namespace sim::http
