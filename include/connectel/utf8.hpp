// UTF-8, strictly (RFC 3629): read one character at a time with the first problem named,
// write a code point, check a whole text.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "connectel/detail/utf8_dfa.hpp"
#include "connectel/sms/utf8_error.hpp"

namespace connectel::utf8 {

using sms::Utf8Problem;

// One character read from a text: its code point and length, or why it could not be read.
struct Decoded {
    char32_t code_point;
    std::uint8_t length;  // bytes consumed; 0 when the sequence is invalid
    Utf8Problem problem;
};

// Decodes the character starting at text[pos] (pos < text.size()).
inline Decoded decode(std::string_view text, std::size_t pos) noexcept {
    const auto at = [&](std::size_t i) { return static_cast<unsigned char>(text[pos + i]); };
    const std::size_t left = text.size() - pos;
    const unsigned char b0 = at(0);
    if (b0 < 0x80) return {b0, 1, Utf8Problem::None};
    if (b0 < 0xC0) return {0, 0, Utf8Problem::UnexpectedContinuation};
    if (b0 < 0xC2) return {0, 0, Utf8Problem::OverlongEncoding};
    if (b0 > 0xF4) return {0, 0, Utf8Problem::InvalidByte};

    const std::uint8_t length = b0 < 0xE0 ? 2 : b0 < 0xF0 ? 3 : 4;
    for (std::size_t i = 1; i < length; ++i)
        if (i >= left || (at(i) & 0xC0) != 0x80) return {0, 0, Utf8Problem::TruncatedSequence};

    if (length == 2) return {char32_t((b0 & 0x1Fu) << 6 | (at(1) & 0x3Fu)), 2, Utf8Problem::None};
    if (length == 3) {
        const char32_t cp = char32_t((b0 & 0x0Fu) << 12 | (at(1) & 0x3Fu) << 6 | (at(2) & 0x3Fu));
        if (cp < 0x800) return {0, 0, Utf8Problem::OverlongEncoding};
        if (cp >= 0xD800 && cp <= 0xDFFF) return {0, 0, Utf8Problem::EncodedSurrogate};
        return {cp, 3, Utf8Problem::None};
    }
    const char32_t cp =
        char32_t((b0 & 0x07u) << 18 | (at(1) & 0x3Fu) << 12 | (at(2) & 0x3Fu) << 6 | (at(3) & 0x3Fu));
    if (cp < 0x10000) return {0, 0, Utf8Problem::OverlongEncoding};
    if (cp > 0x10FFFF) return {0, 0, Utf8Problem::BeyondUnicode};
    return {cp, 4, Utf8Problem::None};
}

// Appends `cp` (at most U+10FFFF, not a surrogate) in UTF-8.
inline void append(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

// Whether `text` is all valid UTF-8 (fast: a table-driven automaton, ASCII runs skipped).
inline bool is_valid(std::string_view text) noexcept {
    return sms::detail::is_valid_utf8(text.data(), text.size());
}

}  // namespace connectel::utf8
