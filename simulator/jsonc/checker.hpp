// Checks a scenario file's values as they are read, reporting each problem at its FILE:LINE:COL,
// with the nearest known key for a misspelt one. Shared by the loader and the faults' readers.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "clock/sim_time.hpp"
#include "jsonc/jsonc.hpp"

namespace sim::jsonc {

struct Problem {
    Position where;
    std::string message;
};

// "null", "a boolean", "a string", "an array", "an object" or "a number": for messages.
std::string describe(const nlohmann::ordered_json& value);

// Walks the document, collecting problems with positions from the JSONC parser.
class Checker {
public:
    using json = nlohmann::ordered_json;

    Checker(const JsoncDocument& doc, std::vector<Problem>& problems) : doc_(doc), problems_(problems) {}

    void at_value(const std::string& pointer, std::string message);
    void at_key(const std::string& pointer, std::string message);

    // Reports members of `object` not in `known` (suggesting the nearest known key, else listing
    // them all); false when `object` is not an object.
    bool object(const json& object, const std::string& pointer, const std::vector<std::string_view>& known,
                std::string_view what);

    static std::string member_pointer(const std::string& pointer, std::string_view key);

    // A string member; reports a wrong type, or absence when `required`.
    std::optional<std::string> string(const json& object, const std::string& pointer, const char* key,
                                      bool required = false);
    // A duration member ("250ms", "2s", ...); reports a bad one, or absence when `required`.
    std::optional<Duration> duration(const json& object, const std::string& pointer, const char* key,
                                     bool required = false);
    // A whole number member in [low, high].
    std::optional<std::uint64_t> whole(const json& object, const std::string& pointer, const char* key,
                                       std::uint64_t low, std::uint64_t high, bool required = false);
    std::optional<bool> boolean(const json& object, const std::string& pointer, const char* key);

    std::size_t problem_count() const { return problems_.size(); }

private:
    static Position position(const std::unordered_map<std::string, Position>& map, const std::string& pointer);

    const JsoncDocument& doc_;
    std::vector<Problem>& problems_;
};

}  // namespace sim::jsonc
