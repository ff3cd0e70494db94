// analyze(): encoding, units and segment count of a text, in one pass and without allocating.
#pragma once

#include <cstddef>
#include <string_view>

#include "connectel/detail/ascii_scan.hpp"
#include "connectel/detail/gsm7_tables.hpp"
#include "connectel/detail/utf8.hpp"
#include "connectel/detail/utf8_dfa.hpp"
#include "connectel/sms/options.hpp"
#include "connectel/sms/utf8_error.hpp"

namespace connectel::sms {

inline constexpr std::size_t npos = static_cast<std::size_t>(-1);

struct Analysis {
    Encoding encoding = Encoding::Gsm7;
    // National tables in use (GSM-7 only); Default when the default alphabet is used.
    Language locking_shift = Language::Default;
    Language single_shift = Language::Default;
    ConcatReference reference = ConcatReference::EightBit;  // of the parts' headers, as asked
    std::size_t bytes = 0;                                  // UTF-8 input
    std::size_t characters = 0;                             // Unicode scalar values
    // Septets (GSM-7, an extension character costs two) or UTF-16 code units (UCS-2, a
    // character beyond the BMP costs two) of the whole text, headers excluded.
    std::size_t units = 0;
    std::size_t extension_characters = 0;  // GSM-7 characters written as ESC + code
    std::size_t segments = 1;              // an empty text still makes one (empty) part
    std::size_t units_per_segment = 160;   // capacity of each part of this message
    std::size_t units_free = 160;          // room left in the last part
    std::size_t header_octets = 0;         // user data header of each part, with its length octet
    // Byte offset of the first character the default alphabet cannot carry; npos for GSM-7.
    std::size_t first_ucs2_offset = npos;

    unsigned national_shift_ies() const noexcept {
        return unsigned(locking_shift != Language::Default) + unsigned(single_shift != Language::Default);
    }
};

namespace detail {

// Greedy filling of parts of a fixed capacity with characters of one or two units; a
// two-unit character (ESC pair, surrogate pair) never straddles two parts.
struct PartFill {
    std::size_t capacity;
    std::size_t parts = 1;
    std::size_t used = 0;

