// Showing user text on a terminal: one line, visible control characters.
#include "terminal_text.hpp"

#include <cstdio>

namespace connectel::cli {
namespace {

// Appends `text` with its control characters escaped; `quote` too when the text is quoted.
void append_escaped(std::string& out, std::string_view text, char quote) {
    for (char c : text) {
        switch (c) {
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            case '\f':
                out += "\\f";
                break;
            case '\x1b':
                out += "\\e";
                break;
            case '\\':
                out += "\\\\";
                break;
            default:
                if (quote != '\0' && c == quote) {
                    out += '\\';
                    out += c;
                } else if (static_cast<unsigned char>(c) < 0x20 || c == '\x7f') {
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\x%02X", static_cast<unsigned char>(c));
                    out += buf;
                } else {
                    out += c;
                }
        }
    }
}

}  // namespace

std::string escape_for_terminal(std::string_view text) {
    std::string out;
    append_escaped(out, text, '\0');
    return out;
}

std::string quote_for_terminal(std::string_view text) {
    std::string out = "\"";
    append_escaped(out, text, '"');
    out += '"';
    return out;
}

}  // namespace connectel::cli
