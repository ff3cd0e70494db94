// Small builders for test texts: repetition and concatenation of UTF-8 pieces.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace connectel_tests {

inline std::string repeat(std::string_view piece, std::size_t times) {
    std::string out;
    out.reserve(piece.size() * times);
    for (std::size_t i = 0; i < times; ++i) out += piece;
    return out;
}

}  // namespace connectel_tests
