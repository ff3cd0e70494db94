// JSONC parsing: values, comments, trailing commas, and the line:col of every value, key and error.
#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "scenario/jsonc.hpp"

using sim::scenario::JsoncDocument;
using sim::scenario::JsoncError;
using sim::scenario::parse_jsonc;
using sim::scenario::Position;
using Json = nlohmann::ordered_json;

namespace {

std::string line_col(const Position& p) {
    return std::to_string(p.line) + ":" + std::to_string(p.column);
}

struct Failure {
    std::string message;
    std::string at;  // "line:col"
    std::size_t offset = 0;
};

Failure failure_of(std::string_view text) {
    try {
        parse_jsonc(text);
    } catch (const JsoncError& e) {
        return Failure{e.what(), line_col(e.where()), e.where().offset};
    }
    return Failure{"(parsed without an error)", "", 0};
}

std::string value_at(const JsoncDocument& doc, const std::string& pointer) {
    const auto found = doc.value_positions.find(pointer);
    return found == doc.value_positions.end() ? "(none)" : line_col(found->second);
}

std::string key_at(const JsoncDocument& doc, const std::string& pointer) {
    const auto found = doc.key_positions.find(pointer);
    return found == doc.key_positions.end() ? "(none)" : line_col(found->second);
}

// Counts values and object members, to check that every one of them has a position.
void count(const Json& value, std::size_t& values, std::size_t& members) {
    ++values;
    if (value.is_object()) {
        for (const auto& member : value.items()) {
            ++members;
            count(member.value(), values, members);
        }
    } else if (value.is_array()) {
        for (const auto& element : value) count(element, values, members);
    }
}

}  // namespace

TEST_CASE("jsonc: comment-free JSON gives the same value as nlohmann's parser") {
    const char* const documents[] = {
        "null",
        "true",
        "false",
        "0",
        "-0",
        "42",
        "-42",
        "0.5",
        "-0.0",
        "1e3",
        "1E+3",
        "2.5e-3",
        "18446744073709551615",
        "18446744073709551616",
        "-9223372036854775808",
        "-9223372036854775809",
        "123456789012345678901234567890",
        "1.7976931348623157e308",
        "4.9e-324",
        "1e-400",
        "\"\"",
        "\"plain\"",
        R"("\" \\ \/ \b \f \n \r \t \u0041 \u00e9 \u20AC \uD83D\uDE00 \u0000")",
        "\"caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80\"",
        "[]",
        "{}",
        "[1, [2, [3, []]], {}]",
        R"({"z": 1, "a": 2, "m": {"y": [true, false, null], "b": "x"}, "": 0, "a/b~c": -1.25})",
        " \t\r\n{ \"spaced\" \r\n:\t[ 1 ,\n 2 ] }\n ",
    };
    for (const char* text : documents) {
        CAPTURE(text);
        const Json expected = Json::parse(text);
        const JsoncDocument doc = parse_jsonc(text);
        CHECK(doc.value == expected);
        // dump() also tells integer from floating point and shows member order.
        CHECK(doc.value.dump() == expected.dump());
        CHECK(doc.value.type() == expected.type());
    }
}

TEST_CASE("jsonc: object members keep their source order") {
    const JsoncDocument doc = parse_jsonc(R"({"zeta": 1, "alpha": 2, "mid": 3})");
    std::string keys;
    for (const auto& member : doc.value.items()) keys += member.key() + ",";
    CHECK(keys == "zeta,alpha,mid,");
}

TEST_CASE("jsonc: integers become int64 or uint64 when they fit, otherwise double") {
    CHECK(parse_jsonc("9223372036854775807").value.is_number_unsigned());
    CHECK(parse_jsonc("18446744073709551615").value.get<std::uint64_t>() == UINT64_MAX);
    CHECK(parse_jsonc("-1").value.is_number_integer());
    CHECK_FALSE(parse_jsonc("-1").value.is_number_unsigned());
    CHECK(parse_jsonc("-9223372036854775808").value.get<std::int64_t>() == INT64_MIN);
    CHECK(parse_jsonc("18446744073709551616").value.is_number_float());
    CHECK(parse_jsonc("-9223372036854775809").value.is_number_float());
    CHECK(parse_jsonc("1.0").value.is_number_float());
    CHECK(parse_jsonc("1e2").value.get<double>() == 100.0);
    CHECK(parse_jsonc("-2.5E-1").value.get<double>() == -0.25);
}

