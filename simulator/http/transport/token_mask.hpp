// Masking tokens in what the request journal shows (GET /_sim/requests, the page's request
// log), by where a token stands rather than by its text: replacing the text wherever it occurs
// turned the token "a" into "****uthoriz****tion", and left bodies the gateway never read (415,
// malformed JSON) in clear. What is masked as "****":
// - the value of the `authorization` member of a JSON body (at its top level), and of the
//   `authorization` field of a form body or a query string (names in any case);
// - in a body that does not parse as its Content-Type says, the value written after an
//   authorization key, as JSON ("authorization": "...") or a form (authorization=...) writes it;
// - any of `tokens` (the request's own and the scenario's) standing as a whole value: a JSON
//   string, a form value or a path segment that is exactly the token. Inside other text a token
//   is left alone, as it cannot be told from the text around it.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace sim::http {

inline constexpr std::string_view token_mask = "****";

using Tokens = std::vector<std::string>;

// A parsed JSON body or form (an object of fields), masked in place.
void mask_parsed(nlohmann::json& value, const Tokens& tokens);

// A body as text, when it does not parse.
std::string mask_unparsed(std::string_view text, const Tokens& tokens);

// A request path: segments that are a token.
std::string mask_path(std::string_view path, const Tokens& tokens);

}  // namespace sim::http
