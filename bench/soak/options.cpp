#include "options.hpp"

#include <cerrno>
#include <cstdlib>
#include <string_view>

namespace soak {

const char* const usage =
    "usage: soak_bench [CONNECTEL_SIM] [--duration SECONDS] [--clients N] [--drain-timeout SECONDS]\n"
    "                  [--healthy-only] [--default-bounds]\n"
    "       SOAK_DURATION=SECONDS stands in for --duration (default 60)\n";

namespace {

// A whole number from `low` to `high`; `what` names where it came from in the error.
long whole_number(std::string_view what, const std::string& text, long low, long high) {
    char* end = nullptr;
    errno = 0;
    const long value = std::strtol(text.c_str(), &end, 10);
    if (text.empty() || *end != '\0' || errno != 0 || value < low || value > high)
        throw UsageError(std::string(what) + ": expected a whole number from " + std::to_string(low) +
                         " to " + std::to_string(high) + ", got \"" + text + "\"");
    return value;
}

}  // namespace

Options parse_options(int argc, char** argv, std::string default_simulator) {
    Options options;
    options.simulator = std::move(default_simulator);
    if (const char* env = std::getenv("SOAK_DURATION"); env && *env)
        options.duration = std::chrono::seconds(whole_number("SOAK_DURATION", env, 1, 86'400));
    bool simulator_given = false;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        const auto value = [&]() -> std::string {
            if (i + 1 >= argc) throw UsageError(std::string(arg) + ": needs a value");
            return argv[++i];
        };
        if (arg == "--duration") {
            options.duration = std::chrono::seconds(whole_number(arg, value(), 1, 86'400));
        } else if (arg == "--clients") {
            options.clients = static_cast<int>(whole_number(arg, value(), 1, 64));
        } else if (arg == "--drain-timeout") {
            options.drain_timeout = std::chrono::seconds(whole_number(arg, value(), 1, 86'400));
        } else if (arg == "--healthy-only") {
            options.healthy_only = true;
        } else if (arg == "--default-bounds") {
            options.default_bounds = true;
        } else if (!arg.empty() && arg.front() != '-' && !simulator_given) {
            options.simulator = arg;
            simulator_given = true;
        } else {
            throw UsageError("unknown argument \"" + std::string(arg) + "\"");
        }
    }
    return options;
}

}  // namespace soak
