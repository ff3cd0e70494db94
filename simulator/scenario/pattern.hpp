// A rule's pattern: a glob ("4670000*", "?" for one character) or a regex written "/.../" with
// an optional "i" flag. Globs match the whole text; a regex matches anywhere in it.
#pragma once

#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <string_view>

namespace sim::scenario {

class Pattern {
public:
    // nullopt with `error` set when a regex does not compile.
    static std::optional<Pattern> parse(std::string_view source, std::string& error);

    bool matches(std::string_view text) const;
    const std::string& source() const noexcept { return source_; }
    // True when it matches every text ("*", "/.*/"); a later rule under it can never be reached.
    bool matches_everything() const noexcept { return matches_everything_; }

private:
    std::string source_;
    std::string glob_;                    // when not a regex
    std::shared_ptr<const std::regex> regex_;  // shared: patterns are copied with the scenario
    bool matches_everything_ = false;
};

// Glob matching over code points: '*' any run, '?' exactly one character.
bool glob_matches(std::string_view pattern, std::string_view text);

}  // namespace sim::scenario
