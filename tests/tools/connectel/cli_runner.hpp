// The connectel CLI run as a user's shell runs it, against a simulator started by the test.
#pragma once

#include <string>
#include <vector>

#include "connectel/testing.hpp"
#include "run_process.hpp"

namespace connectel_tests {

inline const std::string cli = CONNECTEL_CLI_PATH;

// The CLI with CONNECTEL_BASE_URL pointing at `sim` and no CONNECTEL_TOKEN.
inline ProcessResult run_cli(const connectel::testing::SimulatorProcess& sim, std::vector<std::string> args) {
    args.insert(args.begin(), {"CONNECTEL_BASE_URL=" + sim.base_url(), "CONNECTEL_TOKEN=", cli});
    return run_process("/usr/bin/env", args);
}

}  // namespace connectel_tests
