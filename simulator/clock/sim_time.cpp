// Parsing and formatting of the simulator's durations and times.
#include "clock/sim_time.hpp"

#include <cstdio>
#include <cstring>
#include <ctime>
#include <limits>

namespace sim {

std::optional<Duration> parse_duration(std::string_view text) {
    std::size_t i = 0;
    std::int64_t whole = 0;
    std::int64_t fraction = 0, fraction_scale = 1;
    const auto digit = [&](std::size_t at) { return at < text.size() && text[at] >= '0' && text[at] <= '9'; };
    if (!digit(0)) return std::nullopt;
    for (; digit(i); ++i) {
        if (whole > std::numeric_limits<std::int64_t>::max() / 100) return std::nullopt;
        whole = whole * 10 + (text[i] - '0');
    }
    if (i < text.size() && text[i] == '.') {
        if (!digit(++i)) return std::nullopt;
        for (; digit(i); ++i) {
            if (fraction_scale >= 1'000'000'000) return std::nullopt;  // finer than we keep
            fraction = fraction * 10 + (text[i] - '0');
            fraction_scale *= 10;
        }
    }
    const std::string_view unit = text.substr(i);
    std::int64_t micros_per_unit = 0;
    if (unit == "us")
        micros_per_unit = 1;
    else if (unit == "ms")
        micros_per_unit = 1'000;
    else if (unit == "s")
        micros_per_unit = 1'000'000;
    else if (unit == "m")
        micros_per_unit = 60'000'000;
    else if (unit == "h")
        micros_per_unit = 3'600'000'000;
    else
        return std::nullopt;
    // 100 years is plenty for a simulator and keeps the arithmetic far from overflow.
    constexpr std::int64_t max_micros = 100LL * 366 * 24 * 3'600'000'000;
    if (whole > max_micros / micros_per_unit) return std::nullopt;
    const std::int64_t micros = whole * micros_per_unit + fraction * micros_per_unit / fraction_scale;
    if (micros > max_micros) return std::nullopt;
    return Duration(micros);
}

namespace {

std::tm utc_fields(Time t) {
    const std::time_t seconds = std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
    std::tm fields{};
    gmtime_r(&seconds, &fields);
    return fields;
}

}  // namespace

std::string format_date(Time t) {
    const std::tm f = utc_fields(t);
    char text[96];  // room for any int fields, as the compiler checks
    std::snprintf(text, sizeof text, "%04d-%02d-%02d %02d:%02d:%02d", f.tm_year + 1900, f.tm_mon + 1, f.tm_mday,
                  f.tm_hour, f.tm_min, f.tm_sec);
    return text;
}

std::string format_iso(Time t) {
    // Every log line formats the time: the date part is kept per thread and redone once a second.
    thread_local std::int64_t cached_second = -1;
    thread_local char cached[32];
    const std::int64_t micros_since_epoch = t.time_since_epoch().count();
    const std::int64_t second = micros_since_epoch / 1'000'000 - (micros_since_epoch % 1'000'000 < 0);
    if (second != cached_second) {
        const std::tm f = utc_fields(Time(std::chrono::seconds(second)));
        char text[112];
        const int n = std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.", f.tm_year + 1900,
                                    f.tm_mon + 1, f.tm_mday, f.tm_hour, f.tm_min, f.tm_sec);
        if (n != 20) return std::string(text) + std::to_string(micros_since_epoch - second * 1'000'000) + "Z";
        std::memcpy(cached, text, 20);
        cached_second = second;
    }
    const auto micros = static_cast<int>(micros_since_epoch - second * 1'000'000);
    std::string out(cached, 20);
    char digits[8];
    std::snprintf(digits, sizeof digits, "%06d", micros);
    out.append(digits, 6);
    out += 'Z';
    return out;
}

std::string format_duration(Duration d) {
    const std::int64_t us = d.count();
    const struct {
        std::int64_t size;
        const char* name;
    } units[] = {{3'600'000'000, "h"}, {60'000'000, "m"}, {1'000'000, "s"}, {1'000, "ms"}};
    for (const auto& unit : units)
        if (us != 0 && us % unit.size == 0) return std::to_string(us / unit.size) + unit.name;
    return us == 0 ? "0s" : std::to_string(us) + "us";
}

}  // namespace sim
