// What one soak run is told: which simulator binary, how long to drive it, with how many
// clients, and how long to wait afterwards for its callbacks to finish.
#pragma once

#include <chrono>
#include <stdexcept>
#include <string>

namespace soak {

struct Options {
    std::string simulator;  // the connectel-sim binary
    std::chrono::seconds duration{60};
    int clients = 4;  // threads sending, polling and reading lists, each on one keep-alive connection
    std::chrono::seconds drain_timeout{180};
    // No sends for the slow and the dead receivers' tokens: the healthy DLRs' latency without
    // them, to compare with a full run's.
    bool healthy_only = false;
    // The simulator's own bounds on what it keeps (--max-messages and --max-store-bytes), for a
    // long run's memory; the callback audit is skipped, as it needs every message and attempt.
    // Without it the run keeps everything, and is audited.
    bool default_bounds = false;
};

// A command line or SOAK_DURATION the benchmark cannot use; what() names the flag.
class UsageError : public std::runtime_error {
    using std::runtime_error::runtime_error;
};

extern const char* const usage;

// argv as `soak_bench [CONNECTEL_SIM] [--duration S] [--clients N] [--drain-timeout S] [--healthy-only]
// [--default-bounds]`;
// SOAK_DURATION (seconds) stands in for --duration when that flag is not given.
Options parse_options(int argc, char** argv, std::string default_simulator);

}  // namespace soak
