// replace_lookalikes(): what it replaces, with what, and that it says so.
#include <doctest/doctest.h>

#include <string>

#include "connectel/sms.hpp"

using namespace connectel::sms;

TEST_CASE("curly quotes, dashes and the ellipsis become their GSM-7 look-alikes") {
    const LookalikeResult r = replace_lookalikes("“It’s—fine…”");
    CHECK(r.text == "\"It's-fine...\"");
    REQUIRE(r.replacements.size() == 5);
    CHECK(r.replacements[0].original == 0x201C);
    CHECK(r.replacements[0].replacement == "\"");
    CHECK(r.replacements[0].char_offset == 0);
    CHECK(r.replacements[1].original == 0x2019);
    CHECK(r.replacements[1].char_offset == 3);
    CHECK(r.replacements[1].byte_offset == 5);
    CHECK(r.replacements[3].replacement == "...");
    CHECK(analyze(r.text).encoding == Encoding::Gsm7);
}

TEST_CASE("Unicode spaces become one space; zero-width characters are removed and listed") {
    const LookalikeResult r = replace_lookalikes(
        "a\xC2\xA0"
        "b\xE2\x80\x83"
        "c\xE2\x80\x8B"
        "d\xEF\xBB\xBF");
    CHECK(r.text == "a b cd");
    REQUIRE(r.replacements.size() == 4);
    CHECK(r.replacements[2].original == 0x200B);
    CHECK(r.replacements[2].replacement.empty());
}

TEST_CASE("text without look-alikes is returned unchanged with no replacements") {
    const std::string text = "Plain GSM text, €5 [ok] 😀 ç";
    const LookalikeResult r = replace_lookalikes(text);
    CHECK(r.text == text);
    CHECK(r.replacements.empty());
}

TEST_CASE("the zero width joiner of emoji sequences is kept") {
    const std::string family = "👨\u200D👩\u200D👧";
    CHECK(replace_lookalikes(family).text == family);
}

TEST_CASE("look-alike replacement rejects invalid UTF-8") {
    CHECK_THROWS_AS(replace_lookalikes("ok\xF8"), InvalidUtf8);
}
