// ASCII lower case, for the case-insensitive parts of HTTP (header values such as media types
// and host names); other bytes are left as they are.
#pragma once

#include <string>
#include <string_view>

namespace sim::http {

inline std::string ascii_lower(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

}  // namespace sim::http
