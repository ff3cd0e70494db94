// A short excerpt of untrusted input, for error messages: a message that quotes what it refuses
// must not echo a 10,000-digit number or a whole body back to the caller (nor into a log).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace connectel {

inline constexpr std::size_t excerpt_bytes = 32;

// `text` itself when it has at most `max_bytes` bytes; else its first bytes, cut where a UTF-8
// character starts, then "... (N bytes)".
inline std::string excerpt(std::string_view text, std::size_t max_bytes = excerpt_bytes) {
    if (text.size() <= max_bytes) return std::string(text);
    std::size_t cut = max_bytes;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    return std::string(text.substr(0, cut)) + "... (" + std::to_string(text.size()) + " bytes)";
}

}  // namespace connectel
