// Glob and regex patterns of scenario rules.
#include "scenario/pattern.hpp"

namespace sim::scenario {

namespace {

// Length in bytes of the UTF-8 sequence starting at text[i] (1 for a stray byte).
std::size_t sequence_length(std::string_view text, std::size_t i) {
    std::size_t n = 1;
    while (i + n < text.size() && (static_cast<unsigned char>(text[i + n]) & 0xC0) == 0x80) ++n;
    return n;
}

}  // namespace

bool glob_matches(std::string_view pattern, std::string_view text) {
    // Iterative matching with one backtrack point: linear for the patterns people write.
    std::size_t p = 0, t = 0;
    std::size_t star = std::string_view::npos, star_text = 0;
    while (t < text.size()) {
        if (p < pattern.size() && pattern[p] == '*') {
            star = p++;
            star_text = t;
        } else if (p < pattern.size() && pattern[p] == '?') {
            ++p;
            t += sequence_length(text, t);
        } else if (p < pattern.size() && pattern[p] == text[t]) {
            ++p;
            ++t;
        } else if (star != std::string_view::npos) {
            p = star + 1;
            star_text += sequence_length(text, star_text);
            t = star_text;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == '*') ++p;
    return p == pattern.size();
}

std::optional<Pattern> Pattern::parse(std::string_view source, std::string& error) {
    Pattern pattern;
    pattern.source_ = std::string(source);
    const std::size_t last_slash = source.rfind('/');
    const bool is_regex = source.size() >= 2 && source.front() == '/' && last_slash > 0;
    if (is_regex) {
        const std::string_view flags = source.substr(last_slash + 1);
        if (flags != "" && flags != "i") {
            error = "a regex pattern is /.../ or /.../i; unknown flags \"" + std::string(flags) + "\"";
            return std::nullopt;
        }
        const std::string body(source.substr(1, last_slash - 1));
        auto options = std::regex::ECMAScript | std::regex::optimize;
        if (flags == "i") options |= std::regex::icase;
        try {
            pattern.regex_ = std::make_shared<const std::regex>(body, options);
        } catch (const std::regex_error& e) {
            error = "bad regex /" + body + "/: " + e.what();
            return std::nullopt;
        }
        pattern.matches_everything_ = body.empty() || body == ".*";
    } else {
        pattern.glob_ = std::string(source);
        pattern.matches_everything_ = source.find_first_not_of('*') == std::string_view::npos && !source.empty();
    }
    return pattern;
}

bool Pattern::matches(std::string_view text) const {
    if (regex_) return std::regex_search(text.begin(), text.end(), *regex_);
    return glob_matches(glob_, text);
}

}  // namespace sim::scenario