    void add_units(std::size_t n) noexcept {
        used += n;
        if (used > capacity) {
            parts += (used - 1) / capacity;
            used = (used - 1) % capacity + 1;
        }
    }
    void add_pair() noexcept {
        if (used + 2 > capacity) {
            ++parts;
            used = 2;
        } else {
            used += 2;
        }
    }
};

// Counts one GSM-7 character of `cost` septets (1, or 2 for an ESC pair) into the analysis and
// the part fill.
inline void count_septets(Analysis& a, PartFill& fill, unsigned cost) noexcept {
    ++a.characters;
    a.units += cost;
    if (cost == 1) {
        fill.add_units(1);
    } else {
        ++a.extension_characters;
        fill.add_pair();
    }
}

// Sets the segment fields: one part when everything fits the header-less capacity,
// otherwise the greedy count at the concatenated capacity.
inline void settle_segments(Analysis& a, std::size_t single_capacity, std::size_t single_header,
                            const PartFill& concatenated, std::size_t concat_header) noexcept {
    if (a.units <= single_capacity) {
        a.segments = 1;
        a.units_per_segment = single_capacity;
        a.units_free = single_capacity - a.units;
        a.header_octets = single_header;
    } else {
        a.segments = concatenated.parts;
        a.units_per_segment = concatenated.capacity;
        a.units_free = concatenated.capacity - concatenated.used;
        a.header_octets = concat_header;
    }
}

// The precise first problem of text[from..], a character boundary; for the rare invalid input
// after the fast validator said no.
inline Utf8Error first_utf8_error(std::string_view text, std::size_t from) noexcept {
    Utf8Error error = visit_code_points(text.substr(from), [](char32_t, std::size_t, std::size_t) {});
    error.offset += from;
    return error;
}

// Greedy UCS-2 parts over valid UTF-8 from a character boundary: a character beyond the BMP
// (a 4-byte sequence) is a surrogate pair and never straddles two parts. Whole 16-byte blocks
// are taken at once while they fit the current part; characters are walked only near a boundary.
inline void fill_ucs2_parts(const char* p, std::size_t n, PartFill& fill) noexcept {
    std::size_t i = 0;
    while (i < n) {
#ifdef CONNECTEL_SSE2
        while (i + 16 <= n) {
            std::size_t characters = 0, units = 0;
            count_utf16_16(p + i, characters, units);
            if (fill.used + units <= fill.capacity) {
                fill.used += units;  // everything starting in the block fits: no pair can straddle
            } else if (units == characters) {
                fill.add_units(units);  // a boundary, but no pair in the block to straddle it
            } else {
                break;
            }
            i += 16;
        }
#endif
        const std::size_t end = n - i < 16 ? n : i + 16;
        while (i < end) {
            const auto b = static_cast<unsigned char>(p[i]);
            if ((b & 0xC0) == 0x80) {  // the tail of a character counted with its block
                ++i;
            } else if (b >= 0xF0) {
                fill.add_pair();
                i += 4;
            } else {
                fill.add_units(1);
                i += b < 0x80 ? 1 : b < 0xE0 ? 2 : 3;
            }
        }
    }
}

// Septets a code point costs with the given tables: 1, 2 (escaped), or 0 if not encodable.
inline unsigned septet_cost(char32_t cp, Language locking, Language single) noexcept {
    if (reverse_locking[static_cast<unsigned>(locking)].find(cp) != no_septet) return 1;
    if (reverse_single[static_cast<unsigned>(single)].find(cp) != no_septet) return 2;
    return 0;
}

// GSM-7 analysis of valid UTF-8 with one pair of national tables; false if they cannot encode it.
inline bool analyze_with_tables(std::string_view text, Language locking, Language single,
                                const Options& options, Analysis& out) noexcept {
    Analysis a;
    a.bytes = text.size();
    a.locking_shift = locking;
    a.single_shift = single;
    a.reference = options.reference;
    const unsigned ies = a.national_shift_ies();
    const std::size_t concat_header = header_octets(true, options.reference, ies);
    PartFill fill{gsm7_capacity(concat_header)};
    bool encodable = true;
    visit_code_points(text, [&](char32_t cp, std::size_t, std::size_t) {
        const unsigned cost = encodable ? septet_cost(cp, locking, single) : 0;
        if (cost == 0) {
            encodable = false;
            return;
        }
        count_septets(a, fill, cost);
    });
    if (!encodable) return false;
    const std::size_t single_header = header_octets(false, options.reference, ies);
    settle_segments(a, gsm7_capacity(single_header), single_header, fill, concat_header);
    out = a;
    return true;
}

inline bool has_locking_table(Language l) noexcept {
    return locking_tables[static_cast<unsigned>(l)] != nullptr;
}

// Replaces a UCS-2 analysis by the best allowed national tables when they need no more parts
// (the caller opted in; equal parts favour GSM-7, as handsets with the tables expect).
// Among tables: fewest parts, then fewest header elements, then most room left.
inline void prefer_national_tables(std::string_view text, const Options& options, Analysis& a) noexcept {
    constexpr Language all[] = {Language::Default, Language::Turkish, Language::Spanish,
                                Language::Portuguese};
    const auto allowed = [&](Language l) { return l == Language::Default || options.national.contains(l); };
    bool found = false;
    Analysis best;
    for (Language locking : all) {
        if (!allowed(locking) || !has_locking_table(locking)) continue;
        for (Language single : all) {
            if (!allowed(single) || (locking == Language::Default && single == Language::Default)) continue;
            Analysis candidate;
            if (!analyze_with_tables(text, locking, single, options, candidate)) continue;
            const bool better = !found || candidate.segments < best.segments ||
                                (candidate.segments == best.segments &&
                                 (candidate.national_shift_ies() < best.national_shift_ies() ||
                                  (candidate.national_shift_ies() == best.national_shift_ies() &&
                                   candidate.units_free > best.units_free)));
            if (better) {
                best = candidate;
                found = true;
            }
        }
    }
    if (found && best.segments <= a.segments) a = best;
}

}  // namespace detail

// Non-throwing form: on invalid UTF-8 sets `error` (offset and problem) and returns an empty
// Analysis; otherwise clears `error`. Never allocates.
inline Analysis analyze(std::string_view text, const Options& options, Utf8Error& error) noexcept {
    using namespace detail;
    error = {};
    Analysis a;
    a.bytes = text.size();
    a.reference = options.reference;
    const char* const p = text.data();
    const std::size_t n = text.size();
    std::size_t pos = 0;

    // GSM-7 with the default tables, until a character it cannot carry.
    // Either encoding's parts carry the same header: the concatenation IE alone.
    const std::size_t concat_header = header_octets(true, options.reference, 0);
    PartFill gsm{gsm7_capacity(concat_header)};
    while (pos < n) {
        const std::size_t run = plain_gsm_prefix(p + pos, n - pos);
        pos += run;
        a.characters += run;
        a.units += run;
        gsm.add_units(run);
        if (pos == n) break;

        char32_t cp = static_cast<unsigned char>(p[pos]);
        std::size_t length = 1;
        if (cp >= 0x80) {
            const utf8::Decoded d = utf8::decode(text, pos);
            if (d.length == 0) {
                error = {pos, d.problem};
                return Analysis{};
            }
            cp = d.code_point;
            length = d.length;
        }
        const unsigned cost = cp < dense_limit ? default_cost[cp] : (cp == euro_sign ? 2u : 0u);
        if (cost == 0) break;
        pos += length;
        count_septets(a, gsm, cost);
    }
    if (pos == n) {
        settle_segments(a, gsm7_capacity(0), 0, gsm, concat_header);
        return a;
    }

    // UCS-2 from here on. Everything before was in the GSM alphabet, hence in the BMP:
    // one UTF-16 unit per character so far.
    a.encoding = Encoding::Ucs2;
    a.first_ucs2_offset = pos;
    a.extension_characters = 0;
    const std::size_t gsm_prefix_characters = a.characters;
    if (!is_valid_utf8(p + pos, n - pos)) {
        error = first_utf8_error(text, pos);
        return Analysis{};
    }
    const Utf16Count rest = count_utf16(p + pos, n - pos);
    a.characters += rest.characters;
    a.units = gsm_prefix_characters + rest.units;
    const bool has_surrogate_pairs = rest.units != rest.characters;
    PartFill ucs2{ucs2_capacity(concat_header)};
    if (!has_surrogate_pairs || a.units <= ucs2_capacity(0)) {
        ucs2.add_units(a.units);  // no surrogate pair, or no boundary for one to straddle
    } else {
        ucs2.add_units(gsm_prefix_characters);
        fill_ucs2_parts(p + pos, n - pos, ucs2);
    }
    settle_segments(a, ucs2_capacity(0), 0, ucs2, concat_header);
    if (!options.national.empty()) prefer_national_tables(text, options, a);
    return a;
}

// Throws InvalidUtf8 (with the byte offset) when `text` is not valid UTF-8.
inline Analysis analyze(std::string_view text, const Options& options = {}) {
    Utf8Error error;
    Analysis a = analyze(text, options, error);
    if (error) throw InvalidUtf8(error);
    return a;
}

// The first problem in `text`, or a false Utf8Error when it is valid UTF-8.
inline Utf8Error find_invalid_utf8(std::string_view text) noexcept {
    return detail::visit_code_points(text, [](char32_t, std::size_t, std::size_t) {});
}

}  // namespace connectel::sms
