// application/x-www-form-urlencoded: the one codec for form bodies and query strings (the
// vendor API's form requests and callbacks, the control API's query strings).
#pragma once

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace connectel::form {

// Decoded name=value pairs in the order written; a name may repeat.
using Fields = std::vector<std::pair<std::string, std::string>>;

namespace detail {

inline int hex_value(char c) noexcept {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

}  // namespace detail

// Decodes one component: '+' is a space, %XX a byte. nullopt on a malformed escape.
inline std::optional<std::string> decode_component(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '+') {
            out += ' ';
        } else if (c == '%') {
            const int hi = i + 1 < text.size() ? detail::hex_value(text[i + 1]) : -1;
            const int lo = i + 2 < text.size() ? detail::hex_value(text[i + 2]) : -1;
            if (hi < 0 || lo < 0) return std::nullopt;
            out += static_cast<char>(hi * 16 + lo);
            i += 2;
        } else {
            out += c;
        }
    }
    return out;
}

// Encodes one component: unreserved bytes (RFC 3986) as they are, a space as '+', the rest %XX.
inline std::string encode_component(std::string_view text) {
    static constexpr char digits[] = "0123456789ABCDEF";
    std::string out;
    for (const char c : text) {
        const auto b = static_cast<unsigned char>(c);
        if ((b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') || b == '-' ||
            b == '.' || b == '_' || b == '~') {
            out += c;
        } else if (b == ' ') {
            out += '+';
        } else {
            out += '%';
            out += digits[b >> 4];
            out += digits[b & 0x0F];
        }
    }
    return out;
}

// Splits "a=1&b=2" into decoded pairs, in order (a name may repeat). A field without '=' has an
// empty value; empty fields ("a=1&&b=2") are skipped. nullopt on a malformed escape, with the
// offending field's name (as written) in `bad_field`.
inline std::optional<Fields> parse(std::string_view body, std::string* bad_field = nullptr) {
    Fields fields;
    std::size_t start = 0;
    while (start <= body.size()) {
        const std::size_t end = std::min(body.find('&', start), body.size());
        const std::string_view field = body.substr(start, end - start);
        if (!field.empty()) {
            const std::size_t eq = field.find('=');
            const std::string_view raw_name = field.substr(0, eq);
            auto name = decode_component(raw_name);
            auto value =
                decode_component(eq == std::string_view::npos ? std::string_view{} : field.substr(eq + 1));
            if (!name || !value) {
                if (bad_field) *bad_field = std::string(raw_name);
                return std::nullopt;
            }
            fields.emplace_back(std::move(*name), std::move(*value));
        }
        start = end + 1;
    }
    return fields;
}

// "a=1&b=2": the fields in order, each name and value encoded.
inline std::string encode(const Fields& fields) {
    std::string out;
    for (const auto& [name, value] : fields) {
        if (!out.empty()) out += '&';
        out += encode_component(name);
        out += '=';
        out += encode_component(value);
    }
    return out;
}

}  // namespace connectel::form
