// JSONC parsing: values, comments, trailing commas, and the line:col of every value, key and error.
#include <doctest/doctest.h>

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "jsonc/jsonc.hpp"

using sim::jsonc::JsoncDocument;
using sim::jsonc::JsoncError;
using sim::jsonc::parse_jsonc;
using sim::jsonc::Position;
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

// A malformed document, the message it gets and where: "line:col", and the byte offset when the
// row says (columns count code points, so the two differ past a multi-byte character).
struct ParseError {
    std::string text;
    std::string message;
    std::string at;
    std::size_t offset = std::string::npos;  // npos: not checked by this row
};

// A short, printable excerpt of a row's text for the failure report (some are a megabyte).
std::string excerpt(const std::string& text) {
    return text.size() <= 60 ? text : text.substr(0, 60) + "... (" + std::to_string(text.size()) + " bytes)";
}

enum class Of { value, key };

// Where the value or key at each JSON pointer starts, as "line:col".
struct Place {
    Of of;
    std::string pointer;
    std::string at;
};

void check_places(const JsoncDocument& doc, std::initializer_list<Place> places) {
    for (const Place& place : places) {
        CAPTURE(place.pointer);
        CHECK((place.of == Of::key ? key_at(doc, place.pointer) : value_at(doc, place.pointer)) == place.at);
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

TEST_CASE("jsonc: string escapes decode, including surrogate pairs") {
    CHECK(parse_jsonc(R"("\u0041\u00E9\u20ac")").value == "A\xC3\xA9\xE2\x82\xAC");
    CHECK(parse_jsonc(R"("\uD83D\uDE00")").value == "\xF0\x9F\x98\x80");
    CHECK(parse_jsonc(R"("\uDBFF\uDFFF")").value == "\xF4\x8F\xBF\xBF");
    CHECK(parse_jsonc(R"("a\u0000b")").value.get<std::string>() == std::string("a\0b", 3));
    CHECK(parse_jsonc(R"("\"\\\/\b\f\n\r\t")").value == "\"\\/\b\f\n\r\t");
}

TEST_CASE("jsonc: DEL in a string is not a control character") {
    CHECK(parse_jsonc("\"\x7F\"").value == "\x7F");
}

namespace {

// Every malformed document the parser refuses, by the rule it breaks: the message, and the place
// (the start of what is wrong; for a string or a comment that never ends, where it began).
const std::string lone_high_surrogate =
    "lone high surrogate \\uD83D in string (it must be followed by a low surrogate \\uDC00-\\uDFFF)";
const std::string control_character = "control character in string; write it as an escape";
const std::string empty_document =
    "expected a JSON value, found the end of the input (the document is empty)";
const std::string text_after = "unexpected text after the end of the document";
const std::string too_deep = "nesting deeper than 128 levels";

std::vector<ParseError> parse_errors() {
    std::string nested_objects;
    for (int i = 0; i < 200; ++i) nested_objects += "{\"a\":";
    const std::string long_key(1'000, 'k');
    return {
        // Numbers.
        {"01", "invalid number: leading zeros are not allowed", "1:1"},
        {"[1, -007]", "invalid number: leading zeros are not allowed", "1:5"},
        {"+1", "invalid number: a leading '+' is not allowed", "1:1"},
        {".5", "invalid number: a digit must come before the '.'", "1:1"},
        {"1.", "expected a digit after the decimal point, found the end of the input", "1:3"},
        {"[1.]", "expected a digit after the decimal point, found ']'", "1:4"},
        {"1e", "expected a digit in the exponent, found the end of the input", "1:3"},
        {"1e+x", "expected a digit in the exponent, found 'x'", "1:4"},
        {"-", "expected a digit after '-', found the end of the input", "1:2"},
        {"-Infinity", "expected a digit after '-', found 'Infinity'", "1:2"},
        {"NaN", "expected a value, found 'NaN'", "1:1"},
        {"Infinity", "expected a value, found 'Infinity'", "1:1"},
        {"0x1F", text_after, "1:2"},
        {"1e400", "number out of range: 1e400", "1:1"},
        {"[0, -1e400]", "number out of range: -1e400", "1:5"},
        // A long number or key is quoted as an excerpt, never whole.
        {std::string(10'000, '9') + ".5",
         "number out of range: " + std::string(32, '9') + "... (10002 bytes)", "1:1"},
        {"{\"" + long_key + "\": 1, \"" + long_key + "\": 2}",
         "duplicate key \"" + std::string(64, 'k') + "... (1000 bytes)\"", "1:1009"},
        // Literals must be spelled exactly; strings and keys take double quotes.
        {"[tru]", "expected a value or ']', found 'tru'", "1:2"},
        {"True", "expected a value, found 'True'", "1:1"},
        {"nullx", "expected a value, found 'nullx'", "1:1"},
        {"{\"a\": undefined}", "expected a value, found 'undefined'", "1:7"},
        {"'single'", "expected a value, found \"'\" (strings take double quotes)", "1:1"},
        // Lone, mismatched and malformed \u escapes: at the backslash.
        {R"(["\uD83D"])", lone_high_surrogate, "1:3"},
        {R"("x\uD83Dy")", lone_high_surrogate, "1:3"},
        {R"("\uD83D\u0041")", lone_high_surrogate, "1:2"},
        {R"("\uD83D\uD83D")", lone_high_surrogate, "1:2"},
        {R"("ab\uDE00")",
         "lone low surrogate \\uDE00 in string (it must follow a high surrogate \\uD800-\\uDBFF)", "1:4"},
        {R"("\u12G4")", "expected four hex digits after \\u", "1:2"},
        {R"("\u12")", "expected four hex digits after \\u", "1:2"},
        {R"("\x41")", "invalid escape '\\x' in string", "1:2"},
        {"\"\\", "unterminated string", "1:1"},
        // Control characters in strings (DEL is not one).
        {"{\"a\": \"x\ty\"}", control_character, "1:9"},
        {std::string("\"a\0b\"", 5), control_character, "1:3"},
        {"\"\x1F\"", control_character, "1:2"},
        // An unterminated string: at its opening quote, and a line break inside one says so.
        {"{\n  \"name\": \"abc,\n  \"next\": 1\n}",
         "unterminated string (a line break inside a string must be written as \\n)", "2:11"},
        {"{\"a\": \"abc", "unterminated string", "1:7"},
        {"\"", "unterminated string", "1:1"},
        {"{\"key", "unterminated string", "1:2"},
        // An unterminated block comment: at its start; a lone slash.
        {"{\"a\": 1, /* never\nclosed }", "unterminated /* comment", "1:10"},
        {"1 /* x *", "unterminated /* comment", "1:3"},
        {"/*/", "unterminated /* comment", "1:1"},
        {"{\"a\": 1 / 2}", "a '/' must start a // or /* comment", "1:9"},
        // A BOM anywhere but at the very start is an unexpected character, named so it can be found.
        {" \xEF\xBB\xBF{}", "expected a value, found '\xEF\xBB\xBF' (U+FEFF)", "1:2"},
        // A comma with no element before it.
        {"[,]", "expected a value or ']', found ','", "1:2"},
        {"[1,,2]", "expected a value or ']', found ','", "1:4"},
        {"{,}", "expected a string key or '}', found ','", "1:2"},
        {"{\"a\": 1,,}", "expected a string key or '}', found ','", "1:9"},
        {"[1,", "expected a value or ']', found the end of the input", "1:4"},
        // A missing comma or colon names what was expected and found.
        {"{\n  \"a\": 1\n  \"b\": 2\n}", "expected ',' or '}' after an object member, found '\"'", "3:3"},
        {"[1 2]", "expected ',' or ']' after an array element, found '2'", "1:4"},
        {"[1", "expected ',' or ']' after an array element, found the end of the input", "1:3"},
        {"{\"a\": 1", "expected ',' or '}' after an object member, found the end of the input", "1:8"},
        {"{\"a\": 1]", "expected ',' or '}' after an object member, found ']'", "1:8"},
        {"{\"a\" 1}", "expected ':' after an object key, found '1'", "1:6"},
        {"{\"a\"}", "expected ':' after an object key, found '}'", "1:5"},
        {"{\"a\":}", "expected a value, found '}'", "1:6"},
        // Keys must be double-quoted strings.
        {"{name: 1}", "expected a string key or '}', found 'name' (keys take double quotes)", "1:2"},
        {"{'a': 1}", "expected a string key or '}', found \"'\" (keys take double quotes)", "1:2"},
        {"{1: 1}", "expected a string key or '}', found '1' (keys take double quotes)", "1:2"},
        {"{[]: 1}", "expected a string key or '}', found '['", "1:2"},
        {"{", "expected a string key or '}', found the end of the input", "1:2"},
        // An empty document.
        {"", empty_document, "1:1"},
        {"  \n\t ", empty_document, "2:3"},
        {"// only a comment\n/* and another */", empty_document, "2:18"},
        {"\xEF\xBB\xBF", empty_document, "1:1"},
        // Text after the top-level value: where it starts.
        {"{\"a\": 1}\n// fine\n  {\"b\": 2}", text_after, "3:3"},
        {"1 2", text_after, "1:3"},
        {"[],", text_after, "1:3"},
        {"null}", text_after, "1:5"},
        // A duplicate key: at the second one. Keys are compared after unescaping, and shown escaped.
        {"{\n  \"name\": \"a\",\n  \"other\": 1,\n  \"name\": \"b\"\n}", "duplicate key \"name\"", "4:3"},
        {R"({"a": 1, "\u0061": 2})", "duplicate key \"a\"", "1:10"},
        {R"({"q\"": 1, "q\u0022": 2})", "duplicate key \"q\\\"\"", "1:12"},
        {R"({"": 1, "": 2})", "duplicate key \"\"", "1:9"},
        // Invalid UTF-8 in a string: at its byte (the column counts a valid character before it as one).
        {"{\"a\": \"x\xE2\x82\"}", "invalid UTF-8: truncated sequence starting with byte 0xE2", "1:9", 8},
        {"\"\x80\"", "invalid UTF-8: unexpected continuation byte 0x80", "1:2"},
        {"\"\xC0\xAF\"", "invalid UTF-8: overlong encoding (byte 0xC0)", "1:2"},
        {"\"\xE0\x80\xAF\"", "invalid UTF-8: overlong encoding (starting with byte 0xE0)", "1:2"},
        {"\"\xF0\x80\x80\xAF\"", "invalid UTF-8: overlong encoding (starting with byte 0xF0)", "1:2"},
        {"\"\xED\xA0\x80\"", "invalid UTF-8: encoded UTF-16 surrogate", "1:2"},
        {"\"\xF4\x90\x80\x80\"", "invalid UTF-8: code point beyond U+10FFFF", "1:2"},
        {"\"\xFF\"", "invalid UTF-8: byte 0xFF never occurs in UTF-8", "1:2"},
        {"\"\xF0\x9F\x98", "invalid UTF-8: truncated sequence starting with byte 0xF0", "1:2"},
        {"\"\xC3\xA9\xC3\"", "invalid UTF-8: truncated sequence starting with byte 0xC3", "1:3", 3},
        // ... in a comment, and outside strings and comments.
        {"// caf\xC3\xA9 \xFE\n1", "invalid UTF-8: byte 0xFE never occurs in UTF-8", "1:9"},
        {"1 /* ok\n  \xE2\x82\xACx\x80 */", "invalid UTF-8: unexpected continuation byte 0x80", "2:5", 14},
        {"[1, \xC3]", "invalid UTF-8: truncated sequence starting with byte 0xC3", "1:5"},
        // A valid but misplaced character is named with its code point, since it may be invisible.
        {"[\xC2\xA0\x31]", "expected a value or ']', found '\xC2\xA0' (U+00A0)", "1:2"},
        // Nesting up to 128 levels is accepted; deeper is an error, even far too deep to recurse through.
        {std::string(129, '[') + std::string(129, ']'), too_deep, "1:129"},
        {nested_objects, too_deep, "1:" + std::to_string(128 * 5 + 1)},
        {std::string(1000000, '['), too_deep, "1:129"},
        // Columns count code points, not bytes; escapes count as written (six columns for \u00e9).
        {"{\"\xC3\xA9\": x}", "expected a value, found 'x'", "1:7", 7},
        {"/* \xC3\xA9\xC3\xA9 */ x", "expected a value, found 'x'", "1:10"},
        {"[\"\\u00e9\", x]", "expected a value or ']', found 'x'", "1:12"},
        // A tab is one column; LF, CRLF and a lone CR each end a line.
        {"\t\t[x]", "expected a value or ']', found 'x'", "1:4"},
        {"[\r\n1,\r\n  x]", "expected a value or ']', found 'x'", "3:3"},
        {"[\r1,\r  x]", "expected a value or ']', found 'x'", "3:3"},
        {"[\n\n\r\n\r x]", "expected a value or ']', found 'x'", "5:2"},
        {"// comment\r[x]", "expected a value or ']', found 'x'", "2:2"},
    };
}

}  // namespace

TEST_CASE("jsonc: every malformed document gets its message at its place") {
    for (const ParseError& error : parse_errors()) {
        CAPTURE(excerpt(error.text));
        const Failure failure = failure_of(error.text);
        CHECK(failure.message == error.message);
        CHECK(failure.at == error.at);
        if (error.offset != std::string::npos) CHECK(failure.offset == error.offset);
    }
}

TEST_CASE("jsonc: nesting of 128 levels is accepted") {
    CHECK(parse_jsonc(std::string(128, '[') + std::string(128, ']')).value.is_array());
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
    check_places(doc, {{Of::value, "", "2:13"},
                       {Of::key, "/a", "2:23"},
                       {Of::value, "/a", "2:45"},
                       {Of::value, "/a/0", "3:3"},
                       {Of::value, "/a/1", "3:23"},
                       {Of::key, "/b", "5:1"},
                       {Of::value, "/b", "6:1"}});
}

TEST_CASE("jsonc: comment markers inside strings are text") {
    const JsoncDocument doc = parse_jsonc(R"({"url": "http://example.com/*x*/"})");
    CHECK(doc.value["url"] == "http://example.com/*x*/");
}

TEST_CASE("jsonc: a block comment may span lines and contain stars") {
    const JsoncDocument doc = parse_jsonc("/** doc\n * more **\n **/ [\"x\"]");
    check_places(doc, {{Of::value, "", "3:6"}, {Of::value, "/0", "3:7"}});
}

TEST_CASE("jsonc: a leading UTF-8 BOM is skipped and takes no column") {
    const JsoncDocument doc = parse_jsonc("\xEF\xBB\xBF{\"a\": 1}");
    CHECK(doc.value == Json::parse(R"({"a": 1})"));
    check_places(doc, {{Of::value, "", "1:1"}, {Of::value, "/a", "1:7"}});
    CHECK(doc.value_positions.at("").offset == 3);
}

TEST_CASE("jsonc: trailing commas before } and ] are accepted") {
    const JsoncDocument doc = parse_jsonc("{\"a\": [1, 2,], \"b\": {\"c\": 3,},}");
    CHECK(doc.value == Json::parse(R"({"a": [1, 2], "b": {"c": 3}})"));
    CHECK(parse_jsonc("[1, /* c */ ]").value.size() == 1);
    CHECK(parse_jsonc("[[],{},]").value.size() == 2);
}

TEST_CASE("jsonc: the same key in different objects is fine") {
    CHECK(parse_jsonc(R"({"a": {"x": 1}, "b": {"x": 2}, "c": [{"x": 3}, {"x": 4}]})").value.size() == 3);
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

TEST_CASE("jsonc: columns count code points, not bytes") {
    const JsoncDocument doc =
        parse_jsonc("{\"\xE2\x82\xAC\": 1, \"\xF0\x9F\x98\x80\": [\"\xC3\xA9\xC3\xA9\", 2]}");
    check_places(doc, {{Of::value, "/\xE2\x82\xAC", "1:7"},
                       {Of::key, "/\xF0\x9F\x98\x80", "1:10"},
                       {Of::value, "/\xF0\x9F\x98\x80", "1:15"},
                       {Of::value, "/\xF0\x9F\x98\x80/0", "1:16"},
                       {Of::value, "/\xF0\x9F\x98\x80/1", "1:22"}});
    CHECK(doc.value_positions.at("/\xF0\x9F\x98\x80/1").offset == 28);
    // Characters in comments count the same way.
    const JsoncDocument commented =
        parse_jsonc("/* caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80 */ [1, // \xC3\xA9\n\t2]");
    check_places(commented, {{Of::value, "", "1:16"}, {Of::value, "/0", "1:17"}, {Of::value, "/1", "2:2"}});
}

TEST_CASE("jsonc: a tab is one column, and CRLF ends one line") {
    const JsoncDocument doc = parse_jsonc("{\r\n\t\"a\":\t1\r\n}");
    check_places(doc, {{Of::key, "/a", "2:2"}, {Of::value, "/a", "2:7"}});
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
    check_places(doc, {{Of::value, "", "1:1"},
                       {Of::key, "/name", "2:3"},
                       {Of::value, "/name", "2:11"},
                       {Of::key, "/lifecycle", "3:3"},
                       {Of::value, "/lifecycle", "3:16"},
                       {Of::value, "/lifecycle/0", "3:17"},
                       {Of::value, "/lifecycle/1", "3:26"},
                       {Of::key, "/lifecycle/1/at", "3:27"},
                       {Of::value, "/lifecycle/1/at", "3:33"},
                       {Of::value, "/tokens/0", "4:14"},
                       {Of::key, "/tokens/0/token", "4:15"},
                       {Of::value, "/tokens/0/token", "4:24"},
                       {Of::value, "/tokens/0/n", "4:34"},
                       {Of::value, "/empty", "5:12"}});
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
    check_places(doc, {{Of::key, "/a~1b", "1:2"},
                       {Of::value, "/a~1b/c~0d/0", "1:18"},
                       {Of::value, "/", "1:27"},
                       {Of::key, "/~01", "1:30"}});
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
