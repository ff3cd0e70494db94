// connectel::Client against the simulator over real HTTP: every operation in JSON and form,
// every kind of error, retries, and the vendor's oddities read leniently.
#include <doctest/doctest.h>

#include <chrono>

#include "connectel/client.hpp"
#include "sim_fixture.hpp"

using connectel::ApiError;
using connectel::BodyFormat;
using connectel::Client;
using connectel::ClientOptions;
using connectel::Status;
using connectel::TransportError;
using connectel::ValidationError;
using namespace connectel_tests;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

ClientOptions options_for(RunningSimulator& sim, BodyFormat format = BodyFormat::Json) {
    ClientOptions options;
    options.token = "s3cret";
    options.base_url = sim.base_url();
    options.format = format;
    options.delivery_retry.backoff = 1ms;
    return options;
}

std::size_t journal_count(RunningSimulator& sim) { return sim.get_json("/_sim/requests")["count"]; }

}  // namespace

TEST_CASE("send, delivery and href, in JSON and as a form") {
    for (const BodyFormat format : {BodyFormat::Json, BodyFormat::Form}) {
        CAPTURE(static_cast<int>(format));
        RunningSimulator sim;
        Client client(options_for(sim, format));
        const auto sent = client.send("IKEA", "46700000000", "Hej då, 20 € 😀");
        CHECK(sent.response.requestid.size() == 34);
        CHECK(sent.response.recipient == "46700000000");
        CHECK(sent.response.status.status == Status::Enroute);
        CHECK(sent.text.encoding == connectel::sms::Encoding::Ucs2);  // the emoji forces UCS-2
        CHECK(sent.text.segments == 1);
        const json journal = sim.get_json("/_sim/requests")["requests"];
        CHECK(journal[0]["contentType"] ==
              (format == BodyFormat::Json ? "application/json" : "application/x-www-form-urlencoded"));
        CHECK(sim.get_json("/_sim/messages")["messages"][0]["message"] == "Hej då, 20 € 😀");

        CHECK(client.delivery(sent.response.requestid).status.status == Status::Enroute);
        sim.advance("1s");
        const auto report = client.delivery(sent.response.requestid);
        CHECK(report.status.status == Status::Delivered);
        CHECK(report.status.code == 1);
        CHECK(report.status.text == "DELIVRD");
        CHECK(report.requestid == sent.response.requestid);
        CHECK(client.follow(sent.response).status.status == Status::Delivered);
    }
}

TEST_CASE("bulk send, bulk delivery and href, in JSON and as a form") {
    for (const BodyFormat format : {BodyFormat::Json, BodyFormat::Form}) {
        CAPTURE(static_cast<int>(format));
        RunningSimulator sim;
        Client client(options_for(sim, format));
        const auto sent = client.send_bulk("IKEA", {{"anna", "46700000001"}, {"bo", "46700000002"}}, "Sale!");
        CHECK(sent.response.bulkid.front() == 'B');
        REQUIRE(sent.response.recipients.size() == 2);
        CHECK(sent.response.recipients[0].key == "anna");
        CHECK(sent.response.recipients[1].recipient == "46700000002");
        CHECK(sent.response.status.status == Status::Queued);
        CHECK(sent.text.encoding == connectel::sms::Encoding::Gsm7);

        sim.advance("1s");
        const auto report = client.bulk_delivery(sent.response.bulkid);
        REQUIRE(report.recipients.size() == 2);
        CHECK(report.recipients[0].status.status == Status::Delivered);
        CHECK(report.recipients[1].status.status == Status::Rejected);  // magic number 0002
        CHECK(client.follow(sent.response).recipients.size() == 2);
    }
}

TEST_CASE("a request that breaks the API's rules throws ValidationError before any byte is sent") {
    RunningSimulator sim;
    Client client(options_for(sim));
    const auto field_of = [](auto call) {
        try {
            call();
        } catch (const ValidationError& e) {
            return e.field();
        }
        return std::string("no error");
    };
    CHECK(field_of([&] { client.send("IKEA", "12", "Hi"); }) == "recipient");
    CHECK(field_of([&] { client.send("TOO-LONG-SENDER", "46700000000", "Hi"); }) == "sender");
    CHECK(field_of([&] { client.send("IKEA", "46700000000", ""); }) == "message");
    CHECK(field_of([&] { client.send("IKEA", "46700000000", "bad \xff utf-8"); }) == "message");
    CHECK(field_of([&] { client.send_bulk("IKEA", {{"a", "46700000001"}, {"a", "46700000002"}}, "Hi"); }) ==
          "recipient[a]");
    CHECK(field_of([&] { client.delivery(""); }) == "requestid");
    ClientOptions no_token = options_for(sim);
    no_token.token.clear();
    CHECK(field_of([&] { Client(no_token).send("IKEA", "46700000000", "Hi"); }) == "authorization");
    CHECK(journal_count(sim) == 0);

    ClientOptions bad_url = options_for(sim);
    bad_url.base_url = "ftp://example.com";
    CHECK(field_of([&] { Client{bad_url}; }) == "base_url");
    bad_url.base_url = "localhost:8080";
    CHECK(field_of([&] { Client{bad_url}; }) == "base_url");
}

TEST_CASE("the gateway's refusals are ApiError with the status, code and field of the error body") {
    RunningSimulator sim(test_options(R"({"name": "one token", "tokens": [{"token": "s3cret"}]})"));
    ClientOptions options = options_for(sim);
    options.token = "wrong";
    try {
        Client(options).send("IKEA", "46700000000", "Hi");
        FAIL("no error");
    } catch (const ApiError& e) {
        CHECK(e.http_status() == 401);
        CHECK(e.code() == "unknown_token");
        CHECK(std::string(e.what()).find("401") != std::string::npos);
    }
    try {
        Client(options_for(sim)).delivery("RAAAAAAAAAAAAAAA.15778368000000000");
        FAIL("no error");
    } catch (const ApiError& e) {
        CHECK(e.http_status() == 404);
        CHECK(e.code() == "not_found");
    }
}

