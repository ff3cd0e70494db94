// The control API (/_sim/..., docs/control-api.md): what tests use to read the simulator's state and to
// steer it: health, messages, the request journal, forced statuses, the clock, reset, and
// loading a scenario.
#pragma once

#include <functional>
#include <memory>

#include "callbacks/dispatcher.hpp"
#include "clock/scheduler.hpp"
#include "events/event_hub.hpp"
#include "gateway/gateway.hpp"
#include "http/transport/request_journal.hpp"
#include "http/router.hpp"
#include "scenario/scenario.hpp"

namespace sim::http {

struct ControlEndpoints {
    gateway::Gateway& gateway;
    Scheduler& scheduler;
    RequestJournal& journal;
    callbacks::Dispatcher& dispatcher;
    const scenario::Scenario& scenario;
    events::EventHub& events;  // clock moves and resets; the world publishes the rest
    // PUT /_sim/scenario: called with a valid scenario, which replaces this world after the
    // request (see World::LoadScenario).
    std::function<void(std::shared_ptr<const scenario::Scenario>)> load_scenario;

    void install(Router& router);
};

}  // namespace sim::http
