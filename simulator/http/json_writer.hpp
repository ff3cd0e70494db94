// A streaming JSON writer for the hot responses (send, bulk send): the same bytes as
// nlohmann::json(value).dump() (sorted keys, the same escapes; a test holds them equal) without
// building a tree of maps and strings first, which costs more than the rest of a send.
#pragma once

#include <charconv>
#include <string>
#include <string_view>

#include "connectel/api/responses.hpp"
#include "connectel/utf8.hpp"

namespace sim::http {

class JsonWriter {
public:
    explicit JsonWriter(std::string& out) : out_(out) {}

    void begin_object() { open('{'); }
    void end_object() { close('}'); }
    void begin_array() { open('['); }
    void end_array() { close(']'); }

    // A member's key: members must come in sorted order, as nlohmann writes them.
    void key(std::string_view name) {
        separate();
        quoted(name);
        out_ += ':';
        after_key_ = true;
    }

    // Text that is valid UTF-8 (see all_valid); escaped as nlohmann does.
    void string(std::string_view text) {
        separate();
        quoted(text);
    }

    void number(long long value) {
        separate();
        char digits[24];
        const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
        out_.append(digits, end);
    }

    static bool all_valid(std::initializer_list<std::string_view> texts) {
        for (std::string_view t : texts)
            if (!connectel::utf8::is_valid(t)) return false;
        return true;
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

// The single-send response, as to_json(SendResponse) then dump() would write it.
inline bool write_send_response(std::string& out, const connectel::api::SendResponse& r) {
    if (!JsonWriter::all_valid({r.href, r.method, r.recipient, r.requestid, r.sender, r.status.text})) return false;
    JsonWriter w(out);
    w.begin_object();
    w.key("href"), w.string(r.href);
    w.key("method"), w.string(r.method);
    w.key("recipient"), w.string(r.recipient);
    w.key("requestid"), w.string(r.requestid);
    w.key("sender"), w.string(r.sender);
    w.key("setusInt"), w.number(r.status.code);
    w.key("statusInt"), w.number(r.status.code);
    w.key("statusStr"), w.string(r.status.text);
    w.end_object();
    return true;
}

// The bulk response, as to_json(BulkSendResponse) then dump() would write it; false (and
// `out` unusable) when some text is not valid UTF-8, for the caller to use nlohmann's
// replacement instead.
inline bool write_bulk_send_response(std::string& out, const connectel::api::BulkSendResponse& r) {
    if (!JsonWriter::all_valid({r.bulkid, r.href, r.method, r.sender, r.status.text})) return false;
    out.reserve(128 + r.recipients.size() * 96);
    JsonWriter w(out);
    w.begin_object();
    w.key("bulkid"), w.string(r.bulkid);
    w.key("href"), w.string(r.href);
    w.key("method"), w.string(r.method);
    w.key("recipient"), w.begin_array();
    for (const auto& member : r.recipients) {
        if (!JsonWriter::all_valid({member.key, member.recipient})) return false;
        w.begin_object();
        w.key("key"), w.string(member.key);
        w.key("recipient"), w.string(member.recipient);
        w.key("requestid"), w.string(member.requestid);
        w.end_object();
    }
    w.end_array();
    w.key("sender"), w.string(r.sender);
    w.key("statusInt"), w.number(r.status.code);
    w.key("statusStr"), w.string(r.status.text);
    w.end_object();
    return true;
}

}  // namespace sim::http
