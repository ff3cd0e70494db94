// The fault registry: the keys a `respond` object may hold, and how misspelt ones are reported.
#include <doctest/doctest.h>

#include "recording_exchange.hpp"

using namespace fault_tests;

TEST_CASE("a respond holds every registered kind's keys, in the registry's order") {
    CHECK(sim::faults::fault_keys() == std::vector<std::string_view>{"status", "body", "latency", "drop"});
    for (const auto& type : sim::faults::fault_types()) {
        CHECK_FALSE(type.name.empty());
        CHECK_FALSE(type.keys.empty());
    }
}

TEST_CASE("an unknown key is placed, with the nearest known key or else the list of them") {
    CHECK(read_respond(R"({"staus": 503})").problems == Strings{"1:2: unknown key \"staus\" in respond; did you mean \"status\"?"});
    CHECK(read_respond(R"({"status": 503, "wait": "1s"})").problems ==
          Strings{"1:17: unknown key \"wait\" in respond; known keys: status body latency drop"});
    CHECK(read_respond(R"([])").problems == Strings{"1:1: respond is an object, not an array"});
}

TEST_CASE("an empty respond scripts no fault, but is read") {
    const auto read = read_respond("{}");
    REQUIRE(read.faults);
    CHECK(read.faults->empty());
    CHECK_FALSE(read.faults->replaces_answer());
}
