// connectel/sms/json.hpp: the text engine's one JSON view, camelCase, its figures those of the
// engine's own results.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "connectel/sms.hpp"
#include "connectel/sms/json.hpp"

namespace sms = connectel::sms;
using nlohmann::json;

TEST_CASE("an analysis, its parts and the characters that forced UCS-2, with their offsets") {
    const std::string text = std::string(66, 'a') + "ç" + std::string(10, 'b');
    const sms::Split split = sms::split(text);
    const json a = split.analysis;
    CHECK(a == json::parse(R"({"encoding": "UCS-2", "unit": "utf16", "bytes": 78, "characters": 77,
        "units": 77, "extensionCharacters": 0, "segments": 2, "unitsPerSegment": 67, "unitsFree": 57,
        "headerOctets": 6, "lockingShift": "default", "singleShift": "default"})"));
    CHECK(json(split.segments[1]) == json::parse(R"({"text": "bbbbbbbbbb", "units": 10, "characters": 10,
        "byteOffset": 68, "charOffset": 67})"));
    const auto forcing = sms::ucs2_characters(text);
    REQUIRE(forcing.size() == 1);
    CHECK(json(forcing[0]) == json::parse(R"({"character": "ç", "codePoint": "U+00E7", "byteOffset": 66,
        "charOffset": 66})"));
}

TEST_CASE("a look-alike replaced, and a part's bytes in hex") {
    const auto replaced = sms::replace_lookalikes("a…");
    REQUIRE(replaced.replacements.size() == 1);
    CHECK(json(replaced.replacements[0]) == json::parse(R"({"original": "…", "codePoint": "U+2026",
        "replacement": "...", "byteOffset": 1, "charOffset": 1})"));
    const auto parts = sms::encode_parts(sms::split("Hi"));
    REQUIRE(parts.size() == 1);
    CHECK(json(parts[0]) == json::parse(R"({"header": "", "userData": "C834", "userDataLength": 2})"));
    CHECK(sms::code_point_name(U'\U0001F600') == "U+1F600");
}
