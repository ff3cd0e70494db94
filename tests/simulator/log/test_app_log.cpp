// The application log: which lines each level writes, and their format (the simulator's time,
// the level, the text).
#include <doctest/doctest.h>

#include <cstdio>
#include <memory>
#include <string>

#include "clock/scheduler.hpp"
#include "log/app_log.hpp"

using sim::AppLog;
using sim::LogLevel;

namespace {

const sim::Time epoch{std::chrono::seconds(1577836800)};  // 2020-01-01T00:00:00Z

// What was written to `file` so far.
std::string contents(std::FILE* file) {
    std::fflush(file);
    std::rewind(file);
    std::string text;
    char buffer[256];
    while (const std::size_t n = std::fread(buffer, 1, sizeof buffer, file)) text.append(buffer, n);
    return text;
}

// One line at each level, from the most severe.
void write_each_level(const AppLog& log) {
    log.write(LogLevel::Error, "an error");
    log.warn("a warning");
    log.write(LogLevel::Info, "POST /api/v2/send 200 12us");
    log.write(LogLevel::Debug, "a detail");
}

}  // namespace

TEST_CASE("each level writes its lines and the more severe ones, stamped with the simulator's clock") {
    sim::Scheduler clock(sim::ClockSetting{sim::ClockSetting::Kind::Virtual, 1.0}, epoch);
    clock.advance(std::chrono::milliseconds(5250));
    const struct {
        LogLevel level;
        std::string expected;
    } cases[] = {
        {LogLevel::Error, "2020-01-01T00:00:05.250000Z error an error\n"},
        {LogLevel::Warn,
         "2020-01-01T00:00:05.250000Z error an error\n2020-01-01T00:00:05.250000Z warn a warning\n"},
        {LogLevel::Info,
         "2020-01-01T00:00:05.250000Z error an error\n2020-01-01T00:00:05.250000Z warn a warning\n"
         "2020-01-01T00:00:05.250000Z info POST /api/v2/send 200 12us\n"},
        {LogLevel::Debug,
         "2020-01-01T00:00:05.250000Z error an error\n2020-01-01T00:00:05.250000Z warn a warning\n"
         "2020-01-01T00:00:05.250000Z info POST /api/v2/send 200 12us\n2020-01-01T00:00:05.250000Z debug a "
         "detail\n"},
    };
    for (const auto& c : cases) {
        CAPTURE(static_cast<int>(c.level));
        const std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::tmpfile(), &std::fclose);
        REQUIRE(file);
        const AppLog log(clock, c.level, file.get());
        write_each_level(log);
        CHECK(contents(file.get()) == c.expected);
        CHECK(log.enabled(LogLevel::Error));
        CHECK(log.enabled(LogLevel::Info) == (c.level >= LogLevel::Info));
    }
}

TEST_CASE("without a file the log is silent at every level") {
    sim::Scheduler clock(sim::ClockSetting{sim::ClockSetting::Kind::Virtual, 1.0}, epoch);
    const AppLog log(clock, LogLevel::Debug, nullptr);
    CHECK_FALSE(log.enabled(LogLevel::Error));
    write_each_level(log);  // nothing to write to, and no crash
}
