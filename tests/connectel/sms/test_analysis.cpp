// analyze(): encoding choice and segment counts at every capacity boundary of TS 23.040.
#include <doctest/doctest.h>

#include <random>
#include <string>
#include <vector>

#include "connectel/sms.hpp"
#include "text_builders.hpp"

using namespace connectel::sms;
using namespace connectel_tests;

namespace {

std::size_t segments_of(const std::string& text, const Options& options = {}) {
    return analyze(text, options).segments;
}

Options sixteen_bit() {
    Options o;
    o.reference = ConcatReference::SixteenBit;
    return o;
}

// Reference model: a plain per-character greedy fill, written independently of the engine.
struct Expected {
    Encoding encoding;
    std::size_t units;
    std::size_t segments;
};

Expected reference_count(const std::vector<unsigned>& gsm_cost, const std::vector<unsigned>& utf16_units) {
    bool gsm = true;
    for (unsigned c : gsm_cost) gsm = gsm && c != 0;
    const std::vector<unsigned>& cost = gsm ? gsm_cost : utf16_units;
    std::size_t total = 0;
    for (unsigned c : cost) total += c;
    const std::size_t single = gsm ? 160 : 70, part = gsm ? 153 : 67;
    std::size_t segments = 1, used = 0;
    if (total > single) {
        for (unsigned c : cost) {
            if (used + c > part) {
                ++segments;
                used = 0;
            }
            used += c;
        }
    }
    return {gsm ? Encoding::Gsm7 : Encoding::Ucs2, total, segments};
}

}  // namespace

TEST_CASE("GSM-7 single and concatenated capacities: 160/161 and 306/307 septets") {
    CHECK(segments_of(repeat("a", 160)) == 1);
    CHECK(segments_of(repeat("a", 161)) == 2);
    CHECK(segments_of(repeat("a", 306)) == 2);
    CHECK(segments_of(repeat("a", 307)) == 3);
    const Analysis a = analyze(repeat("a", 161));
    CHECK(a.encoding == Encoding::Gsm7);
    CHECK(a.units == 161);
    CHECK(a.units_per_segment == 153);
    CHECK(a.units_free == 145);
    CHECK(a.header_octets == 6);
}

TEST_CASE("UCS-2 single and concatenated capacities: 70/71 and 134/135 units") {
    CHECK(segments_of(repeat("中", 70)) == 1);
    CHECK(segments_of(repeat("中", 71)) == 2);
    CHECK(segments_of(repeat("中", 134)) == 2);
    CHECK(segments_of(repeat("中", 135)) == 3);
    const Analysis a = analyze(repeat("中", 70));
    CHECK(a.encoding == Encoding::Ucs2);
    CHECK(a.units_per_segment == 70);  // the standard, not the vendor's "67 for any UCS-2 message"
    CHECK(a.units_free == 0);
}

TEST_CASE("a 16-bit concatenation reference leaves 152 septets and 66 units per part") {
    CHECK(segments_of(repeat("a", 160), sixteen_bit()) == 1);
    CHECK(segments_of(repeat("a", 304), sixteen_bit()) == 2);
    CHECK(segments_of(repeat("a", 305), sixteen_bit()) == 3);
    CHECK(segments_of(repeat("中", 132), sixteen_bit()) == 2);
    CHECK(segments_of(repeat("中", 133), sixteen_bit()) == 3);
    const Analysis a = analyze(repeat("a", 200), sixteen_bit());
    CHECK(a.units_per_segment == 152);
    CHECK(a.header_octets == 7);
}

TEST_CASE("capacities follow from the header size") {
    CHECK(gsm7_capacity(header_octets(false, ConcatReference::EightBit, 0)) == 160);
    CHECK(gsm7_capacity(header_octets(true, ConcatReference::EightBit, 0)) == 153);
    CHECK(gsm7_capacity(header_octets(true, ConcatReference::SixteenBit, 0)) == 152);
    CHECK(gsm7_capacity(header_octets(false, ConcatReference::EightBit, 1)) == 155);
    CHECK(gsm7_capacity(header_octets(false, ConcatReference::EightBit, 2)) == 152);
    CHECK(gsm7_capacity(header_octets(true, ConcatReference::EightBit, 1)) == 149);
    CHECK(gsm7_capacity(header_octets(true, ConcatReference::EightBit, 2)) == 146);
    CHECK(ucs2_capacity(header_octets(false, ConcatReference::EightBit, 0)) == 70);
    CHECK(ucs2_capacity(header_octets(true, ConcatReference::EightBit, 0)) == 67);
    CHECK(ucs2_capacity(header_octets(true, ConcatReference::SixteenBit, 0)) == 66);
}

TEST_CASE("every extension character costs two septets and is never split across parts") {
    for (const char* ext : {"\f", "^", "{", "}", "\\", "[", "~", "]", "|", "€"}) {
        CAPTURE(ext);
        const std::string text = repeat("a", 152) + ext + repeat("a", 152);
        const Analysis a = analyze(text);
        CHECK(a.encoding == Encoding::Gsm7);
        CHECK(a.units == 306);
        CHECK(a.extension_characters == 1);
        CHECK(a.segments == 3);  // 152 | 153 | 1: dividing the total would say 2
        CHECK(a.units_free == 152);
        // One septet earlier the pair fits in the first part.
        CHECK(segments_of(repeat("a", 151) + ext + repeat("a", 153)) == 2);
    }
    CHECK(segments_of(repeat("]", 153)) == 3);  // 76 + 76 + 1 pairs
}