TEST_CASE("sends are not retried unless asked; with retries a flaky gateway's 503s are ridden out") {
    RunningSimulator sim(test_options(R"({"name": "flaky",
        "rules": [{"match": {}, "times": 2, "respond": {"status": 503}}]})"));
    ClientOptions options = options_for(sim);
    try {
        Client(options).send("IKEA", "46700000000", "Hi");
        FAIL("no error");
    } catch (const ApiError& e) {
        CHECK(e.http_status() == 503);
        CHECK(e.code() == "scripted_fault");
    }
    CHECK(journal_count(sim) == 1);

    options.send_retry = {3, 1ms, 4ms};
    const auto sent = Client(options).send("IKEA", "46700000000", "Hi");
    CHECK(journal_count(sim) == 3);  // one more 503, then accepted
    CHECK(sim.get_json("/_sim/messages")["count"] == 1);
    CHECK(sent.response.requestid == sim.get_json("/_sim/messages")["messages"][0]["requestid"]);
}

TEST_CASE("no answer is a TransportError naming the URL without the token") {
    RunningSimulator sim(test_options(R"({"name": "faults", "rules": [
        {"match": {"recipient": "*0444"}, "respond": {"drop": true}},
        {"match": {"recipient": "*0555"}, "respond": {"latency": "600ms"}}]})"));
    ClientOptions options = options_for(sim);
    options.read_timeout = 100ms;
    Client client(options);
    CHECK_THROWS_AS(client.send("IKEA", "46700000444", "Hi"), TransportError);  // dropped
    CHECK_THROWS_AS(client.send("IKEA", "46700000555", "Hi"), TransportError);  // too slow
    CHECK(client.send("IKEA", "46700000000", "Hi").response.status.status == Status::Enroute);  // still usable

    options.base_url = "http://127.0.0.1:9";  // nothing listens there
    options.delivery_retry = {2, 1ms, 1ms};
    try {
        Client(options).delivery("RAAAAAAAAAAAAAAA.15778368000000000");
        FAIL("no error");
    } catch (const TransportError& e) {
        CHECK(e.url().find("127.0.0.1:9/api/v2/delivery/") != std::string::npos);
        CHECK(e.url().find("s3cret") == std::string::npos);
        CHECK(e.url().find("authorization=****") != std::string::npos);
    }
}

TEST_CASE("answers are read leniently where the vendor is inconsistent, and strictly where they make no sense") {
    RunningSimulator sim(test_options(R"({"name": "odd gateway", "rules": [
        {"match": {"recipient": "*01"}, "respond": {"status": 200, "body":
            {"requestid": "R1", "statusInt": "0", "statusStr": "QUEUE", "setusInt": 0, "new_field": [1, 2]}}},
        {"match": {"recipient": "*02"}, "respond": {"status": 200, "body":
            {"requestid": "R2", "setusInt": 3}}},
        {"match": {"recipient": "*03"}, "respond": {"status": 200, "body": "<html>maintenance</html>"}},
        {"match": {"recipient": "*04"}, "respond": {"status": 200, "body": {"status": "ok"}}},
        {"match": {"recipient": "*05"}, "respond": {"status": 200, "body": {"requestid": 5}}},
        {"match": {"recipient": "*06"}, "respond": {"status": 502, "body": "Bad Gateway"}}]})"));
    Client client(options_for(sim));
    const auto queued = client.send("IKEA", "46700000001", "Hi").response;
    CHECK(queued.status.status == Status::Queued);
    CHECK(queued.status.text == "QUEUE");
    const auto reserved = client.send("IKEA", "46700000002", "Hi").response;  // setusInt alone, a reserved code
    CHECK(reserved.status.status == Status::Reserved);
    CHECK(reserved.status.code == 3);

    const auto code_of = [&](const char* recipient) {
        try {
            client.send("IKEA", recipient, "Hi");
        } catch (const ApiError& e) {
            return e.code() + " " + std::to_string(e.http_status());
        }
        return std::string("no error");
    };
    CHECK(code_of("46700000003") == "malformed_response 200");
    CHECK(code_of("46700000004") == "malformed_response 200");  // no id: not a send's answer
    CHECK(code_of("46700000005") == "malformed_response 200");  // an id of the wrong type
    CHECK(code_of("46700000006") == "http_502 502");             // no error body of ours
}

TEST_CASE("wait_for_final polls until the status is final, on a real clock") {
    sim::Options options = test_options(R"({"name": "quick", "clock": "real",
        "lifecycle": [{"after": "200ms", "status": "UNDELIV"}]})");
    options.clock.reset();
    RunningSimulator sim(std::move(options));
    Client client(options_for(sim));
    const auto sent = client.send("IKEA", "46700000000", "Hi");
    const auto report = client.wait_for_final(sent.response.requestid, 10s, 20ms);
    CHECK(report.status.status == Status::Undeliverable);
}

TEST_CASE("an https base URL is accepted when cpp-httplib has OpenSSL, and fails as transport, not as usage") {
#ifdef CPPHTTPLIB_OPENSSL_SUPPORT
    ClientOptions options;
    options.token = "t";
    options.base_url = "https://127.0.0.1:9";
    options.connect_timeout = 500ms;
    options.delivery_retry.retries = 0;
    CHECK_THROWS_AS(Client(options).delivery("R1"), TransportError);
    CHECK(Client(ClientOptions{}).options().base_url == "https://smsapi.connectel.se");
#endif
}
