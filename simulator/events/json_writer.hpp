// A streaming JSON writer for the hot path (the send answers, every event): the same bytes as
// nlohmann::json(value).dump() (the same escapes) without building a tree of maps and strings
// first, which costs more than the rest of a send. Driven by a record's field list
// (events/field_json.hpp), never by hand.
#pragma once

#include <charconv>
#include <string>
#include <string_view>

#include "connectel/utf8.hpp"

namespace sim::events {

class JsonWriter {
public:
    explicit JsonWriter(std::string& out) : out_(out) {}

    void begin_object() { open('{'); }
    void end_object() { close('}'); }
    void begin_array() { open('['); }
    void end_array() { close(']'); }

    // A member's key: members must come in sorted order to match nlohmann (field_json.hpp checks).
    void key(std::string_view name) {
        separate();
        quoted(name);
        out_ += ':';
        after_key_ = true;
    }

    // Text that is valid UTF-8 (see valid()); escaped as nlohmann does.
    void string(std::string_view text) {
        separate();
        quoted(text);
    }

    // Any integer, signed or not, as nlohmann writes it: all 20 digits of a std::uint64_t.
    template <class Integer>
    void number(Integer value) {
        separate();
        char digits[24];
        const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
        out_.append(digits, end);
    }

    void boolean(bool value) {
        separate();
        out_ += value ? "true" : "false";
    }
    void null() {
        separate();
        out_ += "null";
    }
    // A value already written as JSON (a number nlohmann formatted, a parsed payload).
    void raw(std::string_view json) {
        separate();
        out_ += json;
    }

    static bool valid(std::string_view text) {
        return connectel::utf8::is_valid(text);
    }

private:
    void quoted(std::string_view text) {
        out_ += '"';
        // Runs of characters that need no escape go in one append: most texts are all one run.
        std::size_t run = 0;
        for (std::size_t i = 0; i < text.size(); ++i) {
            const char c = text[i];
            if (static_cast<unsigned char>(c) >= 0x20 && c != '"' && c != '\\') continue;
            out_.append(text.data() + run, i - run);
            run = i + 1;
            escape(c);
        }
        out_.append(text.data() + run, text.size() - run);
        out_ += '"';
    }

    void escape(char c) {
        switch (c) {
            case '"': out_ += "\\\""; break;
            case '\\': out_ += "\\\\"; break;
            case '\b': out_ += "\\b"; break;
            case '\f': out_ += "\\f"; break;
            case '\n': out_ += "\\n"; break;
            case '\r': out_ += "\\r"; break;
            case '\t': out_ += "\\t"; break;
            default: {
                static constexpr char hex[] = "0123456789abcdef";
                out_ += "\\u00";
                out_ += hex[(c >> 4) & 0xF];
                out_ += hex[c & 0xF];
            }
        }
    }

    void open(char c) {
        separate();
        out_ += c;
        first_ = true;
    }
    void close(char c) {
        out_ += c;
        first_ = false;
    }
    void separate() {
        if (after_key_) {
            after_key_ = false;
            return;
        }
        if (!first_) out_ += ',';
        first_ = false;
    }

    std::string& out_;
    bool first_ = true;
    bool after_key_ = false;
};

}  // namespace sim::events
