// JSONC parsing for scenario files: recursive descent that records where every value and key starts.
#include "jsonc/jsonc.hpp"

#include "connectel/excerpt.hpp"
#include "connectel/utf8.hpp"

#include <clocale>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <unordered_set>
#include <utility>

namespace sim::jsonc {

JsoncError::JsoncError(Position where, const std::string& message)
    : std::runtime_error(message), where_(where) {}

const Position& JsoncError::where() const noexcept {
    return where_;
}

// RFC 6901: '~' and '/' are the only characters a pointer token escapes.
void append_pointer_token(std::string& path, std::string_view key) {
    path += '/';
    for (const char c : key) {
        if (c == '~') {
            path += "~0";
        } else if (c == '/') {
            path += "~1";
        } else {
            path += c;
        }
    }
}

// A key as it would be written in JSON, so a message shows it unambiguously even with quotes inside;
// a long one cut short, so a message never echoes a whole file back.
std::string json_quoted(std::string_view text) {
    return nlohmann::json(connectel::excerpt(text, 64)).dump();
}

namespace {

using Json = nlohmann::ordered_json;

// Deep enough for any real scenario, shallow enough that recursion cannot exhaust the stack.
constexpr std::size_t kMaxDepth = 128;
// Below this many members a linear scan for duplicates beats building a hash set.
constexpr std::size_t kLinearDuplicateScan = 16;

bool is_digit(unsigned char c) {
    return c >= '0' && c <= '9';
}

bool is_word_char(unsigned char c) {
    return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

// The character a one-letter escape stands for; 0 for 'u' and for anything that is not an escape.
char simple_escape(unsigned char c) {
    constexpr std::string_view letters = "\"\\/bfnrt";
    constexpr std::string_view meanings = "\"\\/\b\f\n\r\t";
    const std::size_t at = letters.find(static_cast<char>(c));
    return at == std::string_view::npos ? 0 : meanings[at];
}

int hex_value(unsigned char c) {
    if (is_digit(c)) return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::string hex_byte(unsigned char c) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "0x%02X", static_cast<unsigned>(c));
    return buffer;
}

std::string code_point_name(std::uint32_t cp) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "U+%04X", static_cast<unsigned>(cp));
    return buffer;
}

// The parser's words for each kind of malformed UTF-8, naming the lead byte.
std::string utf8_problem_message(connectel::sms::Utf8Problem problem, unsigned char lead) {
    using connectel::sms::Utf8Problem;
    switch (problem) {
        case Utf8Problem::UnexpectedContinuation:
            return "invalid UTF-8: unexpected continuation byte " + hex_byte(lead);
        case Utf8Problem::OverlongEncoding:
            // C0 and C1 can only start overlong encodings; other leads depend on the next byte.
            return lead < 0xC2 ? "invalid UTF-8: overlong encoding (byte " + hex_byte(lead) + ")"
                               : "invalid UTF-8: overlong encoding (starting with byte " + hex_byte(lead) + ")";
        case Utf8Problem::TruncatedSequence:
            return "invalid UTF-8: truncated sequence starting with byte " + hex_byte(lead);
        case Utf8Problem::EncodedSurrogate: return "invalid UTF-8: encoded UTF-16 surrogate";
        case Utf8Problem::BeyondUnicode: return "invalid UTF-8: code point beyond U+10FFFF";
        default: return "invalid UTF-8: byte " + hex_byte(lead) + " never occurs in UTF-8";
    }
}

class Parser {
public:
    Parser(std::string_view text, JsoncDocument& doc) : text_(text), doc_(doc) {}

    void parse_document() {
        // The BOM is invisible in an editor, so it takes no column.
        if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
        skip_space();
        if (at_end()) fail("expected a JSON value, found the end of the input (the document is empty)");
        doc_.value = parse_value();
        skip_space();
        if (!at_end()) fail("unexpected text after the end of the document");
    }

private:
    std::string_view text_;
    JsoncDocument& doc_;
    std::size_t pos_ = 0;
    std::size_t line_ = 1;
    std::size_t column_ = 1;
    std::size_t depth_ = 0;
    // The JSON pointer of the value being parsed; members and elements append to it and cut it back.
    std::string path_;

