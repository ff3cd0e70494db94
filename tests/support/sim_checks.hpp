// What several integration tests ask of a RunningSimulator, with doctest's assertions: a plain
// form send that must be accepted, and a 400 that must name a parameter.
#pragma once

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "sim_fixture.hpp"

namespace connectel_tests {

// A single form send of "Hi" from IKEA; REQUIREs a 200 and returns its request-id.
inline std::string send_hi(RunningSimulator& sim, const std::string& recipient, const std::string& token = "tok") {
    const auto res = sim.post_form("/api/v2/send",
                                   "authorization=" + token + "&sender=IKEA&recipient=" + recipient + "&message=Hi");
    REQUIRE(res);
    REQUIRE(res->status == 200);
    return nlohmann::json::parse(res->body)["requestid"];
}

// Asserts that GET `path` is a 400 invalid_parameter naming `field`.
inline void check_bad_parameter(RunningSimulator& sim, const std::string& path, const std::string& field) {
    CAPTURE(path);
    const auto res = sim.get(path);
    REQUIRE(res);
    CHECK(res->status == 400);
    const nlohmann::json body = nlohmann::json::parse(res->body);
    CHECK(body["error"]["code"] == "invalid_parameter");
    CHECK(body["error"]["field"] == field);
}

}  // namespace connectel_tests
