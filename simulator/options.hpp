// What connectel-sim is started with: the command line's flags, as the simulator takes them.
#pragma once

#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "clock/scheduler.hpp"
#include "http/transport/request_journal.hpp"
#include "http/transport/server_tuning.hpp"
#include "log/app_log.hpp"
#include "scenario/scenario.hpp"
#include "store_limits.hpp"

namespace sim {

struct Options {
    std::string host = "127.0.0.1";
    int port = 8080;  // 0 picks a free port
    // The scenario: a file, else text (tests), else the built-in default.
    std::optional<std::string> scenario_file;
    std::optional<std::string> scenario_text;
    std::optional<ClockSetting> clock;  // overrides every scenario's, loaded ones too
    std::optional<std::uint64_t> seed;  // likewise
    LogLevel log_level = LogLevel::Info;
    std::FILE* log = stderr;  // nullptr: silent
    http::JournalLimits journal;
    // Messages kept, and likewise inbound SMS and callback attempts (docs/simulator.md, "Memory").
    StoreLimits store;
    http::ServerTuning tuning;
    bool web_page = true;  // --no-ui: no page at `/`; the control API and /_sim/events stay
    // --allow-host: Host names the page, control API and event stream answer to besides
    // addresses and localhost ("*": any); see http/control_api/browser_guard.hpp.
    std::vector<std::string> allowed_hosts;
    // --dlr-url, --dlr-format, --inbound-url, --inbound-format, --number: where the callbacks
    // of every token that sets none go, in every scenario loaded (gateway/tokens.hpp).
    scenario::TokenCallbacks default_callbacks;
    // --state: the SQLite file the simulator keeps its state in, and comes back from.
    std::optional<std::string> state_file;
};

}  // namespace sim