    bool at_end() const { return pos_ >= text_.size(); }
    unsigned char peek(std::size_t ahead = 0) const {
        return pos_ + ahead < text_.size() ? static_cast<unsigned char>(text_[pos_ + ahead]) : 0;
    }
    Position here() const { return Position{line_, column_, pos_}; }

    // Every move goes through these three, so line and column stay right without rescanning.
    void step_ascii(std::size_t count = 1) {
        pos_ += count;
        column_ += count;
    }
    void step_code_point(std::size_t bytes) {
        pos_ += bytes;
        ++column_;
    }
    void step_line_break() {
        pos_ += (peek() == '\r' && peek(1) == '\n') ? 2 : 1;
        ++line_;
        column_ = 1;
    }

    [[noreturn]] void fail_at(Position where, const std::string& message) const {
        throw JsoncError(where, message);
    }
    [[noreturn]] void fail(const std::string& message) const { fail_at(here(), message); }
    [[noreturn]] void fail_expected(const std::string& expected, const char* hint = nullptr) const {
        std::string message = "expected " + expected + ", found " + describe_here();
        if (hint != nullptr) message += hint;
        fail(message);
    }

    // Validates the UTF-8 sequence at pos_ and returns its length; throws at its first byte if malformed.
    std::size_t utf8_length() const {
        const auto decoded = connectel::utf8::decode(text_, pos_);
        if (decoded.length != 0) return decoded.length;
        fail(utf8_problem_message(decoded.problem, peek()));
    }

    // What stands at pos_, for "found ..." in messages; a whole word, so "found 'NaN'", not "found 'N'".
    std::string describe_here() const {
        if (at_end()) return "the end of the input";
        const unsigned char c = peek();
        if (is_word_char(c)) {
            std::size_t length = 1;
            while (length < 24 && is_word_char(peek(length))) ++length;
            std::string word(text_.substr(pos_, length));
            if (is_word_char(peek(length))) word += "...";
            return "'" + word + "'";
        }
        if (c >= 0x80) {
            // With its code point, since it may be invisible (a no-break space, a stray BOM).
            const std::size_t length = utf8_length();
            const char32_t cp = connectel::utf8::decode(text_, pos_).code_point;
            return "'" + std::string(text_.substr(pos_, length)) + "' (" + code_point_name(cp) + ")";
        }
        if (c < 0x20 || c == 0x7F) return "the control character " + code_point_name(c);
        if (c == '\'') return "\"'\"";
        return std::string("'") + static_cast<char>(c) + "'";
    }

    void skip_space() {
        while (!at_end()) {
            const unsigned char c = peek();
            if (c == ' ' || c == '\t') {
                step_ascii();
            } else if (c == '\n' || c == '\r') {
                step_line_break();
            } else if (c == '/') {
                skip_comment();
            } else {
                return;
            }
        }
    }

    void skip_comment() {
        const Position start = here();
        if (peek(1) == '/') {
            step_ascii(2);
            // The line break itself is left to skip_space.
            while (!at_end() && peek() != '\n' && peek() != '\r') step_code_point(utf8_length());
        } else if (peek(1) == '*') {
            step_ascii(2);
            while (true) {
                if (at_end()) fail_at(start, "unterminated /* comment");
                const unsigned char c = peek();
                if (c == '*' && peek(1) == '/') {
                    step_ascii(2);
                    return;
                }
                if (c == '\n' || c == '\r') {
                    step_line_break();
                } else {
                    step_code_point(utf8_length());
                }
            }
        } else {
            fail("a '/' must start a // or /* comment");
        }
    }

    // `expected` names what may stand here, for the message when nothing that starts a value does.
    Json parse_value(const char* expected = "a value") {
        doc_.value_positions.emplace(path_, here());
        const unsigned char c = peek();
        if (c == '{') return parse_object();
        if (c == '[') return parse_array();
        if (c == '"') return Json(parse_string());
        if (c == '-' || is_digit(c)) return parse_number();
        if (c == '+') fail("invalid number: a leading '+' is not allowed");
        if (c == '.') fail("invalid number: a digit must come before the '.'");
        if (is_word_char(c)) {
            std::size_t length = 0;
            while (is_word_char(peek(length))) ++length;
            const std::string_view word = text_.substr(pos_, length);
            Json literal;
            if (word == "true") {
                literal = true;
            } else if (word == "false") {
                literal = false;
            } else if (word != "null") {
                fail_expected(expected);
            }
            step_ascii(length);
            return literal;
        }
        if (c == '\'') fail_expected(expected, " (strings take double quotes)");
        fail_expected(expected);
    }

