// The scenario checker's reading helpers and their messages.
#include "jsonc/checker.hpp"

#include <algorithm>

#include "connectel/excerpt.hpp"

namespace sim::jsonc {

namespace {

std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

}  // namespace

std::string describe(const nlohmann::ordered_json& value) {
    using json = nlohmann::ordered_json;
    switch (value.type()) {
        case json::value_t::null: return "null";
        case json::value_t::boolean: return "a boolean";
        case json::value_t::string: return "a string";
        case json::value_t::array: return "an array";
        case json::value_t::object: return "an object";
        default: return "a number";
    }
}

void Checker::at_value(const std::string& pointer, std::string message) {
    problems_.push_back({position(doc_.value_positions, pointer), std::move(message)});
}

void Checker::at_key(const std::string& pointer, std::string message) {
    problems_.push_back({position(doc_.key_positions, pointer), std::move(message)});
}

bool Checker::object(const json& object, const std::string& pointer, const std::vector<std::string_view>& known,
                     std::string_view what) {
    if (!object.is_object()) {
        at_value(pointer, std::string(what) + " is an object, not " + describe(object));
        return false;
    }
    for (const auto& member : object.items()) {
        const std::string& key = member.key();
        if (std::find(known.begin(), known.end(), key) != known.end()) continue;
        std::string message = "unknown key " + json_quoted(key) + " in " + std::string(what);
        std::string_view closest;
        std::size_t best = 3;
        for (std::string_view candidate : known)
            if (const std::size_t d = edit_distance(key, candidate); d < best) best = d, closest = candidate;
        if (!closest.empty()) {
            message += "; did you mean " + json_quoted(closest) + "?";
        } else {
            message += "; known keys:";
            for (std::string_view candidate : known) message += " " + std::string(candidate);
        }
        at_key(member_pointer(pointer, key), message);
    }
    return true;
}

std::string Checker::member_pointer(const std::string& pointer, std::string_view key) {
    std::string member = pointer;
    append_pointer_token(member, key);
    return member;
}

std::optional<std::string> Checker::string(const json& object, const std::string& pointer, const char* key,
                                           bool required) {
    const auto it = object.find(key);
    if (it == object.end()) {
        if (required) at_value(pointer, std::string("missing required key ") + json_quoted(key));
        return std::nullopt;
    }
    if (!it->is_string()) {
        at_value(member_pointer(pointer, key), std::string(key) + " is a string, not " + describe(*it));
        return std::nullopt;
    }
    return it->get<std::string>();
}

std::optional<Duration> Checker::duration(const json& object, const std::string& pointer, const char* key,
                                          bool required) {
    const auto text = string(object, pointer, key, required);
    if (!text) return std::nullopt;
    const auto parsed = parse_duration(*text);
    if (!parsed)
        at_value(member_pointer(pointer, key), "bad duration " + json_quoted(*text) +
                                                   "; write it like \"250ms\", \"2s\", \"5m\" or \"48h\"");
    return parsed;
}

std::optional<std::uint64_t> Checker::whole(const json& object, const std::string& pointer, const char* key,
                                            std::uint64_t low, std::uint64_t high, bool required) {
    const auto it = object.find(key);
    if (it == object.end()) {
        if (required) at_value(pointer, std::string("missing required key ") + json_quoted(key));
        return std::nullopt;
    }
    if (!it->is_number_unsigned() || it->get<std::uint64_t>() < low || it->get<std::uint64_t>() > high) {
        at_value(member_pointer(pointer, key), std::string(key) + " is a whole number from " + std::to_string(low) +
                                                   " to " + std::to_string(high) + ", not " +
                                                   connectel::excerpt(it->dump()));
        return std::nullopt;
    }
    return it->get<std::uint64_t>();
}

std::optional<bool> Checker::boolean(const json& object, const std::string& pointer, const char* key) {
    const auto it = object.find(key);
    if (it == object.end()) return std::nullopt;
    if (!it->is_boolean()) {
        at_value(member_pointer(pointer, key), std::string(key) + " is true or false, not " + describe(*it));
        return std::nullopt;
    }
    return it->get<bool>();
}

Position Checker::position(const std::unordered_map<std::string, Position>& map, const std::string& pointer) {
    const auto it = map.find(pointer);
    return it != map.end() ? it->second : Position{};
}

}  // namespace sim::jsonc
