// The text engine's view of a message, as the control API and the web page show it: encoding,
// each segment with its text and units, the characters that forced UCS-2, and what the
// look-alike replacement (`--smart`) would send instead.
#pragma once

#include <string_view>

#include "http/control_api/streamed_json.hpp"

namespace sim::http {

// The view as JSON pieces (one segment, character or replacement each), for a streamed answer:
// a view is about 150 bytes per character of the text. Analyses `text` at once: throws
// connectel::sms::InvalidUtf8 here, not while the answer is written.
JsonPieces text_view_pieces(std::string_view text);

}  // namespace sim::http
