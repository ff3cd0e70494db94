// The bytes of each part: septet codes, packing with fill bits, user data headers.
#include <doctest/doctest.h>

#include <random>
#include <string>

#include "connectel/sms.hpp"
#include "text_builders.hpp"

using namespace connectel::sms;
using namespace connectel_tests;

TEST_CASE("septet codes: basic characters one code, extension characters ESC + code") {
    CHECK(encode_septets("@£$") == Bytes{0x00, 0x01, 0x02});
    CHECK(encode_septets("€") == Bytes{0x1B, 0x65});
    CHECK(encode_septets("Ç\f") == Bytes{0x09, 0x1B, 0x0A});
    CHECK_THROWS_AS(encode_septets("ç"), connectel::Error);
}

TEST_CASE("packing matches the classic 'hellohello' example of 23.038") {
    const Bytes packed = pack_septets(encode_septets("hellohello"));
    CHECK(to_hex(packed) == "E8329BFD4697D9EC37");
    CHECK(decode_septets(unpack_septets(packed, 10)) == "hellohello");
}

TEST_CASE("packing round-trips every length and fill") {
    std::mt19937 rng(7);
    for (unsigned fill = 0; fill < 7; ++fill) {
        for (std::size_t n = 0; n < 40; ++n) {
            Bytes septets(n);
            for (auto& s : septets) s = std::uint8_t(rng() & 0x7F);
            const Bytes packed = pack_septets(septets, fill);
            CHECK(packed.size() == (fill + 7 * n + 7) / 8);
            CHECK(unpack_septets(packed, n, fill) == septets);
        }
    }
    CHECK_THROWS_AS(unpack_septets(Bytes{0x41}, 2), connectel::Error);
}

TEST_CASE("decoding septets: escapes, unknown escape codes and a lone trailing escape") {
    CHECK(decode_septets(Bytes{0x1B, 0x65, 0x41}) == "€A");
    CHECK(decode_septets(Bytes{0x1B, 0x41}) == "A");  // unused extension code: the basic character
    CHECK(decode_septets(Bytes{0x41, 0x1B}) == "A ");
}

TEST_CASE("a single part has no header; TP-UDL counts septets") {
    const auto parts = encode_parts(split("hellohello"));
    REQUIRE(parts.size() == 1);
    CHECK(parts[0].header.empty());
    CHECK(parts[0].user_data_length == 10);
    CHECK(to_hex(parts[0].user_data) == "E8329BFD4697D9EC37");
}

TEST_CASE("concatenated GSM-7 parts carry 00 03 ref total seq, one fill bit, and fit 140 octets") {
    const auto parts = encode_parts(split(repeat("a", 161)), 0x2A);
    REQUIRE(parts.size() == 2);
    CHECK(to_hex(parts[0].header) == "0500032A0201");
    CHECK(to_hex(parts[1].header) == "0500032A0202");
    CHECK(parts[0].user_data_length == 160);  // 7 header septets + 153
    CHECK(parts[0].user_data.size() == 140);
    CHECK(parts[1].user_data_length == 15);
    // After a 6-octet header the first septet starts one bit in: 'a' (0x61) << 1.
    CHECK(parts[0].user_data[6] == 0xC2);
}

TEST_CASE("a 16-bit reference writes 08 04 refH refL total seq, with no fill bits") {
    Options o;
    o.reference = ConcatReference::SixteenBit;
    const auto parts = encode_parts(split(repeat("a", 200), o), 0x1234);
    REQUIRE(parts.size() == 2);
    CHECK(to_hex(parts[0].header) ==
          "060804123402"
          "01");
    CHECK(parts[0].user_data_length == 160);  // 8 header septets + 152
    CHECK(parts[0].user_data.size() == 140);
    CHECK(parts[0].user_data[7] == 0xE1);  // the first septet, and the low bit of the second on top
}

TEST_CASE("UCS-2 parts are UTF-16BE, surrogate pairs kept whole") {
    const auto parts = encode_parts(split("a😀"));
    REQUIRE(parts.size() == 1);
    CHECK(to_hex(parts[0].user_data) == "0061D83DDE00");
    CHECK(parts[0].user_data_length == 6);
    const auto long_parts = encode_parts(split(repeat("中", 71)));
    REQUIRE(long_parts.size() == 2);
    CHECK(long_parts[0].user_data.size() == 140);  // 6 + 67 * 2
}

TEST_CASE("every part decodes back to its segment, and never exceeds 140 octets") {
    for (const std::string& text : {repeat("a", 1600), repeat("€x", 700), repeat("😀a", 500),
                                    repeat("中", 400), std::string("@"), repeat("Ünïcödé ", 50)}) {
        for (ConcatReference ref : {ConcatReference::EightBit, ConcatReference::SixteenBit}) {
            Options o;
            o.reference = ref;
            const Split s = split(text, o);
            const auto parts = encode_parts(s, 0xBEEF);
            REQUIRE(parts.size() == s.segments.size());
            std::string joined;
            for (std::size_t i = 0; i < parts.size(); ++i) {
                CHECK(parts[i].user_data.size() <= 140);
                const std::string back = decode_part(parts[i], s.analysis.encoding);
                CHECK(back == s.segments[i].text);
                joined += back;
            }
            CHECK(joined == text);
        }
    }
}

TEST_CASE("more than 255 parts cannot be concatenated") {
    CHECK_THROWS_AS(encode_parts(split(repeat("a", 153 * 255 + 1))), connectel::Error);
    CHECK(encode_parts(split(repeat("a", 153 * 255))).size() == 255);
}

// Found by fuzz/sms_text_fuzzer.cpp: a malformed UCS-2 part was read into invalid UTF-8.
TEST_CASE("a UCS-2 part with an unpaired surrogate or an odd octet is refused with the octet named") {
    const auto ucs2_part = [](Bytes user_data) {
        Part part;
        part.user_data_length = user_data.size();
        part.user_data = std::move(user_data);
        return part;
    };
    CHECK(decode_part(ucs2_part({0x00, 0x61, 0xD8, 0x3D, 0xDE, 0x00}), Encoding::Ucs2) == "a😀");
    CHECK_THROWS_WITH_AS(decode_part(ucs2_part({0x00, 0x61, 0xD8, 0x3D}), Encoding::Ucs2),
                         "part: unpaired UTF-16 surrogate at octet 2", connectel::Error);
    CHECK_THROWS_WITH_AS(decode_part(ucs2_part({0xD8, 0x3D, 0x00, 0x41}), Encoding::Ucs2),
                         "part: unpaired UTF-16 surrogate at octet 0", connectel::Error);
    CHECK_THROWS_WITH_AS(decode_part(ucs2_part({0x00, 0x61, 0xDE, 0x00}), Encoding::Ucs2),
                         "part: unpaired UTF-16 surrogate at octet 2", connectel::Error);
    CHECK_THROWS_WITH_AS(decode_part(ucs2_part({0x00, 0x61, 0x00}), Encoding::Ucs2),
                         "part: UCS-2 user data of 3 octets after the header; UCS-2 takes two per unit",
                         connectel::Error);
}
