// `connectel messages` run as a user runs it, against the connectel-sim binary on 127.0.0.1:
// a list, a wait that finds what it waits for, and one that ends first (exit status 1).
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "built_simulator.hpp"
#include "child_process.hpp"
#include "cli_runner.hpp"
#include "run_process.hpp"

using namespace connectel_tests;
using connectel::testing::SimulatorProcess;
using nlohmann::json;

namespace {

std::string send(const SimulatorProcess& sim, const std::string& to, const std::string& text) {
    const auto sent = run_cli(sim, {"send", "--from", "IKEA", "--to", to, text});
    REQUIRE(sent.exit_code == 0);
    return sent.out.substr(0, sent.out.find('\n'));
}

}  // namespace

TEST_CASE("messages --wait prints the message once it is sent and exits 0; a text's line breaks stay on its line") {
    SimulatorProcess sim(built_simulator());
    ChildProcess waiting("/usr/bin/env",
                         {"CONNECTEL_BASE_URL=" + sim.base_url(), cli, "messages", "--to", "46700001234", "--wait", "20s"});
    const std::string id = send(sim, "46700001234", "Your code is 123456\nIt expires in 5 minutes");
    CHECK(waiting.read_line() == id + "\t46700001234\tENROUTE\tYour code is 123456\\nIt expires in 5 minutes");
    CHECK(waiting.wait() == 0);
}

TEST_CASE("messages lists without waiting; --json prints the simulator's answer; --status filters") {
    SimulatorProcess sim(built_simulator());
    const std::string a = send(sim, "46700001001", "one");
    const std::string b = send(sim, "46700001002", "two");
    const auto listed = run_cli(sim, {"messages"});
    CHECK(listed.exit_code == 0);
    CHECK(listed.out == a + "\t46700001001\tENROUTE\tone\n" + b + "\t46700001002\tENROUTE\ttwo\n");
    sim.advance("1s");
    const auto delivered = run_cli(sim, {"messages", "--status", "DELIVRD", "--json", "--wait", "5s", "--min", "2"});
    CHECK(delivered.exit_code == 0);
    const json answer = json::parse(delivered.out);
    CHECK(answer["count"] == 2);
    CHECK(answer["timedOut"] == false);
}

TEST_CASE("messages --wait that ends first exits 1 and says what the virtual clock has pending; a bad --wait exits 4") {
    SimulatorProcess sim(built_simulator());
    send(sim, "46700001234", "Hi");
    const auto ended = run_cli(sim, {"messages", "--to", "46700001234", "--status", "DELIVRD", "--wait", "200ms"});
    CHECK(ended.exit_code == 1);
    CHECK(ended.out.empty());
    CHECK(ended.err.find("found 0") != std::string::npos);
    CHECK(ended.err.find("steps pending") != std::string::npos);

    const auto bad = run_cli(sim, {"messages", "--wait", "soon"});
    CHECK(bad.exit_code == 4);
    CHECK(bad.err.find("wait is a duration") != std::string::npos);
}
