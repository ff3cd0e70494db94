// Everything one scenario decides: the clock, the gateway, the callbacks, the request journal
// and the routes over them. The simulator builds one at start and a fresh one for each
// PUT /_sim/scenario, so loading a scenario is a restart in place: nothing of the previous
// world (messages, pending steps, retries, journal) can leak into the next.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "callbacks/dispatcher.hpp"
#include "callbacks/fault_injector.hpp"
#include "clock/scheduler.hpp"
#include "events/event_hub.hpp"
#include "gateway/gateway.hpp"
#include "http/transport/request_journal.hpp"
#include "http/control_api/event_stream.hpp"
#include "http/router.hpp"
#include "log/app_log.hpp"
#include "options.hpp"
#include "scenario/scenario.hpp"
#include "state/saved_state.hpp"
#include "waits/waiters.hpp"

namespace sim {

class World {
public:
    // What the PUT /_sim/scenario route does with a valid scenario: hand it to whoever owns
    // the world, which replaces the world once the request no longer runs in it.
    using LoadScenario = std::function<void(std::shared_ptr<const scenario::Scenario>)>;

    // The simulator's parts every world uses, which outlive it: how the routes reach it
    // (`base_url`, fixed once the port is bound), where every change is published (`events`)
    // and the stream that serves it, and the list calls waiting for a change (`waiters`).
    struct Shared {
        const std::string& base_url;
        events::EventHub& events;
        const http::EventStream& event_stream;
        waits::Waiters& waiters;
    };

    // `saved`: a state file's world to bring back (its clock's time, seed, items and pending
    // work), of this scenario; null: a fresh world. With a state file (--state), the world notes
    // its changes for collect_changes(), and a fresh one's first batch empties the file.
    World(std::shared_ptr<const scenario::Scenario> scenario, const Options& options, Shared shared,
          LoadScenario load_scenario, const state::SavedState* saved = nullptr);
    ~World();  // stops the clock's worker first, so no task runs while the rest goes
    World(const World&) = delete;
    World& operator=(const World&) = delete;

    // Real and scaled clocks: runs due tasks on the scheduler's worker until stop().
    void start() { scheduler_->start(); }
    void stop() { scheduler_->stop(); }
    // Publishes nothing more: a replaced world's callback attempts still finishing are not news.
    void silence() { dispatcher_->on_attempt(nullptr); }

    const http::Router& router() const noexcept { return router_; }
    http::RequestJournal& journal() noexcept { return *journal_; }
    const AppLog& log() const noexcept { return *log_; }
    // The changes since the last call, and what this world is: the state writer's batch.
    void collect_changes(state::Batch& batch) const;

private:
    void send_delivery_report(const gateway::StatusChangeNotice& notice) const;
    void send_early_report(const gateway::MessageView& message, const gateway::Token& token) const;
    void await_early_reports() const;
    void forward_inbound(const gateway::InboundRecord& sms, const gateway::Token& token,
                         const scenario::CallbackFaults* faults) const;
    void publish_changes();
    void restore(const state::SavedState& saved);

    // Declared in dependency order: each part is destroyed before what it uses.
    const std::shared_ptr<const scenario::Scenario> scenario_;
    Time started_{};  // the timeline counts from here
    std::uint64_t seed_ = 0;
    events::EventHub& events_;
    waits::Waiters& waiters_;
    std::unique_ptr<Scheduler> scheduler_;
    std::unique_ptr<AppLog> log_;  // stamped with the scheduler's time
    std::unique_ptr<http::RequestJournal> journal_;
    std::unique_ptr<callbacks::Dispatcher> dispatcher_;  // warns in the log
    std::unique_ptr<callbacks::FaultInjector> injector_;  // sends through the dispatcher
    std::unique_ptr<gateway::Gateway> gateway_;          // calls the injector
    http::Router router_;
};

}  // namespace sim
