// connectel-sim's composition root: builds the clock, gateway, journal and HTTP routes from
// the options and serves them. main() is a thin CLI over it; tests run it in-process.
#pragma once

#include <atomic>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "callbacks/dispatcher.hpp"
#include "clock/scheduler.hpp"
#include "gateway/gateway.hpp"
#include "http/request_journal.hpp"
#include "http/server_tuning.hpp"
#include "scenario/scenario.hpp"

namespace sim {

struct Options {
    std::string host = "127.0.0.1";
    int port = 8080;  // 0 picks a free port
    // The scenario: a file, else text (tests), else the built-in default.
    std::optional<std::string> scenario_file;
    std::optional<std::string> scenario_text;
    std::optional<ClockSetting> clock;  // overrides the scenario's
    std::optional<std::uint64_t> seed;  // overrides the scenario's
    http::LogLevel log_level = http::LogLevel::Info;
    std::FILE* log = stderr;  // nullptr: silent
    std::size_t journal_limit = 100'000;
    http::ServerTuning tuning;
};

class Simulator {
public:
    // Loads the scenario; throws scenario::ScenarioError with FILE:LINE:COL lines.
    explicit Simulator(Options options);
    ~Simulator();
    Simulator(const Simulator&) = delete;
    Simulator& operator=(const Simulator&) = delete;

    // Binds host:port and returns the port; throws std::runtime_error when it cannot.
    int bind();
    // Serves until stop(); call after bind().
    void serve();
    // bind() and serve() on a background thread: what in-process tests do.
    void start();
    // Stops serving (safe from any thread, and more than once).
    void stop();

    int port() const noexcept { return port_; }
    std::string base_url() const;
    const scenario::Scenario& scenario() const noexcept { return *scenario_; }
    Scheduler& scheduler() noexcept { return *scheduler_; }
    gateway::Gateway& gateway() noexcept { return *gateway_; }

private:
    struct Server;
    void send_delivery_report(const gateway::StatusChangeNotice& notice) const;
    void forward_inbound(const gateway::InboundRecord& sms) const;
    const scenario::TokenSettings* token_settings(const std::string& token) const;

    Options options_;
    std::shared_ptr<const scenario::Scenario> scenario_;
    std::unique_ptr<Scheduler> scheduler_;
    std::unique_ptr<callbacks::Dispatcher> dispatcher_;  // after the scheduler, which must outlive it
    std::unique_ptr<gateway::Gateway> gateway_;
    std::unique_ptr<http::RequestJournal> journal_;
    std::unique_ptr<Server> server_;
    std::thread serving_;
    std::atomic<bool> serve_entered_{false}, serve_done_{false}, stop_requested_{false};
    int port_ = -1;
    std::string base_url_;  // fixed by bind(), read by the routes
};

}  // namespace sim