TEST_CASE("a surrogate pair is never split across UCS-2 parts") {
    const std::string text = repeat("a", 66) + "😀" + repeat("a", 66);
    const Analysis a = analyze(text);
    CHECK(a.encoding == Encoding::Ucs2);
    CHECK(a.units == 134);
    CHECK(a.segments == 3);                    // 66 | 67 | 1
    CHECK(segments_of(repeat("😀", 67)) == 3);  // 33 + 33 + 1
    CHECK(segments_of(repeat("😀", 35)) == 1);  // 70 units
    CHECK(segments_of(repeat("😀", 36)) == 2);
}

TEST_CASE("an empty text is GSM-7, zero units, one empty part") {
    const Analysis a = analyze("");
    CHECK(a.encoding == Encoding::Gsm7);
    CHECK(a.characters == 0);
    CHECK(a.units == 0);
    CHECK(a.segments == 1);
    CHECK(a.units_free == 160);
}

TEST_CASE("Connectel's 1600-character limit: emoji, Latin and CJK") {
    const Analysis emoji = analyze(repeat("😀", 1600));
    CHECK(emoji.characters == 1600);
    CHECK(emoji.units == 3200);
    CHECK(emoji.segments == 49);
    CHECK(segments_of(repeat("a", 1600)) == 11);
    CHECK(segments_of(repeat("中", 1600)) == 24);
}

TEST_CASE("Greek capitals of the GSM alphabet stay GSM-7; lowercase Greek and look-alike capitals do not") {
    CHECK(analyze("ΔΦΓΛΩΠΨΣΘΞ").encoding == Encoding::Gsm7);
    CHECK(analyze("ΔΦΓΛΩΠΨΣΘΞ").units == 10);
    CHECK(analyze("αβγ").encoding == Encoding::Ucs2);
    CHECK(analyze("Α").encoding == Encoding::Ucs2);  // U+0391 GREEK CAPITAL ALPHA looks Latin, is not GSM
}

TEST_CASE("capital Ç is GSM-7, small ç forces UCS-2") {
    CHECK(analyze("Ça va").encoding == Encoding::Gsm7);
    const Analysis a = analyze("Ça va, garçon");
    CHECK(a.encoding == Encoding::Ucs2);
    CHECK(a.first_ucs2_offset == 11);
}

TEST_CASE("form feed is an extension character, CR and LF one septet each") {
    const Analysis ff = analyze("a\fb");
    CHECK(ff.encoding == Encoding::Gsm7);
    CHECK(ff.units == 4);
    const Analysis crlf = analyze("a\r\nb");
    CHECK(crlf.units == 4);
    CHECK(crlf.extension_characters == 0);
}

TEST_CASE("characters outside the alphabet force UCS-2: backtick, TAB, NBSP, ESC, curly quotes, emoji") {
    for (const char* c : {"`", "\t", "\xC2\xA0", "\x1b", "’", "“", "…", "—", "😀", "\xE2\x80\x8B", "\x7f"}) {
        CAPTURE(c);
        CHECK(analyze(std::string("abc") + c).encoding == Encoding::Ucs2);
    }
    // Extension characters count one unit each inside a UCS-2 message.
    const Analysis a = analyze("€[]😀");
    CHECK(a.encoding == Encoding::Ucs2);
    CHECK(a.units == 5);
}

TEST_CASE("every basic-table character costs one septet, every extension character two") {
    std::string all;
    for (char32_t cp : connectel::sms::detail::default_basic)
        if (cp != 0) connectel::utf8::append(all, cp);
    const Analysis basic = analyze(all);
    CHECK(basic.encoding == Encoding::Gsm7);
    CHECK(basic.characters == 127);
    CHECK(basic.units == 127);

    std::string ext;
    for (char32_t cp : connectel::sms::detail::default_extension)
        if (cp != 0) connectel::utf8::append(ext, cp);
    const Analysis extension = analyze(ext);
    CHECK(extension.characters == 10);
    CHECK(extension.units == 20);
}

TEST_CASE("counting agrees with a per-character model on random texts") {
    struct Piece {
        const char* text;
        unsigned gsm;    // septets, 0 when not GSM
        unsigned utf16;  // UTF-16 units
    };
    const std::vector<Piece> pool = {
        {"a", 1, 1}, {" ", 1, 1},  {"Z", 1, 1}, {"_", 1, 1}, {"\n", 1, 1}, {"é", 1, 1},
        {"Δ", 1, 1}, {"€", 2, 1},  {"[", 2, 1}, {"~", 2, 1}, {"\f", 2, 1}, {"^", 2, 1},
        {"ç", 0, 1}, {"中", 0, 1}, {"😀", 0, 2}, {"`", 0, 1}, {"á", 0, 1},  {"\t", 0, 1},
    };
    std::mt19937 rng(20261125);
    for (int round = 0; round < 3000; ++round) {
        // Mostly GSM pieces so that both encodings and long ASCII runs are exercised.
        const std::size_t length = rng() % 420;
        const bool allow_ucs2 = rng() % 2 == 0;
        std::string text;
        std::vector<unsigned> gsm, utf16;
        for (std::size_t i = 0; i < length; ++i) {
            const std::size_t limit = allow_ucs2 ? pool.size() : 12;
            const Piece& p = rng() % 4 == 0 ? pool[rng() % limit] : pool[0];
            text += p.text;
            gsm.push_back(p.gsm);
            utf16.push_back(p.utf16);
        }
        const Expected expected = reference_count(gsm, utf16);
        const Analysis a = analyze(text);
        CAPTURE(text);
        REQUIRE(a.encoding == expected.encoding);
        REQUIRE(a.units == expected.units);
        REQUIRE(a.segments == expected.segments);
        REQUIRE(a.characters == length);
        REQUIRE(a.bytes == text.size());
    }
}