    void enter(Position opening) {
        if (depth_ == kMaxDepth) {
            fail_at(opening, "nesting deeper than " + std::to_string(kMaxDepth) + " levels");
        }
        ++depth_;
    }

    Json parse_object() {
        enter(here());
        step_ascii();  // '{'
        Json::object_t members;
        // Appending to the underlying vector: ordered_map's own insert scans every key, which is quadratic,
        // and duplicates are already ruled out below.
        auto& member_list = static_cast<Json::object_t::Container&>(members);
        std::unordered_set<std::string> seen;  // filled only once the object outgrows a linear scan
        const std::size_t prefix = path_.size();
        skip_space();
        while (peek() != '}') {
            if (peek() != '"') {
                const unsigned char c = peek();
                const bool bare = is_word_char(c) || c == '\'';
                fail_expected("a string key or '}'", bare ? " (keys take double quotes)" : nullptr);
            }
            const Position key_position = here();
            std::string key = parse_string();
            if (is_duplicate(member_list, seen, key)) {
                fail_at(key_position, "duplicate key " + json_quoted(key));
            }
            append_pointer_token(path_, key);
            doc_.key_positions.emplace(path_, key_position);
            skip_space();
            if (peek() != ':') fail_expected("':' after an object key");
            step_ascii();
            skip_space();
            Json value = parse_value();
            member_list.emplace_back(std::move(key), std::move(value));
            path_.resize(prefix);
            end_item('}', "',' or '}' after an object member");
        }
        step_ascii();  // '}'
        --depth_;
        return Json(std::move(members));  // moved in whole, with child links set as JSON_DIAGNOSTICS needs
    }

    static bool is_duplicate(const Json::object_t::Container& members, std::unordered_set<std::string>& seen,
                             const std::string& key) {
        if (members.size() < kLinearDuplicateScan) {
            for (const auto& member : members) {
                if (member.first == key) return true;
            }
            return false;
        }
        if (seen.empty()) {
            for (const auto& member : members) seen.insert(member.first);
        }
        return !seen.insert(key).second;
    }

    // After an object member or array element: a ',' (which a closing bracket may follow, as trailing
    // commas are allowed) or the closing bracket itself.
    void end_item(char close, const char* expected) {
        skip_space();
        if (peek() == ',') {
            step_ascii();
            skip_space();
        } else if (peek() != close) {
            fail_expected(expected);
        }
    }

    Json parse_array() {
        enter(here());
        step_ascii();  // '['
        Json array(Json::value_t::array);
        const std::size_t prefix = path_.size();
        std::size_t index = 0;
        skip_space();
        while (peek() != ']') {
            path_ += '/';
            path_ += std::to_string(index++);
            array.push_back(parse_value("a value or ']'"));
            path_.resize(prefix);
            end_item(']', "',' or ']' after an array element");
        }
        step_ascii();  // ']'
        --depth_;
        return array;
    }

    // Reads the four hex digits after "\u" at pos_ (which is on the backslash); -1 if they are not there.
    long read_hex4() const {
        long value = 0;
        for (std::size_t i = 2; i < 6; ++i) {
            const int digit = hex_value(peek(i));
            if (digit < 0) return -1;
            value = value * 16 + digit;
        }
        return value;
    }

    std::string parse_string() {
        const Position opening = here();
        step_ascii();  // '"'
        std::string out;
        std::size_t run_start = pos_;  // plain bytes are copied in runs, not one by one
        while (true) {
            if (at_end()) fail_at(opening, "unterminated string");
            const unsigned char c = peek();
            if (c == '"' || c == '\\') {
                out.append(text_.data() + run_start, pos_ - run_start);
                if (c == '"') break;
                parse_escape(out, opening);
                run_start = pos_;
            } else if (c == '\n' || c == '\r') {
                // Almost always a forgotten closing quote, so point at the string rather than the line end.
                fail_at(opening, "unterminated string (a line break inside a string must be written as \\n)");
            } else if (c < 0x20) {
                fail("control character in string; write it as an escape");
            } else if (c < 0x80) {
                step_ascii();
            } else {
                step_code_point(utf8_length());
            }
        }
        step_ascii();  // '"'
        return out;
    }

