// Showing user text on a terminal: one line, visible control characters (a character's
// U+XXXX name is connectel::sms::code_point_name).
#pragma once

#include <string>
#include <string_view>

namespace connectel::cli {

// `text` on one line: \n, \r, \t, \f, \e (ESC), \\ and any other control character (\xNN)
// escaped. Non-ASCII characters pass through.
std::string escape_for_terminal(std::string_view text);

// The same in double quotes, \" escaped too, so that a segment's boundaries are visible.
std::string quote_for_terminal(std::string_view text);

}  // namespace connectel::cli
