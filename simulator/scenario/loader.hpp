// Reads a scenario file (JSON with comments) into the model, reporting every problem with its
// line and column, so `connectel-sim` can refuse a bad file with messages an editor understands.
#pragma once

#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "jsonc/checker.hpp"
#include "jsonc/jsonc.hpp"
#include "scenario/scenario.hpp"

namespace sim::scenario {

// A scenario's problems are those its document checker found, each at its LINE:COL.
using jsonc::Problem;

struct ParseResult {
    Scenario scenario;  // meaningful only when problems is empty
    std::vector<Problem> problems;
};

// Never throws for bad input: every problem found is listed, in source order.
ParseResult parse_scenario(std::string_view text);

// "SOURCE:LINE:COL: message"
std::string format_problem(std::string_view source, const Problem& problem);

// A scenario that cannot be used; what() holds one formatted problem per line.
class ScenarioError : public std::runtime_error {
public:
    explicit ScenarioError(std::vector<std::string> lines);
    const std::vector<std::string>& lines() const noexcept { return lines_; }

private:
    std::vector<std::string> lines_;
};

// A token's callback settings as PUT /_sim/tokens/... takes them, checked as a scenario's
// tokens[] entry is: {"dlr": {"url", "format"}, "inbound": {"url", "format", "numbers"}}, each
// optional. `owner_of(number)` says which other token has a number already, if one.
struct TokenCallbacksResult {
    TokenCallbacks callbacks;  // meaningful only when problems is empty
    std::vector<Problem> problems;
};
TokenCallbacksResult parse_token_callbacks(std::string_view text,
                                           const std::function<std::optional<std::string>(const std::string&)>& owner_of);

// Throw ScenarioError naming `source` (a file name) in each line.
Scenario load_scenario(std::string_view text, std::string_view source);
Scenario load_scenario_file(const std::string& path);

}  // namespace sim::scenario