    void parse_escape(std::string& out, Position opening) {
        const Position backslash = here();
        if (pos_ + 1 >= text_.size()) fail_at(opening, "unterminated string");
        const unsigned char c = peek(1);
        const char simple = simple_escape(c);
        if (simple == 0 && c != 'u') {
            if (c >= 0x20 && c < 0x7F) {
                fail(std::string("invalid escape '\\") + static_cast<char>(c) + "' in string");
            }
            fail("invalid escape in string: a '\\' must be followed by one of \"\\/bfnrtu");
        }
        if (simple != 0) {
            out += simple;
            step_ascii(2);
            return;
        }
        const long unit = read_hex4();
        if (unit < 0) fail("expected four hex digits after \\u");
        step_ascii(6);
        std::uint32_t cp = static_cast<std::uint32_t>(unit);
        if (cp >= 0xDC00 && cp <= 0xDFFF) {
            fail_at(backslash, "lone low surrogate \\u" + std::string(text_.substr(backslash.offset + 2, 4)) +
                                   " in string (it must follow a high surrogate \\uD800-\\uDBFF)");
        }
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            const long low = (peek() == '\\' && peek(1) == 'u') ? read_hex4() : -1;
            if (low < 0xDC00 || low > 0xDFFF) {
                fail_at(backslash, "lone high surrogate \\u" +
                                       std::string(text_.substr(backslash.offset + 2, 4)) +
                                       " in string (it must be followed by a low surrogate \\uDC00-\\uDFFF)");
            }
            step_ascii(6);
            cp = 0x10000 + ((cp - 0xD800) << 10) + (static_cast<std::uint32_t>(low) - 0xDC00);
        }
        connectel::utf8::append(out, cp);
    }

    Json parse_number() {
        const Position start = here();
        const bool negative = peek() == '-';
        if (negative) step_ascii();
        if (!is_digit(peek())) fail_expected("a digit after '-'");
        if (peek() == '0' && is_digit(peek(1))) {
            fail_at(start, "invalid number: leading zeros are not allowed");
        }
        while (is_digit(peek())) step_ascii();
        bool integral = true;
        if (peek() == '.') {
            integral = false;
            step_ascii();
            if (!is_digit(peek())) fail_expected("a digit after the decimal point");
            while (is_digit(peek())) step_ascii();
        }
        if (peek() == 'e' || peek() == 'E') {
            integral = false;
            step_ascii();
            if (peek() == '+' || peek() == '-') step_ascii();
            if (!is_digit(peek())) fail_expected("a digit in the exponent");
            while (is_digit(peek())) step_ascii();
        }
        const std::string_view literal = text_.substr(start.offset, pos_ - start.offset);
        if (integral) {
            // The same types nlohmann::json::parse picks, so a parsed document compares equal to its output.
            std::uint64_t magnitude = 0;
            bool fits = true;
            for (std::size_t i = negative ? 1 : 0; i < literal.size() && fits; ++i) {
                const auto digit = static_cast<std::uint64_t>(literal[i] - '0');
                if (magnitude > (std::numeric_limits<std::uint64_t>::max() - digit) / 10) {
                    fits = false;
                } else {
                    magnitude = magnitude * 10 + digit;
                }
            }
            if (fits && !negative) return Json(magnitude);
            constexpr auto int64_max = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
            if (fits && magnitude <= int64_max) return Json(-static_cast<std::int64_t>(magnitude));
            if (fits && magnitude == int64_max + 1) return Json(std::numeric_limits<std::int64_t>::min());
        }
        // strtod reads the locale's decimal point, so swap it in for '.' (as nlohmann does).
        std::string buffer(literal);
        const char decimal_point = *std::localeconv()->decimal_point;
        if (decimal_point != '.') {
            for (char& ch : buffer) {
                if (ch == '.') ch = decimal_point;
            }
        }
        const double value = std::strtod(buffer.c_str(), nullptr);
        if (!std::isfinite(value))
            fail_at(start, "number out of range: " + connectel::excerpt(literal));
        return Json(value);
    }
};

}  // namespace

JsoncDocument parse_jsonc(std::string_view text) {
    JsoncDocument doc;
    Parser(text, doc).parse_document();
    return doc;
}

}  // namespace sim::jsonc
