// The latency fault: `latency` read, checked and acted out in real time, scaled by a sped-up clock.
#include <doctest/doctest.h>

#include "recording_exchange.hpp"

using namespace fault_tests;
using sim::ClockSetting;

TEST_CASE("a latency pauses the answer, which stays the usual one") {
    const auto read = read_respond(R"({"latency": "250ms"})");
    REQUIRE(read.faults);
    CHECK_FALSE(read.faults->replaces_answer());
    CHECK(acted(R"({"latency": "250ms"})") == Strings{pause_of(250)});
}

TEST_CASE("latency is real time: divided by a sped-up clock's speed, as written on a virtual one") {
    CHECK(acted(R"({"latency": "2s"})", {ClockSetting::Kind::Scaled, 4.0}) == Strings{pause_of(500)});
    CHECK(acted(R"({"latency": "2s"})", {ClockSetting::Kind::Virtual, 1.0}) == Strings{pause_of(2000)});
    CHECK(acted(R"({"latency": "2s"})", {ClockSetting::Kind::Real, 1.0}) == Strings{pause_of(2000)});
}

TEST_CASE("a zero latency does nothing; a bad one is placed") {
    const auto zero = read_respond(R"({"latency": "0s"})");
    REQUIRE(zero.faults);
    CHECK(zero.faults->empty());
    CHECK(read_respond(R"({"latency": "soon"})").problems ==
          Strings{"1:13: bad duration \"soon\"; write it like \"250ms\", \"2s\", \"5m\" or \"48h\""});
    CHECK(read_respond(R"({"latency": 250})").problems == Strings{"1:13: latency is a string, not a number"});
}

TEST_CASE("a latency comes before the answer it delays, whatever the order of the keys") {
    CHECK(acted(R"({"status": 504, "body": "<html>timeout</html>", "latency": "1s"})") ==
          Strings{pause_of(1000), "answer 504 text/plain: <html>timeout</html>"});
    CHECK(acted(R"({"drop": true, "latency": "10ms"})") == Strings{pause_of(10), "drop"});
}
