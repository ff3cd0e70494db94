// connectel-sim run as its binary (CONNECTEL_SIM_PATH) on a free port with a virtual clock, for
// the tests of the connectel CLI, which talk to it over HTTP as a user's tools would.
#pragma once

#include <doctest/doctest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>
#include <string>

#include "child_process.hpp"

namespace connectel::testing {

// connectel-sim as a child on a free port, with a virtual clock the test moves.
class SimulatorChild {
public:
    SimulatorChild() : process_(CONNECTEL_SIM_PATH, {"--port", "0", "--clock", "virtual", "--seed", "7", "--log-level", "error"}) {
        const std::string ready = process_.read_line();
        const std::string prefix = "connectel-sim listening on ";
        REQUIRE(ready.rfind(prefix, 0) == 0);
        base_url_ = ready.substr(prefix.size());
    }
    const std::string& base_url() const { return base_url_; }
    void advance(const std::string& by) {
        httplib::Client control(base_url_);
        const auto res = control.Post("/_sim/clock/advance", nlohmann::json{{"by", by}}.dump(), "application/json");
        REQUIRE(res);
        REQUIRE(res->status == 200);
    }
    // PUT /_sim/scenario: the simulator restarts in place with `text`.
    void load_scenario(const std::string& text) {
        httplib::Client control(base_url_);
        const auto res = control.Put("/_sim/scenario", text, "application/json");
        REQUIRE(res);
        REQUIRE_MESSAGE(res->status == 200, res->body);
    }
    void inbound(const std::string& from, const std::string& to, const std::string& message) {
        httplib::Client control(base_url_);
        const auto res = control.Post("/_sim/inbound", nlohmann::json{{"from", from}, {"to", to}, {"message", message}}.dump(),
                                      "application/json");
        REQUIRE(res);
        REQUIRE_MESSAGE(res->status == 200, res->body);
    }
    nlohmann::json messages() {
        httplib::Client control(base_url_);
        const auto res = control.Get("/_sim/messages");
        REQUIRE(res);
        return nlohmann::json::parse(res->body)["messages"];
    }

private:
    ChildProcess process_;
    std::string base_url_;
};

}  // namespace connectel::testing
