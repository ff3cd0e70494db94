// Scripted faults and the rate limit, as a client sees them over real HTTP.
#include <doctest/doctest.h>

#include <chrono>

#include "sim_fixture.hpp"

using namespace connectel_tests;
using nlohmann::json;

namespace {

httplib::Result send(RunningSimulator& sim, const std::string& sender, const std::string& token = "tok") {
    return sim.post_form("/api/v2/send",
                         "authorization=" + token + "&sender=" + sender + "&recipient=46700000000&message=Hi");
}

}  // namespace

TEST_CASE("a flaky gateway answers 503 for the first two matches, then accepts; faults store nothing") {
    RunningSimulator sim(test_options(R"({"name": "flaky",
        "rules": [{"match": {"sender": "FLAKY"}, "times": 2, "respond": {"status": 503}}]})"));
    for (int i = 0; i < 2; ++i) {
        const auto res = send(sim, "FLAKY");
        REQUIRE(res);
        CHECK(res->status == 503);
        CHECK(json::parse(res->body)["error"]["code"] == "scripted_fault");
    }
    CHECK(sim.get_json("/_sim/messages")["count"] == 0);
    CHECK(send(sim, "OTHER")->status == 200);  // another sender never matched
    CHECK(send(sim, "FLAKY")->status == 200);
    CHECK(sim.get_json("/_sim/messages")["count"] == 2);
    // The journal shows what the client got.
    const json journal = sim.get_json("/_sim/requests");
    CHECK(journal["requests"][0]["status"] == 503);
    CHECK(journal["requests"][3]["status"] == 200);
}

TEST_CASE("a scripted body and status replace the answer verbatim; a bulk is faulted whole") {
    RunningSimulator sim(test_options(R"({"name": "odd",
        "rules": [{"match": {"recipient": "*99"}, "respond": {"status": 202, "body": {"queued": "later"}}}]})"));
    auto res = sim.post_form("/api/v2/send", "authorization=t&sender=IKEA&recipient=46700000099&message=Hi");
    REQUIRE(res);
    CHECK(res->status == 202);
    CHECK(res->body == R"({"queued":"later"})");
    res = sim.post_form("/api/v2/send",
                        "authorization=t&sender=IKEA&bulk=1&message=Hi&recipient[A]=46700000001&recipient[B]=46700000099");
    CHECK(res->status == 202);
    CHECK(sim.get_json("/_sim/messages")["count"] == 0);
}

TEST_CASE("in a bulk, a member's fault wins over an earlier member's mere latency") {
    RunningSimulator sim(test_options(R"({"name": "mixed", "rules": [
        {"match": {"recipient": "*01"}, "respond": {"latency": "1ms"}},
        {"match": {"recipient": "*99"}, "respond": {"status": 503}}]})"));
    const auto res = sim.post_form(
        "/api/v2/send", "authorization=t&sender=IKEA&bulk=1&message=Hi&recipient[A]=46700000001&recipient[B]=46700000099");
    REQUIRE(res);
    CHECK(res->status == 503);
    CHECK(sim.get_json("/_sim/messages")["count"] == 0);
}

TEST_CASE("a dropped connection gives the client no answer at all, stores nothing, and the simulator serves on") {
    RunningSimulator sim(test_options(R"({"name": "drop",
        "rules": [{"match": {"sender": "DROP"}, "times": 1, "respond": {"drop": true}}]})"));
    // Over a keep-alive connection that already served a request: the drop closes it mid-use.
    httplib::Client client(sim.base_url());
    client.set_keep_alive(true);
    const std::string ok = "authorization=t&sender=OK&recipient=46700000000&message=Hi";
    REQUIRE(client.Post("/api/v2/send", ok, "application/x-www-form-urlencoded")->status == 200);
    const auto dropped =
        client.Post("/api/v2/send", "authorization=t&sender=DROP&recipient=46700000000&message=Hi",
                    "application/x-www-form-urlencoded");
    CHECK_FALSE(dropped);
    CHECK(dropped.error() == httplib::Error::Read);  // the stream ended where the answer should be

    CHECK(sim.get_json("/_sim/messages")["count"] == 1);
    const json journal = sim.get_json("/_sim/requests")["requests"];
    REQUIRE(journal.size() == 2);
    CHECK(journal[1]["status"] == 0);  // no answer
    // `times` used up: the same request is now accepted, on a new connection.
    CHECK(client.Post("/api/v2/send", "authorization=t&sender=DROP&recipient=46700000000&message=Hi",
                      "application/x-www-form-urlencoded")
              ->status == 200);
}

TEST_CASE("a scripted latency delays the usual answer by at least that long") {
    RunningSimulator sim(test_options(R"({"name": "slow",
        "rules": [{"match": {"sender": "SLOW"}, "respond": {"latency": "150ms"}}]})"));
    const auto start = std::chrono::steady_clock::now();
    const auto res = send(sim, "SLOW");
    const auto elapsed = std::chrono::steady_clock::now() - start;
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(elapsed >= std::chrono::milliseconds(150));
    CHECK(sim.get_json("/_sim/messages")["count"] == 1);
}

TEST_CASE("past the rate limit a token gets 429 until the clock refills its bucket; tokens are apart") {
    RunningSimulator sim(test_options(R"({"name": "limited", "limits": {"rate": "2/s"}})"));
    CHECK(send(sim, "IKEA", "a")->status == 200);
    CHECK(send(sim, "IKEA", "a")->status == 200);
    const auto limited = send(sim, "IKEA", "a");
    REQUIRE(limited);
    CHECK(limited->status == 429);
    CHECK(limited->get_header_value("Retry-After") == "1");
    CHECK(json::parse(limited->body)["error"]["code"] == "rate_limited");
    CHECK(send(sim, "IKEA", "b")->status == 200);  // another token has its own bucket
    sim.advance("500ms");                           // one request's worth comes back
    CHECK(send(sim, "IKEA", "a")->status == 200);
    CHECK(send(sim, "IKEA", "a")->status == 429);
    sim.advance("10s");  // never more than the burst
    CHECK(send(sim, "IKEA", "a")->status == 200);
    CHECK(send(sim, "IKEA", "a")->status == 200);
    CHECK(send(sim, "IKEA", "a")->status == 429);
    CHECK(sim.get_json("/_sim/messages")["count"] == 6);
}
