// Finds the tokens' strings through the parsed document and its positions, so that only whole
// string values are masked: never a key, a comment, or a token's text inside a longer string.
#include "scenario/masked_source.hpp"

#include <algorithm>
#include <utility>

#include "replace_ranges.hpp"

namespace sim::scenario {

using namespace jsonc;  // the document reader and checker this file reads the scenario with

namespace {

using Ranges = TextRanges;  // string contents

// The contents of the string literal whose opening quote is at `quote`.
std::pair<std::size_t, std::size_t> literal_contents(std::string_view text, std::size_t quote) {
    std::size_t end = quote + 1;
    while (end < text.size() && text[end] != '"') end += text[end] == '\\' ? 2 : 1;
    return {quote + 1, std::min(end, text.size())};
}

void collect(const nlohmann::ordered_json& value, std::string& pointer, std::string_view text,
             const JsoncDocument& doc, const std::vector<std::string>& tokens, Ranges& out) {
    if (value.is_string()) {
        const auto position = doc.value_positions.find(pointer);
        if (position != doc.value_positions.end() &&
            std::find(tokens.begin(), tokens.end(), value.get_ref<const std::string&>()) != tokens.end())
            out.push_back(literal_contents(text, position->second.offset));
        return;
    }
    const std::size_t prefix = pointer.size();
    if (value.is_object()) {
        for (const auto& member : value.items()) {
            append_pointer_token(pointer, member.key());
            collect(member.value(), pointer, text, doc, tokens, out);  // depth bounded by parse_jsonc
            pointer.resize(prefix);
        }
    } else if (value.is_array()) {
        for (std::size_t i = 0; i < value.size(); ++i) {
            pointer += '/' + std::to_string(i);
            collect(value[i], pointer, text, doc, tokens, out);
            pointer.resize(prefix);
        }
    }
}

}  // namespace

std::string mask_tokens_in_source(std::string_view text, const JsoncDocument& doc,
                                  const std::vector<std::string>& tokens) {
    Ranges ranges;
    std::string pointer;
    collect(doc.value, pointer, text, doc, tokens, ranges);
    return replace_ranges(text, std::move(ranges), "****");
}

}  // namespace sim::scenario
