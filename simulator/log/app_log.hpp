// The application log on stderr (--log-level, docs/simulator.md "Running it"): what the
// simulator has to say besides its answers (a forgotten message, a timeline SMS no token
// receives, a callback given up, an internal error) and, at info, the request log's lines.
// Each line is the simulator's time, the level and the text. The request journal
// (GET /_sim/requests) is another part: it keeps requests, it writes no log.
#pragma once

#include <cstdio>
#include <string_view>

#include "clock/scheduler.hpp"

namespace sim {

enum class LogLevel { Error, Warn, Info, Debug };

class AppLog {
public:
    // Lines at `level` or more severe go to `out` (nullptr: none), stamped with `clock`'s time:
    // on a virtual clock, the virtual time.
    AppLog(const Scheduler& clock, LogLevel level, std::FILE* out)
        : clock_(clock), level_(level), out_(out) {}

    // Whether a line at `level` is written: a caller need not build a line nobody reads.
    bool enabled(LogLevel level) const noexcept { return out_ && level <= level_; }

    // One "TIME LEVEL LINE" line, in one write, so that lines from concurrent requests never
    // interleave.
    void write(LogLevel level, std::string_view line) const;
    void warn(std::string_view line) const { write(LogLevel::Warn, line); }

private:
    const Scheduler& clock_;
    const LogLevel level_;
    std::FILE* const out_;
};

}  // namespace sim
