// A scenario file's text as the simulator shows it (GET /_sim/scenario, the page's Scenario
// view): the tokens it lists are secrets of the application under test, so each string in the
// file whose value is one of them (a token's "token", a rule's "match": {"token": ...}) shows
// as "****". Everything else, comments and layout included, is the file as written.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "jsonc/jsonc.hpp"

namespace sim::scenario {

// `doc` is `text` parsed.
std::string mask_tokens_in_source(std::string_view text, const jsonc::JsoncDocument& doc,
                                  const std::vector<std::string>& tokens);

}  // namespace sim::scenario
