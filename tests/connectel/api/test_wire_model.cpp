// The wire model's responses and callbacks: the reference's shapes out, lenient reading in.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "connectel/api.hpp"

using connectel::Status;
using namespace connectel::api;
using nlohmann::json;

TEST_CASE("a single-send response reads the reference's example, setusInt and all") {
    const auto response = json::parse(R"({
        "href": "https://smsapi.connectel.se/api/status/?authorization={YOURTOKEN}&message=RXV66UX9433XJ430.15986176764672468",
        "method": "GET", "recipient": "46700000000", "requestid": "RXV66UX9433XJ400.15986176764672468",
        "sender": "IKEA", "setusInt": 0, "statusInt": 0, "statusStr": "ENROUTE"})")
                              .get<SendResponse>();
    CHECK(response.requestid == "RXV66UX9433XJ400.15986176764672468");
    CHECK(response.status.status == Status::Enroute);
    CHECK(json(response)["setusInt"] == 0);
    CHECK(json(response).dump() ==
          R"({"href":"https://smsapi.connectel.se/api/status/?authorization={YOURTOKEN}&message=RXV66UX9433XJ430.15986176764672468","method":"GET","recipient":"46700000000","requestid":"RXV66UX9433XJ400.15986176764672468","sender":"IKEA","setusInt":0,"statusInt":0,"statusStr":"ENROUTE"})");
}

TEST_CASE("statuses are read leniently: QUEUE, numeric statusStr, setusInt alone, reserved codes") {
    CHECK(json::parse(R"({"statusInt": 0, "statusStr": "QUEUE"})").get<DeliveryReport>().status.status == Status::Queued);
    const auto numeric = json::parse(R"({"statusInt": 1, "statusStr": 1})").get<Dlr>().status;
    CHECK(numeric.status == Status::Delivered);
    CHECK(numeric.text == "1");
    CHECK(json::parse(R"({"setusInt": 0})").get<SendResponse>().status.status == Status::Enroute);
    const auto reserved = json::parse(R"({"statusInt": 6})").get<DeliveryReport>().status;
    CHECK(reserved.status == Status::Reserved);
    CHECK(reserved.code == 6);
    CHECK(json::parse(R"({"statusInt": "2"})").get<DeliveryReport>().status.status == Status::Rejected);
    CHECK_THROWS_AS(json::parse(R"({"statusInt": 42})").get<DeliveryReport>(), connectel::ValidationError);
    CHECK_THROWS_AS(json::parse(R"({"recipient": "1"})").get<DeliveryReport>(), connectel::ValidationError);
}

TEST_CASE("a wrong type in a response names the field") {
    try {
        (void)json::parse(R"({"requestid": 5, "statusInt": 1})").get<DeliveryReport>();
        FAIL("no exception");
    } catch (const connectel::ValidationError& e) {
        CHECK(e.field() == "requestid");
    }
}

TEST_CASE("bulk responses and bulk delivery reports round-trip") {
    BulkSendResponse sent;
    sent.bulkid = "BRCNMX2Z2.15986173923570037";
    sent.recipients = {{"Number1", "46700000000", "RQW6LMR4QSE37SEA.15986173923570254"}};
    sent.sender = "IKEA";
    const json wire = sent;
    CHECK(wire["statusStr"] == "QUEUED");
    CHECK(wire["recipient"][0]["key"] == "Number1");
    const auto back = wire.get<BulkSendResponse>();
    CHECK(back.recipients.size() == 1);
    CHECK(back.recipients[0].requestid == "RQW6LMR4QSE37SEA.15986173923570254");
    CHECK(back.status.status == Status::Queued);

    BulkDeliveryReport report;
    report.bulkid = sent.bulkid;
    report.recipients = {{"2020-01-01 14:00:00", "4670000000", "RMH8ZYXWCWJYIB5A.15986181942392678", "",
                          StatusField::of(Status::Delivered), ""}};
    const auto read = json(report).get<BulkDeliveryReport>();
    CHECK(read.recipients[0].status.status == Status::Delivered);
    CHECK(read.recipients[0].date == "2020-01-01 14:00:00");
}

TEST_CASE("a DLR has the reference's fields, bulkid only for bulk members, and a form twin") {
    Dlr dlr;
    dlr.requestid = "RMH8ZYXWCWJYIB5A.15986181942392678";
    dlr.tokenid = "tok-1";
    dlr.status = StatusField::of(Status::Delivered);
    dlr.sender = "IKEA";
    dlr.recipient = "4670000001";
    json wire = dlr;
    CHECK(wire["action"] == "dlr");
    CHECK(wire["statusStr"] == "DELIVRD");
    CHECK_FALSE(wire.contains("bulkid"));
    dlr.bulkid = "BFQKACELG.15986181942392488";
    wire = dlr;
    CHECK(wire["bulkid"] == "BFQKACELG.15986181942392488");
    const auto form = to_form(dlr);
    const auto status = std::find_if(form.begin(), form.end(), [](const auto& f) { return f.first == "statusInt"; });
    REQUIRE(status != form.end());
    CHECK(status->second == "1");
    CHECK(wire.get<Dlr>().tokenid == "tok-1");
}

TEST_CASE("an inbound SMS has from, to, requestid and message, in JSON and form") {
    const InboundSms sms{"35890010000", "3581000000", "RMH8ZYXWCWJYIB5A.15986181942392678", "Your incoming message"};
    const json wire = sms;
    CHECK(wire["from"] == "35890010000");
    CHECK(wire.get<InboundSms>().message == "Your incoming message");
    CHECK(connectel::form::encode(to_form(sms)) ==
          "from=35890010000&to=3581000000&requestid=RMH8ZYXWCWJYIB5A.15986181942392678&message=Your+incoming+message");
}
