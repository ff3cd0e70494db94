// `connectel send`, `bulk` and `delivery` run as a user runs them, against the connectel-sim
// binary on 127.0.0.1: output, exit statuses, environment variables.
#include <doctest/doctest.h>

#include <httplib.h>

#include <nlohmann/json.hpp>
#include <string>

#include "child_process.hpp"
#include "cli_runner.hpp"
#include "run_process.hpp"
#include "built_simulator.hpp"

using namespace connectel_tests;
using connectel::testing::SimulatorProcess;
using nlohmann::json;

namespace {

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

}  // namespace

TEST_CASE("send prints the request-id, and needs no token for a simulator on this machine") {
    SimulatorProcess sim(built_simulator());
    const auto r = run_cli(sim, {"send", "--from", "IKEA", "--to", "46700000000", "Hej 😀"});
    CHECK(r.exit_code == 0);
    const std::string id = first_line(r.out);
    CHECK(id.size() == 34);
    CHECK(r.out == id + "\n");
    CHECK(r.err == "accepted, ENROUTE; UCS-2, 5 characters, 1 segment\n");
    const json messages = sim.messages();
    REQUIRE(messages.size() == 1);
    CHECK(messages[0]["requestid"] == id);
    CHECK(messages[0]["message"] == "Hej 😀");
}

TEST_CASE("send --json prints the gateway's answer with the text's encoding and segments; --form sends a form") {
    SimulatorProcess sim(built_simulator());
    const auto r = run_cli(sim, {"send", "--form", "--json", "--from", "IKEA", "--to", "46700000000",
                                   std::string(161, 'a')});
    REQUIRE(r.exit_code == 0);
    const json answer = json::parse(r.out);
    CHECK(answer["statusStr"] == "ENROUTE");
    CHECK(answer["recipient"] == "46700000000");
    CHECK(answer["encoding"] == "GSM-7");
    CHECK(answer["segments"] == 2);
    CHECK(answer["href"].get<std::string>().find(sim.base_url() + "/api/status/") == 0);
}

TEST_CASE("bulk prints the bulk-id, then each key, number and request-id") {
    SimulatorProcess sim(built_simulator());
    const auto r = run_cli(sim, {"bulk", "--from", "IKEA", "--to", "anna=46700000001", "--to", "bo=46700000002", "Sale!"});
    REQUIRE(r.exit_code == 0);
    const std::string bulk_id = first_line(r.out);
    CHECK(bulk_id.front() == 'B');
    const json messages = sim.messages();
    REQUIRE(messages.size() == 2);
    CHECK(r.out == bulk_id + "\nanna\t46700000001\t" + messages[0]["requestid"].get<std::string>() + "\nbo\t46700000002\t" +
                       messages[1]["requestid"].get<std::string>() + "\n");
    CHECK(run_cli(sim, {"bulk", "--from", "IKEA", "--to", "46700000001", "Hi"}).exit_code == 3);  // no KEY=
}

TEST_CASE("delivery prints STATUS CODE DATE DESCRIPTION, for a message or each member of a bulk") {
    SimulatorProcess sim(built_simulator());
    const std::string id = first_line(run_cli(sim, {"send", "--from", "IKEA", "--to", "46700000005", "Hi"}).out);
    auto r = run_cli(sim, {"delivery", id});
    CHECK(r.exit_code == 0);
    CHECK(r.out == "ENROUTE\t0\t2020-01-01 00:00:00\t\n");
    sim.advance("1s");
    r = run_cli(sim, {"delivery", id});
    CHECK(r.out == "UNDELIV\t5\t2020-01-01 00:00:01\tDestination not reachable (magic number 0005)\n");
    CHECK(json::parse(run_cli(sim, {"delivery", "--json", id}).out)["statusInt"] == 5);

    const auto bulk = run_cli(sim, {"bulk", "--from", "IKEA", "--to", "a=46700000001", "--to", "b=46700000002", "Hi"});
    r = run_cli(sim, {"delivery", first_line(bulk.out)});
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("\t46700000001\tQUEUED\t0\t") != std::string::npos);
    CHECK(r.out.find("\t46700000002\tQUEUED\t0\t") != std::string::npos);
}

TEST_CASE("delivery --wait returns once the status is final, and gives up after --wait-timeout") {
    SimulatorProcess sim(built_simulator());
    const std::string id = first_line(run_cli(sim, {"send", "--from", "IKEA", "--to", "46700000000", "Hi"}).out);
    ChildProcess waiting("/usr/bin/env", {"CONNECTEL_BASE_URL=" + sim.base_url(), cli, "delivery", "--wait",
                                          "--interval", "0.02", id});
    sim.advance("1s");  // the virtual clock moves only when told: the CLI polls until then
    CHECK(waiting.read_line() == "DELIVRD\t1\t2020-01-01 00:00:01\t");
    CHECK(waiting.wait() == 0);

    const std::string later = first_line(run_cli(sim, {"send", "--from", "IKEA", "--to", "46700000000", "Hi"}).out);
    const auto r = run_cli(sim, {"delivery", "--wait", "--wait-timeout", "0.2", "--interval", "0.05", later});
    CHECK(r.exit_code == 1);
    CHECK(r.out == "ENROUTE\t0\t2020-01-01 00:00:01\t\n");  // the last look
    CHECK(r.err.find("not final after 0.2 s") != std::string::npos);
}

TEST_CASE("exit statuses: 2 usage, 3 invalid input (nothing sent), 4 refused by the gateway, 5 no answer") {
    SimulatorProcess sim(built_simulator());
    CHECK(run_cli(sim, {"send", "--to", "46700000000", "Hi"}).exit_code == 2);
    auto r = run_cli(sim, {"send", "--from", "IKEA", "--to", "123", "Hi"});
    CHECK(r.exit_code == 3);
    CHECK(r.err.find("recipient") != std::string::npos);
    CHECK(sim.messages().empty());
    r = run_cli(sim, {"delivery", "RAAAAAAAAAAAAAAA.15778368000000000"});
    CHECK(r.exit_code == 4);
    CHECK(r.err.find("HTTP 404 not_found") != std::string::npos);
    r = run_cli(sim, {"delivery", "--base-url", "http://127.0.0.1:9", "R1"});
    CHECK(r.exit_code == 5);
    CHECK(r.err.find("cannot connect") != std::string::npos);
    // The real gateway needs a token: without one, nothing is sent.
    r = run_process("/usr/bin/env", {"-u", "CONNECTEL_TOKEN", "-u", "CONNECTEL_BASE_URL", cli, "send", "--from", "IKEA",
                                     "--to", "46700000000", "Hi"});
    CHECK(r.exit_code == 3);
    CHECK(r.err.find("no token") != std::string::npos);
}

TEST_CASE("--token and --base-url win over the environment") {
    SimulatorProcess sim(built_simulator());
    const auto r = run_process("/usr/bin/env", {"CONNECTEL_BASE_URL=http://127.0.0.1:9", "CONNECTEL_TOKEN=ignored", cli,
                                                "send", "--base-url", sim.base_url(), "--token", "mine", "--from",
                                                "IKEA", "--to", "46700000000", "Hi"});
    CHECK(r.exit_code == 0);
    const json messages = sim.messages();
    REQUIRE(messages.size() == 1);
    httplib::Client control(sim.base_url());
    const json journal = json::parse(control.Get("/_sim/requests")->body)["requests"];
    REQUIRE(journal.size() == 1);
    CHECK(journal[0]["body"]["authorization"] == "****");  // a token was sent, masked in the journal
    CHECK(messages[0]["tokenid"] != "");
}
