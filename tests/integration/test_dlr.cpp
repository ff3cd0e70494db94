// Delivery reports to a real receiver on 127.0.0.1: JSON and form, single and bulk, retries on
// the virtual clock, and the record at GET /_sim/callbacks.
#include <doctest/doctest.h>

#include "callback_receiver.hpp"
#include "connectel/api/callbacks.hpp"
#include "connectel/form.hpp"
#include "sim_fixture.hpp"

using namespace connectel_tests;
using nlohmann::json;

namespace {

std::string scenario_with_dlr(const std::string& url, const char* format, const std::string& extra = "") {
    return R"({"name": "dlr", "tokens": [{"token": "tok", "id": "tok-1", "dlr": {"url": ")" + url +
           R"(", "format": ")" + format + R"("}}])" + extra + "}";
}

}  // namespace

TEST_CASE("each status change after acceptance is POSTed to the token's DLR URL as JSON") {
    CallbackReceiver receiver;
    RunningSimulator sim(test_options(scenario_with_dlr(receiver.url("/dlr"), "json",
        R"(, "lifecycle": [{"after": "1s", "status": "ENROUTE", "desc": "handed over"}, {"after": "2s", "status": "DELIVRD"}])")));
    const auto res = sim.post_form("/api/v2/send", "authorization=tok&sender=IKEA&recipient=46700000000&message=Hi");
    const std::string id = json::parse(res->body)["requestid"];
    CHECK(receiver.received().empty());  // nothing before the clock moves
    sim.advance("2s");
    const auto got = receiver.received();
    REQUIRE(got.size() == 2);
    CHECK(got[0].path == "/dlr");
    CHECK(got[0].content_type == "application/json");
    const auto first = json::parse(got[0].body).get<connectel::api::Dlr>();
    CHECK(first.action == "dlr");
    CHECK(first.requestid == id);
    CHECK(first.tokenid == "tok-1");
    CHECK(first.status.status == connectel::Status::Enroute);
    CHECK(first.status_desc == "handed over");
    CHECK(first.date == "2020-01-01 00:00:01");
    CHECK(first.sender == "IKEA");
    CHECK(first.recipient == "46700000000");
    CHECK_FALSE(json::parse(got[0].body).contains("bulkid"));
    const json second = json::parse(got[1].body);
    CHECK(second["statusStr"] == "DELIVRD");
    CHECK(second["statusInt"] == 1);
}

TEST_CASE("bulk members' DLRs come as form fields with their bulkid") {
    CallbackReceiver receiver;
    RunningSimulator sim(test_options(scenario_with_dlr(receiver.url("/dlr"), "form")));
    const auto res = sim.post_form("/api/v2/send",
        "authorization=tok&sender=IKEA&bulk=1&message=Hi&recipient[A]=46700000001&recipient[B]=46700000002");
    const std::string bulk_id = json::parse(res->body)["bulkid"];
    sim.advance("1s");
    const auto got = receiver.received();
    REQUIRE(got.size() == 2);
    for (const auto& dlr : got) {
        CHECK(dlr.content_type == "application/x-www-form-urlencoded");
        const auto fields = connectel::form::parse(dlr.body);
        REQUIRE(fields);
        json as_object = json::object();
        for (const auto& [name, value] : *fields) as_object[name] = value;
        CHECK(as_object["bulkid"] == bulk_id);
        CHECK(as_object["action"] == "dlr");
        CHECK(as_object["statusInt"] == "1");
        CHECK(as_object["statusStr"] == "DELIVRD");
    }
}

TEST_CASE("the numeric statusStr quirk sends \"statusStr\": 1 as in the reference's example") {
    CallbackReceiver receiver;
    RunningSimulator sim(test_options(
        scenario_with_dlr(receiver.url("/dlr"), "json", R"(, "quirks": {"numeric_dlr_status_str": true})")));
    sim.post_form("/api/v2/send", "authorization=tok&sender=IKEA&recipient=46700000000&message=Hi");
    sim.advance("1s");
    const auto got = receiver.received();
    REQUIRE(got.size() == 1);
    CHECK(json::parse(got[0].body)["statusStr"] == 1);
}

