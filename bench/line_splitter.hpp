// Splits a byte stream into lines as its reads come: each complete line (without its '\n') goes
// to the caller, and a line that a read cut is kept until the next read completes it. Only line
// ends are looked for, with memchr: a benchmark's stream readers share the cores with the server
// they measure, and should cost them as little as a browser's network stack does.
#pragma once

#include <cstring>
#include <string>
#include <string_view>

namespace bench {

class LineSplitter {
public:
    template <typename TakeLine>
    void feed(std::string_view chunk, TakeLine take_line) {
        const char* line = chunk.data();
        const char* const end = line + chunk.size();
        while (const void* found = std::memchr(line, '\n', static_cast<std::size_t>(end - line))) {
            const char* const newline = static_cast<const char*>(found);
            if (partial_.empty()) {
                take_line(std::string_view(line, static_cast<std::size_t>(newline - line)));
            } else {
                partial_.append(line, newline);
                take_line(std::string_view(partial_));
                partial_.clear();
            }
            line = newline + 1;
        }
        partial_.append(line, end);
    }

private:
    std::string partial_;  // the start of a line the last read cut
};

}  // namespace bench
