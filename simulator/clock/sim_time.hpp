// The simulator's notion of time: a point on a Unix-epoch time line in microseconds, whichever
// clock (real, sped up or virtual) moves it.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sim {

using Duration = std::chrono::microseconds;
using Time = std::chrono::time_point<std::chrono::system_clock, Duration>;

// "250ms", "2s", "1.5s", "5m", "48h"; nullopt for anything else (negative, no unit, overflow).
std::optional<Duration> parse_duration(std::string_view text);

// The gateway's date format, "2020-01-01 14:00:00" (UTC).
std::string format_date(Time t);

// ISO 8601 with microseconds, "2020-01-01T14:00:00.000000Z", for the control API.
std::string format_iso(Time t);

// "1500ms", "2h": the largest unit that is exact, for messages and logs.
std::string format_duration(Duration d);

}  // namespace sim
