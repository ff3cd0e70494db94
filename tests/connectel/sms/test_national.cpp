// National language tables (23.038 Annex A): opt-in, chosen to minimise parts, header cost paid.
#include <doctest/doctest.h>

#include <string>

#include "connectel/sms.hpp"
#include "text_builders.hpp"

using namespace connectel::sms;
using namespace connectel_tests;

namespace {

Options allow(std::initializer_list<Language> languages) {
    Options o;
    o.national = LanguageSet(languages);
    return o;
}

std::string turkish_157() {
    // 157 characters, 16 of them Turkish letters the default alphabet lacks.
    std::string text;
    for (int i = 0; i < 157; ++i) text += i % 10 == 0 ? "ş" : "a";
    return text;
}

}  // namespace

TEST_CASE("national tables are off by default: Turkish letters force UCS-2") {
    const Analysis a = analyze(turkish_157());
    CHECK(a.encoding == Encoding::Ucs2);
    CHECK(a.segments == 3);
}

TEST_CASE("a 157-character Turkish text needs 2 parts with the Turkish locking shift table") {
    const Analysis a = analyze(turkish_157(), allow({Language::Turkish}));
    CHECK(a.encoding == Encoding::Gsm7);
    CHECK(a.locking_shift == Language::Turkish);
    CHECK(a.single_shift == Language::Default);
    CHECK(a.segments == 2);
    CHECK(a.units_per_segment == 149);  // 6 + 3 header octets
    CHECK(a.units_free == 141);         // 149 + 8
    CHECK(a.header_octets == 9);
    CHECK(a.first_ucs2_offset == npos);
}

TEST_CASE("a short text with one national letter uses the single shift table and pays its header") {
    const Analysis a = analyze("Buenos días", allow({Language::Spanish}));
    CHECK(a.encoding == Encoding::Gsm7);
    CHECK(a.single_shift == Language::Spanish);
    CHECK(a.locking_shift == Language::Default);
    CHECK(a.units == 12);  // í is ESC + code
    CHECK(a.units_per_segment == 155);
    CHECK(a.header_octets == 4);
}

TEST_CASE("between tables that need as many parts, the one with fewer header elements wins") {
    // The Turkish locking table carries ş and İ at one septet each: one IE, no second table.
    const Analysis a = analyze("şşşİ", allow({Language::Turkish}));
    CHECK(a.encoding == Encoding::Gsm7);
    CHECK(a.locking_shift == Language::Turkish);
    CHECK(a.single_shift == Language::Default);
    CHECK(a.units == 4);
    // With the text needing many parts, the locking table (1 unit per letter) still wins.
    const Analysis long_text = analyze(repeat("ş", 300), allow({Language::Turkish}));
    CHECK(long_text.locking_shift == Language::Turkish);
    CHECK(long_text.segments == 3);  // 300 septets at 149 per part
}

TEST_CASE("Portuguese tables carry ã õ ê and Spanish has no locking table") {
    const Analysis pt = analyze("Não são três", allow({Language::Portuguese}));
    CHECK(pt.encoding == Encoding::Gsm7);
    CHECK(pt.locking_shift != Language::Spanish);
    const Analysis es = analyze(repeat("á", 200), allow({Language::Spanish}));
    CHECK(es.locking_shift == Language::Default);
    CHECK(es.single_shift == Language::Spanish);
}

TEST_CASE("UCS-2 stays when no allowed table can carry the text, or when it needs fewer parts") {
    CHECK(analyze("şa 😀", allow({Language::Turkish})).encoding == Encoding::Ucs2);
    CHECK(analyze("ş", allow({Language::Spanish})).encoding == Encoding::Ucs2);
}

TEST_CASE("national parts carry their information elements and decode back") {
    const Split s = split(turkish_157(), allow({Language::Turkish}));
    const auto parts = encode_parts(s, 7);
    REQUIRE(parts.size() == 2);
    CHECK(to_hex(parts[0].header) == "080003070201250101");
    std::string joined;
    for (const Part& p : parts) {
        CHECK(p.user_data.size() <= 140);
        joined += decode_part(p, Encoding::Gsm7, s.analysis.locking_shift, s.analysis.single_shift);
    }
    CHECK(joined == turkish_157());
}

TEST_CASE("each language has one code and one name, and a code reads back as its language") {
    struct Row {
        Language language;
        const char* code;
        const char* name;
    };
    for (const Row& row : {Row{Language::Default, "default", "default"}, Row{Language::Turkish, "tr", "Turkish"},
                           Row{Language::Spanish, "es", "Spanish"}, Row{Language::Portuguese, "pt", "Portuguese"}}) {
        CAPTURE(row.code);
        CHECK(to_string(row.language) == row.code);
        CHECK(language_name(row.language) == row.name);
        if (row.language != Language::Default) CHECK(parse_language(row.code) == row.language);
    }
    CHECK_FALSE(parse_language("default").has_value());
    CHECK_FALSE(parse_language("fr").has_value());
    CHECK(to_string(static_cast<Language>(9)) == "default");  // past the table: the fallback
}
