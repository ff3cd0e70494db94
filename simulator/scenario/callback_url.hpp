// The rules a callback url (a token's dlr.url and inbound.url) is checked against when a
// scenario loads, so that what the simulator posts to is exactly what the file says: the url
// goes into the request line as written, where a line break would start a header of its own.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sim::scenario {

// Why `url` cannot be a callback url, in words for FILE:LINE:COL: messages; nullopt when it can:
// http://HOST[:PORT][/path][?query], HOST a name, an IPv4 address or a bracketed IPv6 one, PORT
// from 1 to 65535, no user:password@, and no space or control character anywhere.
std::optional<std::string> callback_url_problem(std::string_view url);

}  // namespace sim::scenario