TEST_CASE("jsonc: malformed numbers are errors") {
    CHECK(failure_of("01").message == "invalid number: leading zeros are not allowed");
    CHECK(failure_of("[1, -007]").at == "1:5");
    CHECK(failure_of("+1").message == "invalid number: a leading '+' is not allowed");
    CHECK(failure_of(".5").message == "invalid number: a digit must come before the '.'");
    CHECK(failure_of("1.").message == "expected a digit after the decimal point, found the end of the input");
    CHECK(failure_of("[1.]").message == "expected a digit after the decimal point, found ']'");
    CHECK(failure_of("[1.]").at == "1:4");
    CHECK(failure_of("1e").message == "expected a digit in the exponent, found the end of the input");
    CHECK(failure_of("1e+x").message == "expected a digit in the exponent, found 'x'");
    CHECK(failure_of("-").message == "expected a digit after '-', found the end of the input");
    CHECK(failure_of("-Infinity").message == "expected a digit after '-', found 'Infinity'");
    CHECK(failure_of("NaN").message == "expected a value, found 'NaN'");
    CHECK(failure_of("Infinity").message == "expected a value, found 'Infinity'");
    CHECK(failure_of("0x1F").message == "unexpected text after the end of the document");
    CHECK(failure_of("1e400").message == "number out of range: 1e400");
    CHECK(failure_of("[0, -1e400]").at == "1:5");
    // A long number is quoted as an excerpt, never whole.
    CHECK(failure_of(std::string(10'000, '9') + ".5").message ==
          "number out of range: " + std::string(32, '9') + "... (10002 bytes)");
}

TEST_CASE("jsonc: a long key is quoted cut short in a message") {
    const std::string key(1'000, 'k');
    const Failure f = failure_of("{\"" + key + "\": 1, \"" + key + "\": 2}");
    CHECK(f.message == "duplicate key \"" + std::string(64, 'k') + "... (1000 bytes)\"");
}

TEST_CASE("jsonc: literals must be spelled exactly") {
    CHECK(failure_of("[tru]").message == "expected a value or ']', found 'tru'");
    CHECK(failure_of("[tru]").at == "1:2");
    CHECK(failure_of("True").message == "expected a value, found 'True'");
    CHECK(failure_of("nullx").message == "expected a value, found 'nullx'");
    CHECK(failure_of("{\"a\": undefined}").message == "expected a value, found 'undefined'");
    CHECK(failure_of("'single'").message == "expected a value, found \"'\" (strings take double quotes)");
}

TEST_CASE("jsonc: string escapes decode, including surrogate pairs") {
    CHECK(parse_jsonc(R"("\u0041\u00E9\u20ac")").value == "A\xC3\xA9\xE2\x82\xAC");
    CHECK(parse_jsonc(R"("\uD83D\uDE00")").value == "\xF0\x9F\x98\x80");
    CHECK(parse_jsonc(R"("\uDBFF\uDFFF")").value == "\xF4\x8F\xBF\xBF");
    CHECK(parse_jsonc(R"("a\u0000b")").value.get<std::string>() == std::string("a\0b", 3));
    CHECK(parse_jsonc(R"("\"\\\/\b\f\n\r\t")").value == "\"\\/\b\f\n\r\t");
}

TEST_CASE("jsonc: lone, mismatched and malformed \\u escapes are errors at the backslash") {
    const Failure lone_high = failure_of(R"(["\uD83D"])");
    CHECK(lone_high.message ==
          "lone high surrogate \\uD83D in string (it must be followed by a low surrogate \\uDC00-\\uDFFF)");
    CHECK(lone_high.at == "1:3");
    CHECK(failure_of(R"("x\uD83Dy")").at == "1:3");
    CHECK(failure_of(R"("\uD83D\u0041")").message.rfind("lone high surrogate \\uD83D", 0) == 0);
    CHECK(failure_of(R"("\uD83D\uD83D")").message.rfind("lone high surrogate", 0) == 0);
    const Failure lone_low = failure_of(R"("ab\uDE00")");
    CHECK(lone_low.message ==
          "lone low surrogate \\uDE00 in string (it must follow a high surrogate \\uD800-\\uDBFF)");
    CHECK(lone_low.at == "1:4");
    CHECK(failure_of(R"("\u12G4")").message == "expected four hex digits after \\u");
    CHECK(failure_of(R"("\u12")").message == "expected four hex digits after \\u");
    CHECK(failure_of(R"("\x41")").message == "invalid escape '\\x' in string");
    CHECK(failure_of(R"("\x41")").at == "1:2");
    CHECK(failure_of("\"\\").message == "unterminated string");
}

TEST_CASE("jsonc: control characters in strings are errors, DEL is not") {
    const Failure tab = failure_of("{\"a\": \"x\ty\"}");
    CHECK(tab.message == "control character in string; write it as an escape");
    CHECK(tab.at == "1:9");
    CHECK(failure_of(std::string("\"a\0b\"", 5)).message ==
          "control character in string; write it as an escape");
    CHECK(failure_of("\"\x1F\"").at == "1:2");
    CHECK(parse_jsonc("\"\x7F\"").value == "\x7F");
}

TEST_CASE("jsonc: a line break inside a string is an unterminated string at its opening quote") {
    const Failure f = failure_of("{\n  \"name\": \"abc,\n  \"next\": 1\n}");
    CHECK(f.message == "unterminated string (a line break inside a string must be written as \\n)");
    CHECK(f.at == "2:11");
}

TEST_CASE("jsonc: an unterminated string is an error at its opening quote") {
    const Failure f = failure_of("{\"a\": \"abc");
    CHECK(f.message == "unterminated string");
    CHECK(f.at == "1:7");
    CHECK(failure_of("\"").at == "1:1");
    CHECK(failure_of("{\"key").message == "unterminated string");
}

TEST_CASE("jsonc: comments are allowed wherever whitespace is") {
    const std::string text =
        "// leading\n"
        "/* block */ { /* a */ \"a\" /* b */ : /* c */ [ // d\n"
        "  1 /* e */ , /* f */ 2 // g\n"
        "] /* h */ , // i\n"
        "\"b\"://j\n"
        "true/**/}/* trailing */// end";
    const JsoncDocument doc = parse_jsonc(text);
    CHECK(doc.value == Json::parse(R"({"a": [1, 2], "b": true})"));
    CHECK(value_at(doc, "") == "2:13");
    CHECK(key_at(doc, "/a") == "2:23");
    CHECK(value_at(doc, "/a") == "2:45");
    CHECK(value_at(doc, "/a/0") == "3:3");
    CHECK(value_at(doc, "/a/1") == "3:23");
    CHECK(key_at(doc, "/b") == "5:1");
    CHECK(value_at(doc, "/b") == "6:1");
}

TEST_CASE("jsonc: comment markers inside strings are text") {
    const JsoncDocument doc = parse_jsonc(R"({"url": "http://example.com/*x*/"})");
    CHECK(doc.value["url"] == "http://example.com/*x*/");
}

TEST_CASE("jsonc: a block comment may span lines and contain stars") {
    const JsoncDocument doc = parse_jsonc("/** doc\n * more **\n **/ [\"x\"]");
    CHECK(value_at(doc, "") == "3:6");
    CHECK(value_at(doc, "/0") == "3:7");
}

TEST_CASE("jsonc: an unterminated block comment is an error at its start") {
    const Failure f = failure_of("{\"a\": 1, /* never\nclosed }");
    CHECK(f.message == "unterminated /* comment");
    CHECK(f.at == "1:10");
    CHECK(failure_of("1 /* x *").at == "1:3");
    CHECK(failure_of("/*/").message == "unterminated /* comment");
}

TEST_CASE("jsonc: a lone slash is an error") {
    const Failure f = failure_of("{\"a\": 1 / 2}");
    CHECK(f.message == "a '/' must start a // or /* comment");
    CHECK(f.at == "1:9");
}

TEST_CASE("jsonc: a leading UTF-8 BOM is skipped and takes no column") {
    const JsoncDocument doc = parse_jsonc("\xEF\xBB\xBF{\"a\": 1}");
    CHECK(doc.value == Json::parse(R"({"a": 1})"));
    CHECK(value_at(doc, "") == "1:1");
    CHECK(doc.value_positions.at("").offset == 3);
    CHECK(value_at(doc, "/a") == "1:7");
    // Only at the very start: elsewhere it is an unexpected character, named so that it can be found.
    const Failure later = failure_of(" \xEF\xBB\xBF{}");
    CHECK(later.message == "expected a value, found '\xEF\xBB\xBF' (U+FEFF)");
    CHECK(later.at == "1:2");
}

TEST_CASE("jsonc: trailing commas before } and ] are accepted") {
    const JsoncDocument doc = parse_jsonc("{\"a\": [1, 2,], \"b\": {\"c\": 3,},}");
    CHECK(doc.value == Json::parse(R"({"a": [1, 2], "b": {"c": 3}})"));
    CHECK(parse_jsonc("[1, /* c */ ]").value.size() == 1);
    CHECK(parse_jsonc("[[],{},]").value.size() == 2);
}

TEST_CASE("jsonc: a comma with no element before it is an error") {
    CHECK(failure_of("[,]").message == "expected a value or ']', found ','");
    CHECK(failure_of("[1,,2]").message == "expected a value or ']', found ','");
    CHECK(failure_of("[1,,2]").at == "1:4");
    CHECK(failure_of("{,}").message == "expected a string key or '}', found ','");
    CHECK(failure_of("{\"a\": 1,,}").at == "1:9");
    CHECK(failure_of("[1,").message == "expected a value or ']', found the end of the input");
}

TEST_CASE("jsonc: a missing comma names what was expected and found") {
    const Failure member = failure_of("{\n  \"a\": 1\n  \"b\": 2\n}");
    CHECK(member.message == "expected ',' or '}' after an object member, found '\"'");
    CHECK(member.at == "3:3");
    const Failure element = failure_of("[1 2]");
    CHECK(element.message == "expected ',' or ']' after an array element, found '2'");
    CHECK(element.at == "1:4");
    CHECK(failure_of("[1").message ==
          "expected ',' or ']' after an array element, found the end of the input");
    CHECK(failure_of("{\"a\": 1").message ==
          "expected ',' or '}' after an object member, found the end of the input");
    CHECK(failure_of("{\"a\": 1]").message == "expected ',' or '}' after an object member, found ']'");
}

TEST_CASE("jsonc: a missing colon names what was expected and found") {
    const Failure f = failure_of("{\"a\" 1}");
    CHECK(f.message == "expected ':' after an object key, found '1'");
    CHECK(f.at == "1:6");
    CHECK(failure_of("{\"a\"}").message == "expected ':' after an object key, found '}'");
    CHECK(failure_of("{\"a\":}").message == "expected a value, found '}'");
}

TEST_CASE("jsonc: keys must be double-quoted strings") {
    const Failure bare = failure_of("{name: 1}");
    CHECK(bare.message == "expected a string key or '}', found 'name' (keys take double quotes)");
    CHECK(bare.at == "1:2");
    CHECK(failure_of("{'a': 1}").message ==
          "expected a string key or '}', found \"'\" (keys take double quotes)");
    CHECK(failure_of("{1: 1}").message ==
          "expected a string key or '}', found '1' (keys take double quotes)");
    CHECK(failure_of("{[]: 1}").message == "expected a string key or '}', found '['");
    CHECK(failure_of("{").message == "expected a string key or '}', found the end of the input");
}

TEST_CASE("jsonc: an empty document is an error") {
    const std::string empty = "expected a JSON value, found the end of the input (the document is empty)";
    CHECK(failure_of("").message == empty);
    CHECK(failure_of("").at == "1:1");
    CHECK(failure_of("  \n\t ").message == empty);
    CHECK(failure_of("  \n\t ").at == "2:3");
    CHECK(failure_of("// only a comment\n/* and another */").message == empty);
    CHECK(failure_of("\xEF\xBB\xBF").message == empty);
}

TEST_CASE("jsonc: text after the top-level value is an error where it starts") {
    const Failure f = failure_of("{\"a\": 1}\n// fine\n  {\"b\": 2}");
    CHECK(f.message == "unexpected text after the end of the document");
    CHECK(f.at == "3:3");
    CHECK(failure_of("1 2").at == "1:3");
    CHECK(failure_of("[],").message == "unexpected text after the end of the document");
    CHECK(failure_of("null}").at == "1:5");
}

TEST_CASE("jsonc: a duplicate key is an error at the second key") {
    const Failure f = failure_of("{\n  \"name\": \"a\",\n  \"other\": 1,\n  \"name\": \"b\"\n}");
    CHECK(f.message == "duplicate key \"name\"");
    CHECK(f.at == "4:3");
    // The same key in different objects is fine.
    CHECK(parse_jsonc(R"({"a": {"x": 1}, "b": {"x": 2}, "c": [{"x": 3}, {"x": 4}]})").value.size() == 3);
    // Keys are compared after unescaping, and shown escaped.
    CHECK(failure_of(R"({"a": 1, "\u0061": 2})").message == "duplicate key \"a\"");
    CHECK(failure_of(R"({"q\"": 1, "q\u0022": 2})").message == "duplicate key \"q\\\"\"");
    CHECK(failure_of(R"({"": 1, "": 2})").at == "1:9");
}

TEST_CASE("jsonc: a duplicate key is found in a large object too") {
    std::string text = "{";
    for (int i = 0; i < 100; ++i) text += "\"k" + std::to_string(i) + "\": " + std::to_string(i) + ",";
    CHECK(parse_jsonc(text + "}").value.size() == 100);
    CHECK(failure_of(text + "\"k3\": 0}").message == "duplicate key \"k3\"");
    CHECK(failure_of(text + "\"k99\": 0}").message == "duplicate key \"k99\"");
    // Just past the linear-scan threshold, where the hash set takes over.
    std::string small = "{";
    for (int i = 0; i < 17; ++i) small += "\"k" + std::to_string(i) + "\": 0,";
    CHECK(failure_of(small + "\"k0\": 1}").message == "duplicate key \"k0\"");
    CHECK(failure_of(small + "\"k16\": 1}").message == "duplicate key \"k16\"");
}

TEST_CASE("jsonc: invalid UTF-8 in a string is an error at its byte") {
    const Failure truncated = failure_of("{\"a\": \"x\xE2\x82\"}");
    CHECK(truncated.message == "invalid UTF-8: truncated sequence starting with byte 0xE2");
    CHECK(truncated.at == "1:9");
    CHECK(truncated.offset == 8);
    CHECK(failure_of("\"\x80\"").message == "invalid UTF-8: unexpected continuation byte 0x80");
    CHECK(failure_of("\"\xC0\xAF\"").message == "invalid UTF-8: overlong encoding (byte 0xC0)");
    CHECK(failure_of("\"\xE0\x80\xAF\"").message ==
          "invalid UTF-8: overlong encoding (starting with byte 0xE0)");
    CHECK(failure_of("\"\xF0\x80\x80\xAF\"").message ==
          "invalid UTF-8: overlong encoding (starting with byte 0xF0)");
    CHECK(failure_of("\"\xED\xA0\x80\"").message == "invalid UTF-8: encoded UTF-16 surrogate");
    CHECK(failure_of("\"\xF4\x90\x80\x80\"").message == "invalid UTF-8: code point beyond U+10FFFF");
    CHECK(failure_of("\"\xFF\"").message == "invalid UTF-8: byte 0xFF never occurs in UTF-8");
    CHECK(failure_of("\"\xF0\x9F\x98").message ==
          "invalid UTF-8: truncated sequence starting with byte 0xF0");
    // After a valid multi-byte character: the column counts it as one.
    const Failure after = failure_of("\"\xC3\xA9\xC3\"");
    CHECK(after.at == "1:3");
    CHECK(after.offset == 3);
}

TEST_CASE("jsonc: invalid UTF-8 in a comment is an error at its byte") {
    const Failure line_comment = failure_of("// caf\xC3\xA9 \xFE\n1");
    CHECK(line_comment.message == "invalid UTF-8: byte 0xFE never occurs in UTF-8");
    CHECK(line_comment.at == "1:9");
    const Failure block = failure_of("1 /* ok\n  \xE2\x82\xACx\x80 */");
    CHECK(block.message == "invalid UTF-8: unexpected continuation byte 0x80");
    CHECK(block.at == "2:5");
    CHECK(block.offset == 14);
}

TEST_CASE("jsonc: invalid UTF-8 outside strings and comments is reported as such") {
    const Failure f = failure_of("[1, \xC3]");
    CHECK(f.message == "invalid UTF-8: truncated sequence starting with byte 0xC3");
    CHECK(f.at == "1:5");
    // A valid but misplaced character is named, with its code point since it may be invisible.
    const Failure no_break_space = failure_of("[\xC2\xA0\x31]");
    CHECK(no_break_space.message == "expected a value or ']', found '\xC2\xA0' (U+00A0)");
    CHECK(no_break_space.at == "1:2");
}

TEST_CASE("jsonc: nesting up to 128 levels is accepted, deeper is an error") {
    const std::string ok = std::string(128, '[') + std::string(128, ']');
    CHECK(parse_jsonc(ok).value.is_array());
    const Failure arrays = failure_of(std::string(129, '[') + std::string(129, ']'));
    CHECK(arrays.message == "nesting deeper than 128 levels");
    CHECK(arrays.at == "1:129");
    std::string objects;
    for (int i = 0; i < 200; ++i) objects += "{\"a\":";
    const Failure nested = failure_of(objects);
    CHECK(nested.message == "nesting deeper than 128 levels");
    CHECK(nested.at == "1:" + std::to_string(128 * 5 + 1));
    // Hostile input: far too deep to recurse through, and still just an error.
    CHECK(failure_of(std::string(1000000, '[')).message == "nesting deeper than 128 levels");
}

TEST_CASE("jsonc: columns count code points, not bytes") {
    // { " é " : space x: the x is the 7th character, though its 8th byte.
    const Failure f = failure_of("{\"\xC3\xA9\": x}");
    CHECK(f.message == "expected a value, found 'x'");
    CHECK(f.at == "1:7");
    CHECK(f.offset == 7);
    const JsoncDocument doc =
        parse_jsonc("{\"\xE2\x82\xAC\": 1, \"\xF0\x9F\x98\x80\": [\"\xC3\xA9\xC3\xA9\", 2]}");
    CHECK(value_at(doc, "/\xE2\x82\xAC") == "1:7");
    CHECK(key_at(doc, "/\xF0\x9F\x98\x80") == "1:10");
    CHECK(value_at(doc, "/\xF0\x9F\x98\x80") == "1:15");
    CHECK(value_at(doc, "/\xF0\x9F\x98\x80/0") == "1:16");
    CHECK(value_at(doc, "/\xF0\x9F\x98\x80/1") == "1:22");
    CHECK(doc.value_positions.at("/\xF0\x9F\x98\x80/1").offset == 28);
    // Characters in comments count the same way.
    const JsoncDocument commented =
        parse_jsonc("/* caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80 */ [1, // \xC3\xA9\n\t2]");
    CHECK(value_at(commented, "") == "1:16");
    CHECK(value_at(commented, "/0") == "1:17");
    CHECK(value_at(commented, "/1") == "2:2");
    CHECK(failure_of("/* \xC3\xA9\xC3\xA9 */ x").at == "1:10");
    // Escapes are counted as written: six columns for \u00e9.
    CHECK(failure_of("[\"\\u00e9\", x]").at == "1:12");
}

TEST_CASE("jsonc: a tab is one column, and LF, CRLF and a lone CR each end a line") {
    CHECK(failure_of("\t\t[x]").at == "1:4");
    CHECK(failure_of("[\r\n1,\r\n  x]").at == "3:3");
    CHECK(failure_of("[\r1,\r  x]").at == "3:3");
    CHECK(failure_of("[\n\n\r\n\r x]").at == "5:2");
    CHECK(failure_of("// comment\r[x]").at == "2:2");
    const JsoncDocument doc = parse_jsonc("{\r\n\t\"a\":\t1\r\n}");
    CHECK(key_at(doc, "/a") == "2:2");
    CHECK(value_at(doc, "/a") == "2:7");
}

TEST_CASE("jsonc: every value and every key has a position") {
    const std::string text =
        "{\n"
        "  \"name\": \"demo\",\n"
        "  \"lifecycle\": [\"start\", {\"at\": 5}],\n"
        "  \"tokens\": [{\"token\": \"t\", \"n\": null}],\n"
        "  \"empty\": {}\n"
        "}";
    const JsoncDocument doc = parse_jsonc(text);
    CHECK(value_at(doc, "") == "1:1");
    CHECK(key_at(doc, "/name") == "2:3");
    CHECK(value_at(doc, "/name") == "2:11");
    CHECK(key_at(doc, "/lifecycle") == "3:3");
    CHECK(value_at(doc, "/lifecycle") == "3:16");
    CHECK(value_at(doc, "/lifecycle/0") == "3:17");
    CHECK(value_at(doc, "/lifecycle/1") == "3:26");
    CHECK(key_at(doc, "/lifecycle/1/at") == "3:27");
    CHECK(value_at(doc, "/lifecycle/1/at") == "3:33");
    CHECK(value_at(doc, "/tokens/0") == "4:14");
    CHECK(key_at(doc, "/tokens/0/token") == "4:15");
    CHECK(value_at(doc, "/tokens/0/token") == "4:24");
    CHECK(value_at(doc, "/tokens/0/n") == "4:34");
    CHECK(value_at(doc, "/empty") == "5:12");
    CHECK(doc.value_positions.at("/name").offset == 12);
    std::size_t values = 0;
    std::size_t members = 0;
    count(doc.value, values, members);
    CHECK(doc.value_positions.size() == values);
    CHECK(doc.key_positions.size() == members);
    CHECK(doc.value_positions.count("/lifecycle/2") == 0);
}

TEST_CASE("jsonc: pointers escape ~ and / as ~0 and ~1") {
    const JsoncDocument doc = parse_jsonc(R"({"a/b": {"c~d": [1]}, "": 2, "~1": 3})");
    CHECK(key_at(doc, "/a~1b") == "1:2");
    CHECK(value_at(doc, "/a~1b/c~0d/0") == "1:18");
    CHECK(value_at(doc, "/") == "1:27");
    CHECK(key_at(doc, "/~01") == "1:30");
    // The pointers agree with nlohmann's own pointer lookup.
    for (const auto& entry : doc.value_positions) {
        CAPTURE(entry.first);
        CHECK(doc.value.contains(Json::json_pointer(entry.first)));
    }
}

TEST_CASE("jsonc: JsoncError is a runtime_error whose what() is the bare message") {
    try {
        parse_jsonc("[1,\n  oops]");
        FAIL("expected a JsoncError");
    } catch (const std::runtime_error& e) {
        CHECK(std::string(e.what()) == "expected a value or ']', found 'oops'");
        const auto* jsonc = dynamic_cast<const JsoncError*>(&e);
        REQUIRE(jsonc != nullptr);
        CHECK(jsonc->where().line == 2);
        CHECK(jsonc->where().column == 3);
        CHECK(jsonc->where().offset == 6);
    }
}

TEST_CASE("jsonc: large inputs parse in linear time") {
    // Quadratic behaviour (rescanning lines for columns, or ordered_map's linear key search) would take
    // minutes on these; linear parsing takes milliseconds.
    std::string members = "{";
    for (int i = 0; i < 100000; ++i) members += "\"key" + std::to_string(i) + "\":" + std::to_string(i) + ",";
    members += "}";
    const JsoncDocument object = parse_jsonc(members);
    CHECK(object.value.size() == 100000);
    CHECK(object.value.back() == 99999);
    CHECK(object.key_positions.size() == 100000);

    std::string elements = "[";
    for (int i = 0; i < 300000; ++i) elements += "\"\xC3\xA9\",";
    elements += "x]";
    const Failure f = failure_of(elements);
    CHECK(f.at == "1:" + std::to_string(2 + 300000 * 4));
}
