// Reads JSON text into nlohmann::ordered_json through nlohmann's SAX interface instead of
// ordered_json::parse, for three reasons:
// - every problem is returned, none thrown: parse() throws parse_error for bad syntax but
//   out_of_range for a number beyond a double (1e400), which a catch of the first let escape;
// - objects are built in linear time: ordered_json's own insert compares the new key with every
//   key already there, so a 100,000-member object took seconds;
// - nesting is bounded, as whatever prints the value later (dump) recurses once per level.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "connectel/excerpt.hpp"

namespace connectel {

// Far deeper than any request of the API, far shallower than a thread's stack allows.
inline constexpr std::size_t max_json_depth = 128;

struct JsonReadProblem {
    enum class Kind { Syntax, NumberOutOfRange, TooDeep };
    Kind kind = Kind::Syntax;
    std::size_t byte = 0;  // bytes read when the parser stopped (0 for TooDeep)
    std::string member;    // the top-level member being read; empty at the root
    std::string token;     // an excerpt of the text at fault (the number, for NumberOutOfRange)
};

namespace detail {

// A SAX handler of nlohmann::json::sax_parse that builds the value. Duplicate keys keep the
// first key's place and the last value, as ordered_json::parse does.
class OrderedJsonBuilder {
public:
    using Json = nlohmann::ordered_json;

    explicit OrderedJsonBuilder(Json& root) : root_(root) {}

    bool null() { return place(Json(nullptr)); }
    bool boolean(bool value) { return place(Json(value)); }
    bool number_integer(Json::number_integer_t value) { return place(Json(value)); }
    bool number_unsigned(Json::number_unsigned_t value) { return place(Json(value)); }
    bool number_float(Json::number_float_t value, const Json::string_t&) { return place(Json(value)); }
    bool string(Json::string_t& value) { return place(Json(std::move(value))); }
    bool binary(Json::binary_t& value) { return place(Json::binary(std::move(value))); }

    bool start_object(std::size_t) { return open(true); }
    bool start_array(std::size_t) { return open(false); }

    bool key(Json::string_t& key) {
        Frame& frame = frames_.back();
        if (frames_.size() == 1) member_ = key;
        auto& members = static_cast<Json::object_t::Container&>(frame.members);
        if (const auto at = frame.find(key)) {
            frame.slot = &members[*at].second;
            return true;
        }
        if (!frame.index.empty()) frame.index.emplace(key, members.size());
        members.emplace_back(std::move(key), nullptr);
        frame.slot = &members.back().second;
        return true;
    }

    bool end_object() {
        Json value(std::move(frames_.back().members));  // whole, so its children know their parent
        frames_.pop_back();
        return place(std::move(value));
    }
    bool end_array() {
        Json value(std::move(frames_.back().elements));
        frames_.pop_back();
        return place(std::move(value));
    }

    bool parse_error(std::size_t position, const std::string& last_token, const Json::exception& error) {
        constexpr int number_overflow = 406;  // nlohmann's out_of_range.406
        problem_ = JsonReadProblem{error.id == number_overflow ? JsonReadProblem::Kind::NumberOutOfRange
                                                               : JsonReadProblem::Kind::Syntax,
                                   position, member_, excerpt(last_token)};
        return false;
    }

    const std::optional<JsonReadProblem>& problem() const { return problem_; }

private:
    struct Frame {
        bool object = false;
        Json::object_t members;
        Json::array_t elements;
        Json* slot = nullptr;  // the member whose value comes next
        // Key -> place among members, once there are too many for a scan to be cheap.
        std::unordered_map<std::string, std::size_t> index;

        std::optional<std::size_t> find(const std::string& key) {
            constexpr std::size_t scanned = 16;
            const auto& list = static_cast<const Json::object_t::Container&>(members);
            if (list.size() < scanned) {
                for (std::size_t i = 0; i < list.size(); ++i)
                    if (list[i].first == key) return i;
                return std::nullopt;
            }
            if (index.empty())
                for (std::size_t i = 0; i < list.size(); ++i) index.emplace(list[i].first, i);
            const auto it = index.find(key);
            return it == index.end() ? std::nullopt : std::optional<std::size_t>(it->second);
        }
    };

    bool open(bool object) {
        if (frames_.size() == max_json_depth) {
            problem_ = JsonReadProblem{JsonReadProblem::Kind::TooDeep, 0, member_, {}};
            return false;
        }
        frames_.emplace_back();
        frames_.back().object = object;
        return true;
    }

    bool place(Json&& value) {
        if (frames_.empty()) {
            root_ = std::move(value);
        } else if (frames_.back().object) {
            *frames_.back().slot = std::move(value);
        } else {
            frames_.back().elements.push_back(std::move(value));
        }
        return true;
    }

    Json& root_;
    std::vector<Frame> frames_;  // moving a frame keeps its containers' storage, so `slot` stays valid
    std::string member_;
    std::optional<JsonReadProblem> problem_;
};

}  // namespace detail

// Parses `text` (one JSON value, nothing after it) into `out`; the problem when it is not JSON.
inline std::optional<JsonReadProblem> read_json(std::string_view text, nlohmann::ordered_json& out) {
    detail::OrderedJsonBuilder builder(out);
    if (nlohmann::ordered_json::sax_parse(text, &builder)) return std::nullopt;
    return builder.problem().value_or(JsonReadProblem{});  // it stops only when the builder says why
}

// A problem in the words of the API's error messages: "malformed JSON at byte 12: ...".
inline std::string describe_json_problem(const JsonReadProblem& problem) {
    switch (problem.kind) {
        case JsonReadProblem::Kind::NumberOutOfRange:
            return (problem.member.empty() ? std::string("the body") : excerpt(problem.member)) +
                   " holds a number out of range: " + problem.token;
        case JsonReadProblem::Kind::TooDeep:
            return "the JSON nests deeper than " + std::to_string(max_json_depth) + " levels";
        case JsonReadProblem::Kind::Syntax:
            break;
    }
    return "malformed JSON at byte " + std::to_string(problem.byte) + ": the body is not valid JSON";
}

}  // namespace connectel
