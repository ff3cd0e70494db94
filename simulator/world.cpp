// One scenario's world, wired: scenario -> clock -> gateway -> callbacks, and the routes.
#include "world.hpp"

#include <random>

#include "callbacks/payloads.hpp"
#include "events/domain_events.hpp"
#include "http/vendor_api/connectel_routes.hpp"
#include "http/control_api/routes.hpp"

namespace sim {

namespace {

// A virtual clock starts at a fixed instant, so a seeded run gives the same ids and dates
// every time; 2020-01-01 is the date of the vendor reference's examples.
constexpr Time virtual_epoch{std::chrono::seconds(1577836800)};

std::vector<std::string> listed_tokens(const scenario::Scenario& scenario) {
    std::vector<std::string> tokens;
    if (scenario.tokens)
        for (const auto& settings : *scenario.tokens) tokens.push_back(settings.token);
    return tokens;
}

}  // namespace

World::World(std::shared_ptr<const scenario::Scenario> scenario, const Options& options, Shared shared,
             LoadScenario load_scenario, const state::SavedState* saved)
    : scenario_(std::move(scenario)), events_(shared.events), waiters_(shared.waiters) {
    const ClockSetting clock = options.clock.value_or(scenario_->clock.value_or(ClockSetting{}));
    const bool is_virtual = clock.kind == ClockSetting::Kind::Virtual;
    // A virtual clock comes back at the time it had; the others are the time of day.
    const Time start = is_virtual ? (saved ? saved->world.now : virtual_epoch)
                                  : std::chrono::time_point_cast<Duration>(std::chrono::system_clock::now());
    started_ = saved ? saved->world.started : start;
    scheduler_ = std::make_unique<Scheduler>(clock, start);
    log_ = std::make_unique<AppLog>(*scheduler_, options.log_level, options.log);
    journal_ = std::make_unique<http::RequestJournal>(*scheduler_, options.journal, listed_tokens(*scenario_));
    dispatcher_ = std::make_unique<callbacks::Dispatcher>(
        *scheduler_, scenario_->callbacks,
        [this](const std::string& warning) { log_->warn(warning); });
    dispatcher_->keep_within(options.store);
    seed_ = saved ? saved->world.seed : options.seed.value_or(scenario_->seed.value_or(std::random_device{}()));
    injector_ = std::make_unique<callbacks::FaultInjector>(*dispatcher_, *scheduler_, seed_);
    gateway_ = std::make_unique<gateway::Gateway>(scenario_, *scheduler_, seed_, options.store, options.default_callbacks);
    gateway_->on_warning([this](const std::string& warning) { log_->warn(warning); });
    publish_changes();
    if (options.state_file) {
        gateway_->track_changes(!saved);
        dispatcher_->track_changes(!saved);
        journal_->track_changes(!saved);
    }
    if (saved) restore(*saved);
    // The timeline counts from the start; reset() drops what has not happened yet, and a
    // restored world what had happened before it was saved.
    for (const auto& event : scenario_->timeline) {
        const Time due = started_ + event.at;
        if (saved && due <= saved->world.now) continue;
        scheduler_->at(due, [this, sms = event.inbound] {
            if (!gateway_->receive_inbound(sms.from, sms.to, sms.message, "timeline"))
                log_->warn("timeline: no token has the number " + sms.to);
        });
    }

    http::GatewayEndpoints{*gateway_, *scheduler_, shared.base_url, [this] { await_early_reports(); }}.install(router_);
    http::control_api::add_control_routes(router_, {*gateway_, *scheduler_, *journal_, *dispatcher_, *injector_,
                                                    *scenario_, events_, shared.event_stream, waiters_,
                                                    options.web_page, std::move(load_scenario)});
}

// The saved items back in their stores, and what they still awaited rescheduled; on a virtual
// clock, what was already due runs now, as it would on the others once the clock starts.
void World::restore(const state::SavedState& saved) {
    gateway_->restore(saved);
    dispatcher_->restore(saved);
    journal_->restore(saved);
    if (scheduler_->is_virtual()) scheduler_->advance(Duration(0));
}

void World::collect_changes(state::Batch& batch) const {
    gateway_->collect_changes(batch);
    dispatcher_->collect_changes(batch);
    journal_->collect_changes(batch);
    state::SavedWorld& world = batch.world;
    world.scenario_name = scenario_->source_name;
    world.scenario_text = scenario_->original_text;
    world.seed = seed_;
    world.clock = to_string(scheduler_->setting().kind);
    world.started = started_;
    world.now = scheduler_->now();
}

// Every change goes to the event stream as it happens, besides its callback, once a stream has
// opened (until then the hub keeps nothing, and nothing is written for it). Each event is
// written at once, from the state the listener is given, and never again. The list calls
// waiting for a change its filter accepts are woken.
void World::publish_changes() {
    gateway_->on_accept([this](const gateway::MessageView& message, const gateway::Token& token) {
        events::publish(events_, events::MessageAccepted{message});
        waiters_.message_changed(message);
        if (message.dlr_faults && message.dlr_faults->early) send_early_report(message, token);
    });
    gateway_->on_status_change([this](const gateway::StatusChangeNotice& notice) {
        events::publish(events_, events::StatusChanged{notice});
        waiters_.message_changed(notice.message);
        send_delivery_report(notice);
    });
    gateway_->on_inbound([this](const gateway::InboundRecord& sms, const gateway::Token& token,
                                const scenario::CallbackFaults* faults) {
        events::publish(events_, events::InboundReceived{sms});
        waiters_.inbound_received(sms);
        forward_inbound(sms, token, faults);
    });
    dispatcher_->on_attempt([this](const callbacks::Attempt& attempt) {
        events::publish(events_, events::CallbackAttempted{attempt});
        waiters_.callback_attempted(attempt);
    });
}

World::~World() { scheduler_->stop(); }

// An inbound SMS to the token's receive URL, when it has one, with the rule's faults acted out.
void World::forward_inbound(const gateway::InboundRecord& sms, const gateway::Token& token,
                            const scenario::CallbackFaults* faults) const {
    if (!token.inbound) return;
    auto callback = callbacks::inbound_callback(token.inbound->target, {sms.from, sms.to, sms.request_id, sms.message});
    callback.token_id = sms.token_id;
    injector_->send(std::move(callback), faults);
}

namespace {

// The DLR of `message` at `change`, to the token's URL.
callbacks::Callback delivery_report(const gateway::MessageView& message, const gateway::StatusChange& change,
                                    const gateway::Token& token, bool numeric_status_str) {
    connectel::api::Dlr dlr;
    connectel::api::echo_request(dlr, message.content.request);
    dlr.requestid = message.request_id;
    dlr.tokenid = message.token_id;
    dlr.status = connectel::api::StatusField::of(change.status);
    dlr.recipient = message.recipient;
    dlr.bulkid = message.bulk_id;
    dlr.date = format_date(change.at);
    dlr.status_desc = change.desc;
    auto callback = callbacks::dlr_callback(*token.dlr, dlr, numeric_status_str);
    callback.token_id = message.token_id;
    return callback;
}

// The early reports' callbacks, sent on this request's thread while the gateway accepted its
// messages, for the send to await before it answers.
thread_local std::vector<std::uint64_t> early_reports;

}  // namespace

// A DLR to the token's URL, when it has one, with the message's rule's faults acted out.
void World::send_delivery_report(const gateway::StatusChangeNotice& notice) const {
    if (!notice.token.dlr) return;
    injector_->send(
        delivery_report(notice.message, notice.change(), notice.token, scenario_->quirks.numeric_dlr_status_str),
        notice.message.dlr_faults);
}

// dlr_faults `early`: a DLR of the status the message was accepted with, before the answer.
void World::send_early_report(const gateway::MessageView& message, const gateway::Token& token) const {
    if (!token.dlr) return;
    auto callback = delivery_report(message, message.current(), token, scenario_->quirks.numeric_dlr_status_str);
    callback.fault = callbacks::Injected::Early;
    if (const auto id = dispatcher_->enqueue(std::move(callback))) early_reports.push_back(id);
}

// A virtual clock runs what is due now (the early reports' first attempts) and returns once
// they are done; on another clock they start at once, and the send waits for each.
void World::await_early_reports() const {
    const auto ids = std::exchange(early_reports, {});
    if (scheduler_->is_virtual())
        scheduler_->advance(Duration(0));
    else
        for (const auto id : ids) dispatcher_->wait_attempted(id);
}

}  // namespace sim