TEST_CASE("a receiver failing the first 2 attempts gets the DLR once, after 2 retries on the virtual clock") {
    CallbackReceiver receiver(2);
    RunningSimulator sim(test_options(scenario_with_dlr(receiver.url("/dlr"), "json",
        R"(, "callbacks": {"retries": 3, "backoff": "500ms", "max_backoff": "10s"})")));
    sim.post_form("/api/v2/send", "authorization=tok&sender=IKEA&recipient=46700000000&message=Hi");
    sim.advance("1s");  // the DLR's first attempt, at 1s
    CHECK(receiver.requests_seen() == 1);
    sim.advance("499ms");
    CHECK(receiver.requests_seen() == 1);
    sim.advance("1001ms");  // retries at 1.5s and 2.5s
    CHECK(receiver.requests_seen() == 3);
    REQUIRE(receiver.received().size() == 1);
    const json record = sim.get_json("/_sim/callbacks");
    REQUIRE(record["count"] == 3);
    CHECK(record["callbacks"][0]["outcome"] == "will_retry");
    CHECK(record["callbacks"][0]["httpStatus"] == 503);
    CHECK(record["callbacks"][0]["retryAt"] == "2020-01-01T00:00:01.500000Z");
    CHECK(record["callbacks"][1]["attempt"] == 2);
    CHECK(record["callbacks"][2]["outcome"] == "delivered");
    CHECK(record["callbacks"][2]["at"] == "2020-01-01T00:00:02.500000Z");
    CHECK(record["callbacks"][2]["payload"]["statusStr"] == "DELIVRD");
    CHECK(record["callbacks"][2]["kind"] == "dlr");
}

TEST_CASE("a dead receiver: every attempt is recorded and the DLR ends failed, not dropped") {
    RunningSimulator sim(test_options(scenario_with_dlr("http://127.0.0.1:9/dlr", "json",
        R"(, "callbacks": {"retries": 2, "backoff": "1s"})")));
    sim.post_form("/api/v2/send", "authorization=tok&sender=IKEA&recipient=46700000000&message=Hi");
    sim.advance("1h");
    const json record = sim.get_json("/_sim/callbacks");
    REQUIRE(record["count"] == 3);
    CHECK(record["callbacks"][2]["outcome"] == "failed");
    CHECK(record["callbacks"][2]["result"] == "connection refused");
    CHECK(record["pending"] == 0);
    sim.control("/_sim/reset");
    CHECK(sim.get_json("/_sim/callbacks")["count"] == 0);
}

TEST_CASE("a receiver down for a virtual hour gets every DLR once it is back, each message's in status order") {
    CallbackReceiver receiver;
    RunningSimulator sim(test_options(scenario_with_dlr(receiver.url("/dlr"), "json", R"(,
        "lifecycle": [{"after": "10s", "status": "ENROUTE", "desc": "at the operator"}, {"after": "20s", "status": "DELIVRD"}],
        "callbacks": {"retries": 100, "backoff": "1s", "max_backoff": "5m"})")));
    receiver.set_down(true);
    std::vector<std::string> ids;
    for (const char* recipient : {"46700000001", "46700000002"})
        ids.push_back(json::parse(sim.post_form("/api/v2/send", std::string("authorization=tok&sender=IKEA&recipient=") +
                                                                    recipient + "&message=Hi")
                                      ->body)["requestid"]);
    for (int minutes = 0; minutes < 60; minutes += 10) sim.advance("10m");
    CHECK(receiver.received().empty());
    json record = sim.get_json("/_sim/callbacks");
    CHECK(record["pending"] == 4);  // two DLRs per message, none given up on
    for (const auto& attempt : record["callbacks"]) CHECK(attempt["outcome"] == "will_retry");

    receiver.set_down(false);
    sim.advance("5m");  // the longest wait between attempts
    const auto got = receiver.received();
    REQUIRE(got.size() == 4);
    for (const auto& id : ids) {
        std::vector<std::string> statuses;
        for (const auto& dlr : got)
            if (json::parse(dlr.body)["requestid"] == id) statuses.push_back(json::parse(dlr.body)["statusStr"]);
        CHECK(statuses == std::vector<std::string>{"ENROUTE", "DELIVRD"});
    }
    record = sim.get_json("/_sim/callbacks");
    CHECK(record["pending"] == 0);
    // Only the first DLR of each message was tried during the outage; the second waited its turn.
    int failed_attempts = 0;
    for (const auto& attempt : record["callbacks"]) failed_attempts += attempt["outcome"] == "will_retry";
    CHECK(failed_attempts == receiver.requests_seen() - 4);
    CHECK(failed_attempts > 2 * 12);  // at least one attempt per 5 minutes per message, for an hour
}

TEST_CASE("tokens without a DLR URL send nothing; a forced status is reported too") {
    CallbackReceiver receiver;
    RunningSimulator sim(test_options(R"({"name": "two", "tokens": [
        {"token": "quiet"}, {"token": "tok", "dlr": {"url": ")" + receiver.url("/d") + R"("}}]})"));
    sim.post_form("/api/v2/send", "authorization=quiet&sender=IKEA&recipient=46700000000&message=Hi");
    const auto res = sim.post_form("/api/v2/send", "authorization=tok&sender=IKEA&recipient=46700000000&message=Hi");
    const std::string id = json::parse(res->body)["requestid"];
    sim.control("/_sim/messages/" + id + "/status", {{"status", "UNDELIV"}});
    sim.advance("0s");
    auto got = receiver.received();
    REQUIRE(got.size() == 1);
    CHECK(json::parse(got[0].body)["statusStr"] == "UNDELIV");
    sim.advance("5s");
    CHECK(receiver.received().size() == 1);  // the lifecycle ended at the forced final status
}
