// Vectorised scans over ASCII runs: the hot loop of counting. SSE2 (every x86-64) where the
// compiler offers it, a portable word-at-a-time version elsewhere (or with CONNECTEL_NO_SIMD).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__) && !defined(CONNECTEL_NO_SIMD)
#include <emmintrin.h>
#define CONNECTEL_SSE2 1
#endif

namespace connectel::sms::detail {

// A byte that costs exactly one septet and needs no look-up: printable ASCII other than
// [ \ ] ^ _ ` { | } ~ and DEL. (`_` is plain GSM too, but excluding it keeps the vector test
// to one comparison for both bracket ranges; the slow path counts it correctly.)
constexpr bool is_plain_gsm_byte(unsigned char b) noexcept {
    return b >= 0x20 && b < 0x7B && !(b >= 0x5B && b <= 0x60);
}

inline unsigned count_trailing_zeros(std::uint64_t mask) noexcept {
#if defined(__GNUC__) || defined(__clang__)
    return static_cast<unsigned>(__builtin_ctzll(mask));
#else
    unsigned n = 0;
    while ((mask & 1u) == 0) {
        mask >>= 1;
        ++n;
    }
    return n;
#endif
}

#ifdef CONNECTEL_SSE2
// Bit i set where byte i of the 16 at p is not a plain GSM byte.
inline unsigned special_gsm_mask(const char* p) noexcept {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    // Signed compares: bytes >= 0x80 are negative, so "< 0x20" also catches every non-ASCII byte.
    const __m128i control_or_high = _mm_cmplt_epi8(v, _mm_set1_epi8(0x20));
    // OR-ing 0x20 folds 0x5B..0x5F onto 0x7B..0x7F: one compare for both bracket ranges.
    const __m128i brackets = _mm_cmpgt_epi8(_mm_or_si128(v, _mm_set1_epi8(0x20)), _mm_set1_epi8(0x7A));
    const __m128i backtick = _mm_cmpeq_epi8(v, _mm_set1_epi8(0x60));
    return static_cast<unsigned>(
        _mm_movemask_epi8(_mm_or_si128(_mm_or_si128(control_or_high, brackets), backtick)));
}

// Characters and UTF-16 units that start in the 16 bytes at p: a character per byte that is
// not a continuation byte, a second unit per 4-byte lead (a surrogate pair). Valid UTF-8 only.
inline void count_utf16_16(const char* p, std::size_t& characters, std::size_t& units) noexcept {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    // Signed: continuation bytes 0x80..0xBF are -128..-65; 4-byte leads 0xF0..0xF4 are -16..-12.
    const __m128i continuation = _mm_cmplt_epi8(v, _mm_set1_epi8(-64));
    const __m128i four_byte_lead =
        _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8(-17)), _mm_cmplt_epi8(v, _mm_setzero_si128()));
    // Masks are -1 where true: 1 + continuation is the character flag, minus the lead mask adds a unit.
    const __m128i chars = _mm_add_epi8(_mm_set1_epi8(1), continuation);
    const __m128i char_sums = _mm_sad_epu8(chars, _mm_setzero_si128());
    const __m128i unit_sums = _mm_sad_epu8(_mm_sub_epi8(chars, four_byte_lead), _mm_setzero_si128());
    characters += static_cast<std::size_t>(_mm_cvtsi128_si32(char_sums) + _mm_extract_epi16(char_sums, 4));
    units += static_cast<std::size_t>(_mm_cvtsi128_si32(unit_sums) + _mm_extract_epi16(unit_sums, 4));
}

inline unsigned non_ascii_mask(const char* p) noexcept {
    return static_cast<unsigned>(_mm_movemask_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p))));
}

// Advances i over [p + i, p + n) in 16-byte blocks while mask(block) is 0, 64 bytes at a time where it
// can; returns true with i on the first byte whose mask bit is set, false with i past the last whole block.
template <class Mask>
inline bool skip_clear_blocks(const char* p, std::size_t n, std::size_t& i, Mask mask) noexcept {
    for (; i + 64 <= n; i += 64) {
        const unsigned m0 = mask(p + i), m1 = mask(p + i + 16), m2 = mask(p + i + 32), m3 = mask(p + i + 48);
        if ((m0 | m1 | m2 | m3) != 0) {
            const std::uint64_t all = std::uint64_t(m0) | std::uint64_t(m1) << 16 | std::uint64_t(m2) << 32 |
                                      std::uint64_t(m3) << 48;
            i += count_trailing_zeros(all);
            return true;
        }
    }
    for (; i + 16 <= n; i += 16) {
        const unsigned m = mask(p + i);
        if (m != 0) {
            i += count_trailing_zeros(m);
            return true;
        }
    }
    return false;
}
#endif

// Length of the run of plain GSM bytes at the start of [p, p + n).
inline std::size_t plain_gsm_prefix(const char* p, std::size_t n) noexcept {
    std::size_t i = 0;
#ifdef CONNECTEL_SSE2
    if (skip_clear_blocks(p, n, i, special_gsm_mask)) return i;
#endif
    while (i < n && is_plain_gsm_byte(static_cast<unsigned char>(p[i]))) ++i;
    return i;
}

// Length of the run of ASCII bytes (< 0x80) at the start of [p, p + n).
inline std::size_t ascii_prefix(const char* p, std::size_t n) noexcept {
    std::size_t i = 0;
#ifdef CONNECTEL_SSE2
    if (skip_clear_blocks(p, n, i, non_ascii_mask)) return i;
#else
    constexpr std::uint64_t high_bits = 0x8080808080808080ull;
    for (; i + 8 <= n; i += 8) {
        std::uint64_t word;
        std::memcpy(&word, p + i, sizeof word);
        if ((word & high_bits) != 0) break;
    }
#endif
    while (i < n && static_cast<unsigned char>(p[i]) < 0x80) ++i;
    return i;
}

// Character and UTF-16 unit counts of valid UTF-8 that starts at a character boundary.
struct Utf16Count {
    std::size_t characters = 0;
    std::size_t units = 0;
};

inline void count_utf16_scalar(unsigned char b, std::size_t& characters, std::size_t& units) noexcept {
    const bool starts_character = (b & 0xC0) != 0x80;
    characters += starts_character;
    units += starts_character + (b >= 0xF0);
}

inline Utf16Count count_utf16(const char* p, std::size_t n) noexcept {
    Utf16Count count;
    std::size_t i = 0;
#ifdef CONNECTEL_SSE2
    for (; i + 16 <= n; i += 16) count_utf16_16(p + i, count.characters, count.units);
#endif
    for (; i < n; ++i) count_utf16_scalar(static_cast<unsigned char>(p[i]), count.characters, count.units);
    return count;
}

}  // namespace connectel::sms::detail
