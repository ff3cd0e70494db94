// Inbound SMS to a real receiver on 127.0.0.1: from the control API, the timeline and
// auto-replies, in JSON and form.
#include <doctest/doctest.h>

#include "callback_receiver.hpp"
#include "connectel/api/callbacks.hpp"
#include "connectel/form.hpp"
#include "sim_fixture.hpp"

using namespace connectel_tests;
using nlohmann::json;

namespace {

std::string conversation(const std::string& url, const char* format, const std::string& extra = "") {
    return R"({"name": "conversation", "tokens": [{"token": "tok", "id": "tok-1",
        "inbound": {"url": ")" + url + R"(", "format": ")" + format + R"(", "numbers": ["46700000100"]}}])" + extra +
           "}";
}

}  // namespace

TEST_CASE("POST /_sim/inbound delivers an SMS to the owner of the number, as JSON") {
    CallbackReceiver receiver;
    RunningSimulator sim(test_options(conversation(receiver.url("/sms"), "json")));
    const json sent = sim.control("/_sim/inbound", {{"from", "35890010000"}, {"to", "46700000100"}, {"message", "Hej €"}});
    CHECK(sent["origin"] == "control");
    CHECK(sent["tokenid"] == "tok-1");
    const auto got = receiver.received();
    REQUIRE(got.size() == 1);  // the control call returns once the clock has run it
    CHECK(got[0].path == "/sms");
    const auto sms = json::parse(got[0].body).get<connectel::api::InboundSms>();
    CHECK(sms.from == "35890010000");
    CHECK(sms.to == "46700000100");
    CHECK(sms.message == "Hej €");
    CHECK(sms.requestid == sent["requestid"]);
    CHECK(sim.get_json("/_sim/inbound")["count"] == 1);
    CHECK(sim.get_json("/_sim/callbacks")["callbacks"][0]["kind"] == "inbound");
}

TEST_CASE("inbound to an unknown number is 404; bad fields are 400 naming them") {
    RunningSimulator sim(test_options(conversation("http://127.0.0.1:9/sms", "json")));
    auto res = sim.post_json("/_sim/inbound", {{"from", "35890010000"}, {"to", "46700000999"}, {"message", "Hi"}});
    CHECK(res->status == 404);
    CHECK(json::parse(res->body)["error"]["field"] == "to");
    res = sim.post_json("/_sim/inbound", {{"from", "x"}, {"to", "46700000100"}, {"message", "Hi"}});
    CHECK(res->status == 400);
    CHECK(json::parse(res->body)["error"]["field"] == "from");
    res = sim.post_json("/_sim/inbound", {{"from", "35890010000"}, {"to", "46700000100"}});
    CHECK(res->status == 400);
    CHECK(json::parse(res->body)["error"]["field"] == "message");
}

TEST_CASE("the timeline's SMS arrive at their time, as form fields") {
    CallbackReceiver receiver;
    RunningSimulator sim(test_options(conversation(receiver.url("/sms"), "form",
        R"(, "timeline": [{"at": "5s", "inbound": {"from": "35890010000", "to": "46700000100", "message": "Hi there"}}])")));
    sim.advance("4999ms");
    CHECK(receiver.received().empty());
    sim.advance("1ms");
    const auto got = receiver.received();
    REQUIRE(got.size() == 1);
    CHECK(got[0].content_type == "application/x-www-form-urlencoded");
    const auto fields = connectel::form::parse(got[0].body);
    REQUIRE(fields);
    CHECK((*fields)[0] == std::pair<std::string, std::string>{"from", "35890010000"});
    CHECK((*fields)[3] == std::pair<std::string, std::string>{"message", "Hi there"});
    CHECK(sim.get_json("/_sim/inbound")["inbound"][0]["origin"] == "timeline");
}

TEST_CASE("a rule's reply comes from the recipient to the sender after its delay") {
    CallbackReceiver receiver;
    RunningSimulator sim(test_options(conversation(receiver.url("/sms"), "json",
        R"(, "rules": [{"match": {"message": "/refund/i"}, "reply": {"after": "30s", "message": "STOP"}}])")));
    sim.post_form("/api/v2/send", "authorization=tok&sender=46700000100&recipient=35890010000&message=Your+Refund");
    sim.post_form("/api/v2/send", "authorization=tok&sender=46700000100&recipient=35890010001&message=Hello");
    sim.advance("29s");
    CHECK(receiver.received().empty());
    sim.advance("1s");
    const auto got = receiver.received();
    REQUIRE(got.size() == 1);
    const json sms = json::parse(got[0].body);
    CHECK(sms["from"] == "35890010000");
    CHECK(sms["to"] == "46700000100");
    CHECK(sms["message"] == "STOP");
    // The lifecycle still ran: the reply is an aspect of its own.
    CHECK(sim.get_json("/_sim/messages?status=DELIVRD")["count"] == 2);
}
