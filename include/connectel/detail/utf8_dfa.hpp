// Fast UTF-8 validation for the UCS-2 path of analyze(): a shift-based DFA (one table load and
// one shift per byte, no branch on the byte), skipping all-ASCII blocks.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "connectel/detail/ascii_scan.hpp"

namespace connectel::sms::detail {

// DFA states are bit offsets into a 64-bit row: row[byte] >> state & 63 is the next state.
// Nine states of six bits fit one row.
enum Utf8State : std::uint8_t {
    utf8_accept = 0,
    utf8_error = 6,
    utf8_need1 = 12,     // one more continuation byte
    utf8_need2 = 18,     // two more
    utf8_need3 = 24,     // three more
    utf8_after_e0 = 30,  // A0..BF then one more (no overlong 3-byte forms)
    utf8_after_ed = 36,  // 80..9F then one more (no surrogates)
    utf8_after_f0 = 42,  // 90..BF then two more (no overlong 4-byte forms)
    utf8_after_f4 = 48,  // 80..8F then two more (nothing beyond U+10FFFF)
};

constexpr std::uint64_t utf8_transition(unsigned byte, unsigned state) {
    const bool cont = byte >= 0x80 && byte <= 0xBF;
    switch (state) {
        case utf8_accept:
            if (byte < 0x80) return utf8_accept;
            if (byte >= 0xC2 && byte <= 0xDF) return utf8_need1;
            if (byte == 0xE0) return utf8_after_e0;
            if (byte == 0xED) return utf8_after_ed;
            if (byte >= 0xE1 && byte <= 0xEF) return utf8_need2;
            if (byte == 0xF0) return utf8_after_f0;
            if (byte >= 0xF1 && byte <= 0xF3) return utf8_need3;
            if (byte == 0xF4) return utf8_after_f4;
            return utf8_error;
        case utf8_need1:
            return cont ? utf8_accept : utf8_error;
        case utf8_need2:
            return cont ? utf8_need1 : utf8_error;
        case utf8_need3:
            return cont ? utf8_need2 : utf8_error;
        case utf8_after_e0:
            return byte >= 0xA0 && byte <= 0xBF ? utf8_need1 : utf8_error;
        case utf8_after_ed:
            return byte >= 0x80 && byte <= 0x9F ? utf8_need1 : utf8_error;
        case utf8_after_f0:
            return byte >= 0x90 && byte <= 0xBF ? utf8_need2 : utf8_error;
        case utf8_after_f4:
            return byte >= 0x80 && byte <= 0x8F ? utf8_need2 : utf8_error;
        default:
            return utf8_error;
    }
}

inline constexpr std::array<std::uint64_t, 256> utf8_rows = [] {
    std::array<std::uint64_t, 256> rows{};
    for (unsigned byte = 0; byte < 256; ++byte)
        for (unsigned state = 0; state <= utf8_after_f4; state += 6)
            rows[byte] |= utf8_transition(byte, state) << state;
    return rows;
}();

// One DFA pass over a 16-byte stretch (or less at the end); returns the new state.
inline std::uint64_t utf8_step16(const char* p, std::size_t n, std::uint64_t state) noexcept {
    // Shifting by `state & 63` lets the compiler use the CPU's own count masking: one shift
    // per byte on the dependency chain.
    if (n == 16) {  // a constant trip count the compiler unrolls
        for (std::size_t i = 0; i < 16; ++i)
            state = utf8_rows[static_cast<unsigned char>(p[i])] >> (state & 63);
        return state;
    }
    for (std::size_t i = 0; i < n; ++i) state = utf8_rows[static_cast<unsigned char>(p[i])] >> (state & 63);
    return state;
}

// Cursor over one stretch of text: ASCII blocks are skipped while between characters.
struct Utf8Cursor {
    const char* p;
    std::size_t n;
    std::size_t i = 0;
    std::uint64_t state = utf8_accept;

    bool done() const noexcept { return i >= n; }
    void advance() noexcept {
        const std::size_t left = n - i;
        const std::size_t block = left < 16 ? left : 16;
        if ((state & 63) == utf8_accept && ascii_prefix(p + i, block) == block) {
            i += block;
            return;
        }
        state = utf8_step16(p + i, block, state);
        i += block;
    }
};

// Whether [p, p + n), starting at a character boundary, is valid UTF-8. Long texts are cut at a
// character boundary near the middle and both halves walked together: two independent DFA
// chains keep the CPU busy where one would wait on the other.
inline bool is_valid_utf8(const char* p, std::size_t n) noexcept {
    std::size_t middle = n / 2;
    while (middle < n && (static_cast<unsigned char>(p[middle]) & 0xC0) == 0x80) ++middle;
    Utf8Cursor first{p, middle}, second{p + middle, n - middle};
    while (!first.done() && !second.done()) {
        first.advance();
        second.advance();
    }
    while (!first.done()) first.advance();
    while (!second.done()) second.advance();
    return (first.state & 63) == utf8_accept && (second.state & 63) == utf8_accept;
}

}  // namespace connectel::sms::detail
