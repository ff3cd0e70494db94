// split() and ucs2_characters(): each part's text, units and offsets; why UCS-2 was chosen.
#include <doctest/doctest.h>

#include <string>

#include "connectel/sms.hpp"
#include "text_builders.hpp"

using namespace connectel::sms;
using namespace connectel_tests;

TEST_CASE("a single-part text is one segment holding all of it") {
    const Split s = split("Hello");
    REQUIRE(s.segments.size() == 1);
    CHECK(s.segments[0].text == "Hello");
    CHECK(s.segments[0].units == 5);
    CHECK(s.segments[0].byte_offset == 0);
    CHECK(s.segments[0].char_offset == 0);
}

TEST_CASE("161 characters split 153 + 8 with byte and character offsets") {
    const std::string text = repeat("é", 161);  // GSM-7, two bytes each
    const Split s = split(text);
    REQUIRE(s.segments.size() == 2);
    CHECK(s.segments[0].units == 153);
    CHECK(s.segments[1].units == 8);
    CHECK(s.segments[1].char_offset == 153);
    CHECK(s.segments[1].byte_offset == 306);
    CHECK(s.segments[0].text + s.segments[1].text == text);
}

TEST_CASE("an ESC pair that would straddle a boundary opens the next part") {
    const std::string text = repeat("a", 152) + "€" + repeat("a", 152);
    const Split s = split(text);
    REQUIRE(s.segments.size() == 3);
    CHECK(s.segments[0].text == repeat("a", 152));
    CHECK(s.segments[1].text == "€" + repeat("a", 151));
    CHECK(s.segments[1].units == 153);
    CHECK(s.segments[2].text == "a");
    CHECK(s.segments[2].char_offset == 304);
}

TEST_CASE("a surrogate pair that would straddle a boundary opens the next part") {
    const std::string text = repeat("a", 66) + "😀" + repeat("a", 66);
    const Split s = split(text);
    REQUIRE(s.segments.size() == 3);
    CHECK(s.segments[0].units == 66);
    CHECK(s.segments[1].text.substr(0, 4) == "😀");
    CHECK(s.segments[1].units == 67);
    CHECK(s.segments[2].units == 1);
}

TEST_CASE("split agrees with analyze on the number of parts and reassembles the text") {
    for (const std::string& text :
         {repeat("a", 1600), repeat("😀", 1600), repeat("中", 1600), repeat("[x", 500), repeat("ab😀", 333),
          repeat("Ça €", 400), std::string()}) {
        const Split s = split(text);
        CHECK(s.segments.size() == s.analysis.segments);
        std::string joined;
        std::size_t units = 0;
        for (const Segment& seg : s.segments) {
            CHECK(seg.units <= s.analysis.units_per_segment);
            CHECK(text.compare(seg.byte_offset, seg.text.size(), seg.text) == 0);
            joined += seg.text;
            units += seg.units;
        }
        CHECK(joined == text);
        CHECK(units == s.analysis.units);
    }
}

TEST_CASE("ucs2_characters lists every character outside the GSM alphabet with its place") {
    const auto found = ucs2_characters("Hi ç😀 €`");
    REQUIRE(found.size() == 3);
    CHECK(found[0].code_point == 0x00E7);
    CHECK(found[0].char_offset == 3);
    CHECK(found[0].byte_offset == 3);
    CHECK(found[0].text == "ç");
    CHECK(found[1].code_point == 0x1F600);
    CHECK(found[1].char_offset == 4);
    CHECK(found[1].byte_offset == 5);
    CHECK(found[2].code_point == 0x60);
    CHECK(found[2].char_offset == 7);
    CHECK(ucs2_characters("all GSM: €[]{}").empty());
}

TEST_CASE("split and ucs2_characters throw InvalidUtf8 on invalid input") {
    CHECK_THROWS_AS(split("a\xC3"), InvalidUtf8);
    CHECK_THROWS_AS(ucs2_characters("\xED\xA0\x80"), InvalidUtf8);
}
