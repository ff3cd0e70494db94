// Reading a fuzz input that is text with lines: the seed corpora stay readable, and libFuzzer's
// mutations of a line (a header, the Content-Type) stay in that line.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace fuzz {

struct LineAndRest {
    std::string_view line;  // without its "\n" or "\r\n"
    std::string_view rest;  // after the "\n"; empty when there is none
};

inline LineAndRest first_line_and_rest(std::string_view text) {
    const std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    return {line, end == std::string_view::npos ? std::string_view() : text.substr(end + 1)};
}

inline LineAndRest first_line_and_rest(const std::uint8_t* data, std::size_t size) {
    return first_line_and_rest(std::string_view(reinterpret_cast<const char*>(data), size));
}

}  // namespace fuzz
