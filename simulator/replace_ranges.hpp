// Rebuilds a text with some of its byte ranges replaced: how tokens are masked in a request
// body (http/transport/token_mask.cpp) and in a scenario's source (scenario/masked_source.cpp).
#pragma once

#include <algorithm>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sim {

using TextRanges = std::vector<std::pair<std::size_t, std::size_t>>;  // [begin, end)

// Each range by `replacement`, once, in text order; overlapping ranges count as their union.
inline std::string replace_ranges(std::string_view text, TextRanges ranges, std::string_view replacement) {
    std::sort(ranges.begin(), ranges.end());
    std::string out;
    std::size_t copied = 0;
    for (const auto& [begin, end] : ranges) {
        if (end <= copied) continue;
        if (begin >= copied) {
            out.append(text.substr(copied, begin - copied));
            out.append(replacement);
        }
        copied = end;
    }
    out.append(text.substr(copied));
    return out;
}

}  // namespace sim
