// application/x-www-form-urlencoded: the one codec for form bodies and query strings.
#pragma once

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace connectel::detail {

using FormFields = std::vector<std::pair<std::string, std::string>>;

inline int hex_value(char c) noexcept {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

// Decodes one component: '+' is a space, %XX a byte. nullopt on a malformed escape.
inline std::optional<std::string> form_decode(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '+') {
            out += ' ';
        } else if (c == '%') {
            const int hi = i + 1 < text.size() ? hex_value(text[i + 1]) : -1;
            const int lo = i + 2 < text.size() ? hex_value(text[i + 2]) : -1;
            if (hi < 0 || lo < 0) return std::nullopt;
            out += static_cast<char>(hi * 16 + lo);
            i += 2;
        } else {
            out += c;
        }
    }
    return out;
}

inline std::string form_encode(std::string_view text) {
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
inline std::optional<FormFields> parse_form(std::string_view body, std::string* bad_field = nullptr) {
    FormFields fields;
    std::size_t start = 0;
    while (start <= body.size()) {
        const std::size_t end = std::min(body.find('&', start), body.size());
        const std::string_view field = body.substr(start, end - start);
        if (!field.empty()) {
            const std::size_t eq = field.find('=');
            const std::string_view raw_name = field.substr(0, eq);
            auto name = form_decode(raw_name);
            auto value =
                form_decode(eq == std::string_view::npos ? std::string_view{} : field.substr(eq + 1));
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

inline std::string encode_form(const FormFields& fields) {
    std::string out;
    for (const auto& [name, value] : fields) {
        if (!out.empty()) out += '&';
        out += form_encode(name);
        out += '=';
        out += form_encode(value);
    }
    return out;
}

}  // namespace connectel::detail
