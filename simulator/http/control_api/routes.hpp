// The control API (/_sim/..., docs/control-api.md), the event stream and the web page: what
// tests and the page use to read the simulator's state and to steer it. routes.cpp is the
// table of every route; each resource's handlers are in a file of their own (handlers.hpp).
#pragma once

#include <functional>
#include <memory>

#include "callbacks/dispatcher.hpp"
#include "callbacks/fault_injector.hpp"
#include "clock/scheduler.hpp"
#include "events/event_hub.hpp"
#include "gateway/gateway.hpp"
#include "http/control_api/event_stream.hpp"
#include "http/router.hpp"
#include "http/transport/request_journal.hpp"
#include "scenario/scenario.hpp"
#include "waits/waiters.hpp"

namespace sim::http::control_api {

// What the handlers read and steer: one world's parts, and what the simulator lends every world.
struct ControlApi {
    gateway::Gateway& gateway;
    Scheduler& scheduler;
    RequestJournal& journal;
    callbacks::Dispatcher& dispatcher;
    callbacks::FaultInjector& injector;  // the callbacks a scenario's faults hold back
    const scenario::Scenario& scenario;
    events::EventHub& events;  // clock moves and resets; the world publishes the rest
    const EventStream& event_stream;  // the simulator's, which counts the streams of every world
    waits::Waiters& waiters;          // the simulator's: the list calls that wait, in any world
    bool web_page;  // false with --no-ui: no page at `/`
    // PUT /_sim/scenario: called with a valid scenario once the request has left the world
    // (see World::LoadScenario).
    std::function<void(std::shared_ptr<const scenario::Scenario>)> load_scenario;
};

// Adds every route of the table in routes.cpp to `router`.
void add_control_routes(Router& router, ControlApi api);

}  // namespace sim::http::control_api
