// read_json: nlohmann's parser with every problem returned (none thrown), objects in written
// order built in linear time, and nesting bounded.
#include <doctest/doctest.h>

#include <string>

#include "connectel/json_reader.hpp"

using connectel::JsonReadProblem;
using connectel::read_json;
using Json = nlohmann::ordered_json;

TEST_CASE("read_json gives the same value as ordered_json::parse, keys in written order") {
    const std::string text =
        R"({"b": [1, -2, 3.5, true, null, "x"], "a": {"z": {}, "y": []}, "c": "\u00e9"})";
    Json read;
    REQUIRE_FALSE(read_json(text, read));
    CHECK(read == Json::parse(text));
    CHECK(read.dump() == Json::parse(text).dump());  // the same order, not only the same members
    Json scalar;
    REQUIRE_FALSE(read_json("42", scalar));
    CHECK(scalar == 42);
}

TEST_CASE("a repeated key keeps its first place and its last value, as ordered_json::parse does") {
    for (int members : {3, 40}) {  // below and beyond the linear scan for duplicates
        std::string text = "{\"dup\": 1";
        for (int i = 0; i < members; ++i) text += ", \"k" + std::to_string(i) + "\": " + std::to_string(i);
        text += ", \"dup\": 2}";
        Json read;
        REQUIRE_FALSE(read_json(text, read));
        CHECK(read.dump() == Json::parse(text).dump());
        CHECK(read.begin().key() == "dup");
        CHECK(read["dup"] == 2);
        CHECK(read.size() == static_cast<std::size_t>(members + 1));
    }
}

TEST_CASE("a number beyond a double is a problem naming the top-level member, not an exception") {
    for (const std::string text :
         {R"({"x": 1e400})", R"({"x": 1e400)", R"({"a": 1, "x": {"y": [-1e999]}})"}) {
        CAPTURE(text);
        Json read;
        const auto problem = read_json(text, read);
        REQUIRE(problem);
        CHECK(problem->kind == JsonReadProblem::Kind::NumberOutOfRange);
        CHECK(problem->member == "x");
        CHECK(describe_json_problem(*problem).rfind("x holds a number out of range: ", 0) == 0);
    }
    const std::string digits(10'000, '7');
    Json read;
    const auto problem = read_json(R"({"n": )" + digits + "}", read);
    REQUIRE(problem);
    CHECK(problem->kind == JsonReadProblem::Kind::NumberOutOfRange);
    CHECK(problem->token == digits.substr(0, 32) + "... (10000 bytes)");  // an excerpt, not the number
    CHECK(describe_json_problem(*problem).size() < 100);
    const auto root = read_json("1e400", read);
    REQUIRE(root);
    CHECK(root->member.empty());
    CHECK(describe_json_problem(*root).rfind("the body holds a number out of range", 0) == 0);
}

TEST_CASE("malformed JSON is a problem with the byte where the parser stopped") {
    Json read;
    const auto problem = read_json(R"({"a": 1,})", read);
    REQUIRE(problem);
    CHECK(problem->kind == JsonReadProblem::Kind::Syntax);
    CHECK(describe_json_problem(*problem) == "malformed JSON at byte 9: the body is not valid JSON");
    CHECK(read_json("", read));
    CHECK(read_json("{} {}", read));
    CHECK(read_json("\"\xff\"", read));  // invalid UTF-8
}

TEST_CASE("nesting is bounded at max_json_depth levels") {
    const auto nested = [](std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); };
    Json read;
    CHECK_FALSE(read_json(nested(connectel::max_json_depth), read));
    const auto problem = read_json(nested(connectel::max_json_depth + 1), read);
    REQUIRE(problem);
    CHECK(problem->kind == JsonReadProblem::Kind::TooDeep);
    CHECK(read_json(std::string(1'000'000, '['), read)->kind == JsonReadProblem::Kind::TooDeep);
}

TEST_CASE("100,000 members stay in written order") {
    std::string text = "{";
    for (int i = 0; i < 100'000; ++i)
        text += (i ? ",\"k" : "\"k") + std::to_string(99'999 - i) + "\":" + std::to_string(i);
    text += "}";
    Json read;
    REQUIRE_FALSE(read_json(text, read));
    REQUIRE(read.size() == 100'000);
    int expected = 0;
    bool in_order = true;
    for (const auto& [key, value] : read.items())
        in_order = in_order && key == "k" + std::to_string(99'999 - expected) && value == expected++;
    CHECK(in_order);
}
