// The text engine's view of a message, as the control API and the web page show it: encoding,
// each segment with its text and units, the characters that forced UCS-2, and what the
// look-alike replacement (`--smart`) would send instead.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

namespace sim::http {

// `text` must be valid UTF-8 (every stored message is).
nlohmann::json text_view(std::string_view text);

}  // namespace sim::http
