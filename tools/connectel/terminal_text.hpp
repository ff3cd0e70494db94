// Showing user text on a terminal: one line, visible control characters (a character's
// U+XXXX name is connectel::sms::code_point_name).
#pragma once

#include <string>
#include <string_view>

namespace connectel::cli {

// `text` in double quotes, with \n, \r, \t, \f, \e (ESC), \" and \\ escaped so that a segment
// stays on one line and its boundaries are visible. Non-ASCII characters pass through.
std::string quote_for_terminal(std::string_view text);

}  // namespace connectel::cli
