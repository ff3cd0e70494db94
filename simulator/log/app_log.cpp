// The log's line format: "2020-01-01T00:00:05.000000Z warn forgot message ...".
#include "log/app_log.hpp"

#include <string>

#include "clock/sim_time.hpp"

namespace sim {

namespace {

const char* level_name(LogLevel level) {
    switch (level) {
        case LogLevel::Error:
            return "error";
        case LogLevel::Warn:
            return "warn";
        case LogLevel::Info:
            return "info";
        default:
            return "debug";
    }
}

}  // namespace

void AppLog::write(LogLevel level, std::string_view line) const {
    if (!enabled(level)) return;
    std::string text = format_iso(clock_.now());
    text += ' ';
    text += level_name(level);
    text += ' ';
    text += line;
    text += '\n';
    std::fwrite(text.data(), 1, text.size(), out_);
    std::fflush(out_);
}

}  // namespace sim
