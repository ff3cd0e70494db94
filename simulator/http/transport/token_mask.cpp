// Token masking by position: in parsed values by member, in unparsed text by the syntax around
// the value (ranges to mask are collected first, then the text is rebuilt once).
#include "http/transport/token_mask.hpp"

#include <algorithm>
#include <utility>

#include "connectel/form.hpp"
#include "http/ascii_lower.hpp"
#include "replace_ranges.hpp"

namespace sim::http {

namespace {

constexpr std::string_view authorization = "authorization";
constexpr std::string_view blanks = " \t\r\n";

using Ranges = TextRanges;

void mask_whole_strings(nlohmann::json& value, const Tokens& tokens) {
    if (value.is_string()) {
        if (std::find(tokens.begin(), tokens.end(), value.get_ref<const std::string&>()) != tokens.end())
            value = token_mask;
        return;
    }
    if (!value.is_structured()) return;  // a number or literal iterates as itself
    for (auto& child : value)
        mask_whole_strings(child, tokens);  // bounded: bodies are read with max_json_depth
}

// After `"authorization"` (any case) and a colon: the string's contents up to its closing quote
// (or the end of a cut-off body), or a bare value up to the next delimiter.
void json_authorization_values(std::string_view text, const std::string& lowered, Ranges& out) {
    const std::string key = "\"" + std::string(authorization) + "\"";
    for (auto at = lowered.find(key); at != std::string::npos; at = lowered.find(key, at + 1)) {
        std::size_t p = text.find_first_not_of(blanks, at + key.size());
        if (p == std::string_view::npos || text[p] != ':') continue;
        p = text.find_first_not_of(blanks, p + 1);
        if (p == std::string_view::npos) continue;
        std::size_t end = p;
        if (text[p] == '"') {
            for (end = ++p; end < text.size() && text[end] != '"'; ++end)
                if (text[end] == '\\') ++end;
            end = std::min(end, text.size());
        } else {
            end = std::min(text.find_first_of(",}] \t\r\n", p), text.size());
        }
        if (end > p) out.emplace_back(p, end);
    }
}

// `authorization=...` at the start of the text or after a '&': the value up to the next '&'.
void form_authorization_values(std::string_view text, const std::string& lowered, Ranges& out) {
    const std::string key = std::string(authorization) + "=";
    for (auto at = lowered.find(key); at != std::string::npos; at = lowered.find(key, at + 1)) {
        if (at != 0 && text[at - 1] != '&') continue;
        const std::size_t begin = at + key.size();
        const std::size_t end = std::min(text.find('&', begin), text.size());
        if (end > begin) out.emplace_back(begin, end);
    }
}

// `needle` where it is the whole of a JSON string ("...") or of a form value (=...& or &...&).
void whole_values(std::string_view text, const std::string& needle, Ranges& out) {
    if (needle.empty()) return;
    for (auto at = text.find(needle); at != std::string_view::npos; at = text.find(needle, at + 1)) {
        const std::size_t end = at + needle.size();
        const char before = at == 0 ? '&' : text[at - 1];
        const char after = end == text.size() ? '&' : text[end];
        if ((before == '"' && after == '"') || ((before == '=' || before == '&') && after == '&'))
            out.emplace_back(at, end);
    }
}

std::string json_escaped(const std::string& token) {
    const std::string quoted =
        nlohmann::json(token).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return quoted.substr(1, quoted.size() - 2);
}

}  // namespace

void mask_parsed(nlohmann::json& value, const Tokens& tokens) {
    if (value.is_object())
        for (auto& [key, member] : value.items())
            if (ascii_lower(key) == authorization) member = token_mask;
    mask_whole_strings(value, tokens);
}

std::string mask_unparsed(std::string_view text, const Tokens& tokens) {
    const std::string lowered = ascii_lower(text);
    Ranges ranges;
    json_authorization_values(text, lowered, ranges);
    form_authorization_values(text, lowered, ranges);
    for (const auto& token : tokens) {
        whole_values(text, token, ranges);
        whole_values(text, json_escaped(token), ranges);
        whole_values(text, connectel::form::encode_component(token), ranges);
    }
    return replace_ranges(text, std::move(ranges), token_mask);
}

std::string mask_path(std::string_view path, const Tokens& tokens) {
    std::string out;
    std::size_t start = 0;
    while (start <= path.size()) {
        const std::size_t end = std::min(path.find('/', start), path.size());
        const std::string segment(path.substr(start, end - start));
        const bool token =
            !segment.empty() && std::any_of(tokens.begin(), tokens.end(), [&](const std::string& t) {
                return t == segment || connectel::form::encode_component(t) == segment;
            });
        out.append(token ? std::string(token_mask) : segment);
        if (end < path.size()) out += '/';
        start = end + 1;
    }
    return out;
}

}  // namespace sim::http
