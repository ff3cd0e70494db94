// connectel-sim for the CLI's tests, run the way a user's tests run it (testing.hpp's
// SimulatorProcess): this build's binary, a virtual clock, a fixed seed and a quiet log.
#pragma once

#include "connectel/testing.hpp"

namespace connectel_tests {

inline connectel::testing::SimulatorOptions built_simulator() {
    connectel::testing::SimulatorOptions options;
    options.binary = CONNECTEL_SIM_PATH;
    options.seed = 7;
    options.log_level = "error";
    return options;
}

}  // namespace connectel_tests
