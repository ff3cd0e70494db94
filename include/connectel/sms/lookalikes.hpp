// Optional look-alike replacement ("smart encoding"): curly quotes, dashes, ellipsis, Unicode
// spaces and invisible characters that force UCS-2 for no visible reason. Never silent: every
// replacement is returned with its place in the input.
#pragma once

#include <algorithm>
#include <cstddef>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "connectel/detail/utf8.hpp"

namespace connectel::sms {

struct Replacement {
    std::size_t byte_offset = 0;  // in the original text
    std::size_t char_offset = 0;  // in the original text
    char32_t original = 0;
    std::string replacement;  // empty when the character was removed
};

struct LookalikeResult {
    std::string text;
    std::vector<Replacement> replacements;
};

namespace detail {

struct Lookalike {
    char32_t code_point;
    const char* replacement;
};

// Sorted by code point. Decisions: one space for every Unicode space (it keeps the look and
// the length); U+200D ZERO WIDTH JOINER is kept because it builds emoji sequences; TAB is
// left alone (it is not a look-alike of anything in the GSM alphabet).
inline constexpr Lookalike lookalikes[] = {
    {0x0060, "'"},  // GRAVE ACCENT (backtick used as an apostrophe)
    {0x00A0, " "},  // NO-BREAK SPACE
    {0x00AD, ""},   // SOFT HYPHEN (invisible)
    {0x00B4, "'"},  // ACUTE ACCENT
    {0x2000, " "},   {0x2001, " "}, {0x2002, " "}, {0x2003, " "}, {0x2004, " "}, {0x2005, " "},
    {0x2006, " "},   {0x2007, " "}, {0x2008, " "}, {0x2009, " "}, {0x200A, " "},  // EN QUAD .. HAIR SPACE
    {0x200B, ""},                                                                 // ZERO WIDTH SPACE
    {0x200C, ""},                                                                 // ZERO WIDTH NON-JOINER
    {0x2010, "-"},                                                                // HYPHEN
    {0x2011, "-"},                                                                // NON-BREAKING HYPHEN
    {0x2012, "-"},                                                                // FIGURE DASH
    {0x2013, "-"},                                                                // EN DASH
    {0x2014, "-"},                                                                // EM DASH
    {0x2015, "-"},                                                                // HORIZONTAL BAR
    {0x2018, "'"},    // LEFT SINGLE QUOTATION MARK
    {0x2019, "'"},    // RIGHT SINGLE QUOTATION MARK
    {0x201A, "'"},    // SINGLE LOW-9 QUOTATION MARK
    {0x201B, "'"},    // SINGLE HIGH-REVERSED-9 QUOTATION MARK
    {0x201C, "\""},   // LEFT DOUBLE QUOTATION MARK
    {0x201D, "\""},   // RIGHT DOUBLE QUOTATION MARK
    {0x201E, "\""},   // DOUBLE LOW-9 QUOTATION MARK
    {0x201F, "\""},   // DOUBLE HIGH-REVERSED-9 QUOTATION MARK
    {0x2024, "."},    // ONE DOT LEADER
    {0x2026, "..."},  // HORIZONTAL ELLIPSIS
    {0x2028, "\n"},   // LINE SEPARATOR
    {0x2029, "\n"},   // PARAGRAPH SEPARATOR
    {0x202F, " "},    // NARROW NO-BREAK SPACE
    {0x2032, "'"},    // PRIME
    {0x2033, "\""},   // DOUBLE PRIME
    {0x205F, " "},    // MEDIUM MATHEMATICAL SPACE
    {0x2060, ""},     // WORD JOINER
    {0x2212, "-"},    // MINUS SIGN
    {0x3000, " "},    // IDEOGRAPHIC SPACE
    {0xFEFF, ""},     // ZERO WIDTH NO-BREAK SPACE (byte order mark)
};

inline const Lookalike* find_lookalike(char32_t cp) noexcept {
    const auto* end = std::end(lookalikes);
    const auto* it = std::lower_bound(std::begin(lookalikes), end, cp,
                                      [](const Lookalike& l, char32_t c) { return l.code_point < c; });
    return it != end && it->code_point == cp ? it : nullptr;
}

}  // namespace detail

// Replaces look-alikes by their GSM-7 equivalents. Throws InvalidUtf8.
inline LookalikeResult replace_lookalikes(std::string_view text) {
    LookalikeResult result;
    result.text.reserve(text.size());
    std::size_t index = 0;
    detail::for_each_code_point(text, [&](char32_t cp, std::size_t byte_offset, std::size_t length) {
        if (const detail::Lookalike* l = detail::find_lookalike(cp)) {
            result.text += l->replacement;
            result.replacements.push_back({byte_offset, index, cp, l->replacement});
        } else {
            result.text.append(text.substr(byte_offset, length));
        }
        ++index;
    });
    return result;
}

}  // namespace connectel::sms
