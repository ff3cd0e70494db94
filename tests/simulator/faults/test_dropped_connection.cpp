// The dropped connection fault: `drop` read, checked and acted out; it is the whole answer.
#include <doctest/doctest.h>

#include "recording_exchange.hpp"

using namespace fault_tests;

TEST_CASE("drop: true closes the connection in place of any answer") {
    const auto read = read_respond(R"({"drop": true})");
    REQUIRE(read.faults);
    CHECK(read.faults->replaces_answer());
    CHECK(acted(R"({"drop": true})") == Strings{"drop"});
}

TEST_CASE("drop: false scripts nothing") {
    const auto read = read_respond(R"({"drop": false})");
    REQUIRE(read.faults);
    CHECK(read.faults->empty());
    CHECK_FALSE(read.faults->replaces_answer());
}

TEST_CASE("a dropped connection has no status or body; drop is a boolean") {
    CHECK(read_respond(R"({"drop": true, "status": 503})").problems ==
          Strings{"1:1: a dropped connection has no status or body"});
    CHECK(read_respond(R"({"drop": true, "status": 200, "body": "x"})").problems ==
          Strings{"1:1: a dropped connection has no status or body"});
    CHECK(read_respond(R"({"drop": false, "status": 503})").problems.empty());
    CHECK(read_respond(R"({"drop": "yes"})").problems == Strings{"1:10: drop is true or false, not a string"});
}
