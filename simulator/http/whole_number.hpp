// Reading a query parameter or header that must be a whole number (limit, cursors, event ids).
#pragma once

#include <charconv>
#include <cstdint>
#include <optional>
#include <string_view>

namespace sim::http {

// The number `text` spells in decimal digits only; nullopt for anything else (empty, a sign,
// spaces, trailing characters, or too large).
inline std::optional<std::uint64_t> parse_whole_number(std::string_view text) {
    std::uint64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return value;
}

}  // namespace sim::http
