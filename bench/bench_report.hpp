// What every benchmark here prints and judges alike: timings, the machine's load before the
// runs (other work skews every figure), and the closing table of targets with PASS or FAIL.
#pragma once

#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

namespace bench {

using Clock = std::chrono::steady_clock;

inline double ms_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

inline std::string format(const char* pattern, double value) {
    char text[64];
    std::snprintf(text, sizeof text, pattern, value);
    return text;
}

// One target: the figure measured, the baseline of the same run, their ratio, and the verdict.
struct Verdict {
    std::string what, figure, baseline, ratio, target;
    bool pass;
};

// "load average X (1 min), Y (5 min)", indented to sit under the benchmark's first line.
inline void print_load_average(int indent) {
    std::ifstream loadavg("/proc/loadavg");
    std::string load1, load5;
    loadavg >> load1 >> load5;
    std::printf("%*sload average %s (1 min), %s (5 min)\n\n", indent, "", load1.c_str(), load5.c_str());
}

// The closing table; true when every target passed. `what_width` fits the longest `what`.
inline bool print_verdicts(const std::vector<Verdict>& verdicts, int what_width, int target_width) {
    std::printf("%-*s %12s %17s %7s %*s  %s\n", what_width, "target", "figure", "baseline", "ratio", target_width,
                "target", "verdict");
    bool all = true;
    for (const auto& v : verdicts) {
        std::printf("%-*s %12s %17s %7s %*s  %s\n", what_width, v.what.c_str(), v.figure.c_str(), v.baseline.c_str(),
                    v.ratio.c_str(), target_width, v.target.c_str(), v.pass ? "PASS" : "FAIL");
        all = all && v.pass;
    }
    return all;
}

}  // namespace bench
