// One server-sent event as GET /_sim/events writes it: an `id:` line, an `event:` line, one
// `data:` line of JSON (a newline in a JSON string is written \n, so one line holds it all) and
// the blank line that ends the event.
#pragma once

#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>

namespace sim::events {

// Appends "id: ID\nevent: TYPE\ndata: "; the data and end_frame() come next.
inline void begin_frame(std::string& out, std::uint64_t id, std::string_view type) {
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof digits, id).ptr;
    out += "id: ";
    out.append(digits, end);
    out += "\nevent: ";
    out += type;
    out += "\ndata: ";
}

inline void end_frame(std::string& out) { out += "\n\n"; }

}  // namespace sim::events
