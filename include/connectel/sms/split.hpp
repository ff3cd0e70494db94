// split(): the parts a text is sent as, each with its text, units and place in the input; and
// the characters that force UCS-2, so a user can see why a message costs what it costs.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "connectel/detail/gsm7_tables.hpp"
#include "connectel/detail/utf8.hpp"
#include "connectel/sms/analysis.hpp"
#include "connectel/sms/options.hpp"

namespace connectel::sms {

struct Segment {
    std::string text;
    std::size_t units = 0;        // septets or UTF-16 units, as in the Analysis
    std::size_t characters = 0;   // Unicode scalar values
    std::size_t byte_offset = 0;  // where the segment starts in the UTF-8 input
    std::size_t char_offset = 0;  // the same, in characters
};

struct Split {
    Analysis analysis;
    std::vector<Segment> segments;
};

namespace detail {

// Units of one character in the encoding and tables an analysis chose.
inline unsigned unit_cost(char32_t cp, const Analysis& a) noexcept {
    if (a.encoding == Encoding::Ucs2) return cp > 0xFFFF ? 2 : 1;
    return septet_cost(cp, a.locking_shift, a.single_shift);
}

}  // namespace detail

// Splits at the places a sending handset or gateway would: never inside an ESC pair or a
// surrogate pair (code-point level: grapheme clusters such as flags may be split, as the
// standards allow and handsets reassemble). Throws InvalidUtf8.
inline Split split(std::string_view text, const Options& options = {}) {
    Split result{analyze(text, options), {}};
    const Analysis& a = result.analysis;
    result.segments.reserve(a.segments);

    Segment current;
    detail::for_each_code_point(text, [&](char32_t cp, std::size_t byte_offset, std::size_t) {
        const unsigned cost = detail::unit_cost(cp, a);
        if (current.units + cost > a.units_per_segment) {
            current.text.assign(text.substr(current.byte_offset, byte_offset - current.byte_offset));
            const std::size_t next_char = current.char_offset + current.characters;
            result.segments.push_back(std::move(current));
            current = Segment{};
            current.byte_offset = byte_offset;
            current.char_offset = next_char;
        }
        current.units += cost;
        ++current.characters;
    });
    current.text.assign(text.substr(current.byte_offset));
    result.segments.push_back(std::move(current));
    return result;
}

// A character and where it stands in the input.
struct CharacterPosition {
    char32_t code_point = 0;
    std::size_t byte_offset = 0;
    std::size_t char_offset = 0;
    std::string text;  // the character itself, in UTF-8
};

// Every character the default GSM alphabet (basic + extension table) cannot carry: any one of
// them makes the whole message UCS-2. Throws InvalidUtf8.
inline std::vector<CharacterPosition> ucs2_characters(std::string_view text) {
    std::vector<CharacterPosition> found;
    std::size_t index = 0;
    detail::for_each_code_point(text, [&](char32_t cp, std::size_t byte_offset, std::size_t length) {
        if (detail::septet_cost(cp, Language::Default, Language::Default) == 0)
            found.push_back({cp, byte_offset, index, std::string(text.substr(byte_offset, length))});
        ++index;
    });
    return found;
}

}  // namespace connectel::sms
