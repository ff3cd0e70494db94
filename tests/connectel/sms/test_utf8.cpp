// UTF-8 validation: every kind of malformed input is reported with its byte offset.
#include <doctest/doctest.h>

#include <string>

#include "connectel/sms.hpp"

using namespace connectel::sms;

namespace {

Utf8Error error_of(const std::string& text) {
    return find_invalid_utf8(text);
}

}  // namespace

TEST_CASE("valid UTF-8 of every length passes") {
    CHECK_FALSE(error_of(""));
    CHECK_FALSE(error_of("plain ascii"));
    CHECK_FALSE(error_of("\xC3\xA9"));          // é
    CHECK_FALSE(error_of("\xE2\x82\xAC"));      // €
    CHECK_FALSE(error_of("\xF0\x9F\x98\x80"));  // 😀
    CHECK_FALSE(error_of("\xEF\xBF\xBF"));      // U+FFFF
    CHECK_FALSE(error_of("\xF4\x8F\xBF\xBF"));  // U+10FFFF
    CHECK_FALSE(error_of("\xED\x9F\xBF"));      // U+D7FF, just below the surrogates
}

TEST_CASE("a truncated sequence is reported at its first byte") {
    const Utf8Error e = error_of("ab\xE2\x82");
    CHECK(e.problem == Utf8Problem::TruncatedSequence);
    CHECK(e.offset == 2);
    CHECK(error_of("\xF0\x9F\x98").problem == Utf8Problem::TruncatedSequence);
    CHECK(error_of("\xC3 x").problem == Utf8Problem::TruncatedSequence);
}

TEST_CASE("overlong encodings are rejected") {
    CHECK(error_of("\xC0\x80").problem == Utf8Problem::OverlongEncoding);
    CHECK(error_of("\xC1\xBF").problem == Utf8Problem::OverlongEncoding);
    CHECK(error_of("\xE0\x80\xAF").problem == Utf8Problem::OverlongEncoding);
    CHECK(error_of("\xF0\x80\x80\xAF").problem == Utf8Problem::OverlongEncoding);
    const Utf8Error e = error_of("abc\xE0\x9F\xBF");
    CHECK(e.offset == 3);
}

TEST_CASE("UTF-16 surrogates encoded in UTF-8 are rejected") {
    CHECK(error_of("\xED\xA0\x80").problem == Utf8Problem::EncodedSurrogate);  // U+D800
    CHECK(error_of("\xED\xBF\xBF").problem == Utf8Problem::EncodedSurrogate);  // U+DFFF
    // A CESU-8 style pair is two errors; the first is reported.
    const Utf8Error e = error_of("x\xED\xA0\xBD\xED\xB8\x80");
    CHECK(e.problem == Utf8Problem::EncodedSurrogate);
    CHECK(e.offset == 1);
}

TEST_CASE("stray continuation bytes, invalid bytes and code points beyond U+10FFFF are rejected") {
    CHECK(error_of("a\x80").problem == Utf8Problem::UnexpectedContinuation);
    CHECK(error_of("a\x80").offset == 1);
    CHECK(error_of("\xFF").problem == Utf8Problem::InvalidByte);
    CHECK(error_of("\xF5\x80\x80\x80").problem == Utf8Problem::InvalidByte);
    CHECK(error_of("\xF4\x90\x80\x80").problem == Utf8Problem::BeyondUnicode);
}

TEST_CASE("the error message names the byte offset and the problem") {
    const Utf8Error e = error_of("hello \xC0\x80");
    CHECK(e.message() == "invalid UTF-8 at byte 6: overlong encoding");
}

TEST_CASE("analyze throws InvalidUtf8 with the offset, and its non-throwing form reports it") {
    const std::string bad = std::string(100, 'a') + "\xE2\x28\xA1";
    try {
        (void)analyze(bad);
        FAIL("analyze accepted invalid UTF-8");
    } catch (const InvalidUtf8& e) {
        CHECK(e.offset() == 100);
        CHECK(e.problem() == Utf8Problem::TruncatedSequence);
        CHECK(dynamic_cast<const connectel::Error*>(&e) != nullptr);
    }

    Utf8Error error;
    const Analysis a = analyze(bad, {}, error);
    CHECK(error);
    CHECK(error.offset == 100);
    CHECK(a.segments == 1);
    CHECK(a.characters == 0);

    // Also when the bad byte comes after the switch to UCS-2.
    (void)analyze("\xF0\x9F\x98\x80 ok \xFF", {}, error);
    CHECK(error.offset == 8);
    CHECK(error.problem == Utf8Problem::InvalidByte);

    (void)analyze("fine", {}, error);
    CHECK_FALSE(error);
}
