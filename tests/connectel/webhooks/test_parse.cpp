// webhooks.hpp's parsers: DLRs and inbound SMS as JSON and as forms, the vendor's oddities read
// leniently, and every kind of unreadable callback named.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "connectel/form.hpp"
#include "connectel/webhooks.hpp"

using connectel::CallbackErrorKind;
using connectel::Status;
using connectel::api::Dlr;
using connectel::api::InboundSms;
using nlohmann::json;

namespace {

constexpr const char* json_type = "application/json";
constexpr const char* form_type = "application/x-www-form-urlencoded";

Dlr sample_dlr() {
    Dlr dlr;
    dlr.requestid = "RXV66UX9433XJ400.15986176764672468";
    dlr.tokenid = "tok-1";
    dlr.status = connectel::api::StatusField::of(Status::Delivered);
    dlr.sender = "IKEA";
    dlr.recipient = "46700000000";
    dlr.bulkid = "BQ0Y1ZYD.15986181942392678";
    dlr.date = "2020-01-01 00:00:01";
    dlr.status_desc = "Delivered to handset";
    return dlr;
}

// The problem a body gives, or a failed CHECK when it parses.
connectel::CallbackProblem problem_of(const std::string& body, const std::string& content_type) {
    const auto result = connectel::try_parse_callback(body, content_type);
    CHECK_FALSE(result);
    return result.problem;
}

}  // namespace

TEST_CASE("a JSON DLR as the simulator sends it parses field for field") {
    const std::string body = json(sample_dlr()).dump();
    const Dlr dlr = connectel::parse_dlr(body, json_type);
    CHECK(dlr.action == "dlr");
    CHECK(dlr.requestid == "RXV66UX9433XJ400.15986176764672468");
    CHECK(dlr.tokenid == "tok-1");
    CHECK(dlr.status.status == Status::Delivered);
    CHECK(dlr.status.code == 1);
    CHECK(dlr.status.text == "DELIVRD");
    CHECK(dlr.sender == "IKEA");
    CHECK(dlr.recipient == "46700000000");
    CHECK(dlr.bulkid == "BQ0Y1ZYD.15986181942392678");
    CHECK(dlr.date == "2020-01-01 00:00:01");
    CHECK(dlr.status_desc == "Delivered to handset");
}

TEST_CASE("a form DLR parses the same, statusInt arriving as text") {
    const std::string body = connectel::form::encode(connectel::api::to_form(sample_dlr()));
    const Dlr dlr = connectel::parse_dlr(body, form_type);
    CHECK(dlr.requestid == "RXV66UX9433XJ400.15986176764672468");
    CHECK(dlr.status.status == Status::Delivered);
    CHECK(dlr.status.code == 1);
    CHECK(dlr.status_desc == "Delivered to handset");
    CHECK(dlr.date == "2020-01-01 00:00:01");
}

TEST_CASE("the content type is matched without case, with parameters and a UTF-8 charset") {
    const std::string body = json(sample_dlr()).dump();
    CHECK(connectel::try_parse_dlr(body, "application/json; charset=UTF-8"));
    CHECK(connectel::try_parse_dlr(body, "Application/JSON;charset=\"utf-8\""));
    CHECK(connectel::try_parse_dlr(body, " application/json ; foo=bar"));
    const std::string form = connectel::form::encode(connectel::api::to_form(sample_dlr()));
    CHECK(connectel::try_parse_dlr(form, "application/x-www-form-urlencoded; charset=utf-8"));
}

TEST_CASE("a numeric statusStr is read as the code, in JSON and in a form") {
    // The reference's DLR example: "statusStr": 1, with or without statusInt.
    for (const char* body : {R"({"action":"dlr","requestid":"R1","statusInt":1,"statusStr":1})",
                             R"({"action":"dlr","requestid":"R1","statusStr":1})",
                             R"({"action":"dlr","requestid":"R1","statusStr":"1"})"}) {
        CAPTURE(body);
        const Dlr dlr = connectel::parse_dlr(body, json_type);
        CHECK(dlr.status.status == Status::Delivered);
        CHECK(dlr.status.code == 1);
        CHECK(dlr.status.text == "1");
    }
    const Dlr form = connectel::parse_dlr("action=dlr&requestid=R1&statusStr=2", form_type);
    CHECK(form.status.status == Status::Rejected);
    CHECK(form.status.code == 2);
}

TEST_CASE("reserved codes, QUEUE and a lowercase status are accepted") {
    const Dlr reserved = connectel::parse_dlr(R"({"requestid":"R1","statusInt":3})", json_type);
    CHECK(reserved.status.status == Status::Reserved);
    CHECK(reserved.status.code == 3);
    CHECK(connectel::parse_dlr("requestid=R1&statusInt=7", form_type).status.status == Status::Reserved);
    CHECK(connectel::parse_dlr(R"({"requestid":"R1","statusInt":0,"statusStr":"QUEUE"})", json_type)
              .status.status == Status::Queued);
    CHECK(connectel::parse_dlr(R"({"requestid":"R1","statusStr":"undeliv"})", json_type).status.status ==
          Status::Undeliverable);
}

TEST_CASE("unknown extra fields are ignored and numbers where text is expected become text") {
    const Dlr dlr = connectel::parse_dlr(
        R"({"action":"dlr","requestid":"R1","statusInt":1,"statusStr":"DELIVRD","recipient":46700000000,
            "operator":{"mcc":240,"mnc":1},"price":0.05,"tags":["a","b"],"statusDesc":null})",
        json_type);
    CHECK(dlr.recipient == "46700000000");
    CHECK(dlr.status_desc.empty());
    const InboundSms sms = connectel::parse_inbound(
        R"({"from":35890010000,"to":"46700000100","message":"Hi","keyword":"HI"})", json_type);
    CHECK(sms.from == "35890010000");
}

TEST_CASE("every text field of a callback, written as a JSON number, parses as its digits") {
    // No list of text fields to keep up: whatever is not a status code is read as text.
    const Dlr dlr = connectel::parse_dlr(
        R"({"action":7,"requestid":1001,"tokenid":1002,"sender":1003,"recipient":1004,"bulkid":1005,
            "date":1006,"statusDesc":1007,"statusInt":1})",
        json_type);
    CHECK(dlr.action == "7");
    CHECK(dlr.requestid == "1001");
    CHECK(dlr.tokenid == "1002");
    CHECK(dlr.sender == "1003");
    CHECK(dlr.recipient == "1004");
    CHECK(dlr.bulkid == "1005");
    CHECK(dlr.date == "1006");
    CHECK(dlr.status_desc == "1007");
    CHECK(dlr.status.code == 1);
    const InboundSms sms =
        connectel::parse_inbound(R"({"from":2001,"to":2002,"requestid":2003,"message":-42})", json_type);
    CHECK(sms.from == "2001");
    CHECK(sms.to == "2002");
    CHECK(sms.requestid == "2003");
    CHECK(sms.message == "-42");
}

TEST_CASE("an inbound SMS parses from JSON and from a form, UTF-8 and empty text included") {
    const InboundSms sent{"35890010000", "46700000100", "RMH8ZYXWCWJYIB5A.15986181942392678", "Hej då 😀"};
    const InboundSms from_json = connectel::parse_inbound(json(sent).dump(), json_type);
    CHECK(from_json.from == sent.from);
    CHECK(from_json.to == sent.to);
    CHECK(from_json.requestid == sent.requestid);
    CHECK(from_json.message == sent.message);
    const InboundSms from_form =
        connectel::parse_inbound(connectel::form::encode(connectel::api::to_form(sent)), form_type);
    CHECK(from_form.message == "Hej då 😀");
    CHECK(from_form.requestid == sent.requestid);
    CHECK(connectel::parse_inbound("from=35890010000&to=46700000100&message=", form_type).message.empty());
}

TEST_CASE("parse_callback tells a DLR from an inbound SMS") {
    const auto dlr = connectel::parse_callback(json(sample_dlr()).dump(), json_type);
    REQUIRE(std::holds_alternative<Dlr>(dlr));
    CHECK(std::get<Dlr>(dlr).requestid == "RXV66UX9433XJ400.15986176764672468");

    const auto sms =
        connectel::parse_callback("from=35890010000&to=46700000100&requestid=R2&message=Hi", form_type);
    REQUIRE(std::holds_alternative<InboundSms>(sms));
    CHECK(std::get<InboundSms>(sms).message == "Hi");

    // Without action, a status means a DLR; action=dlr decides even beside from/to.
    CHECK(std::holds_alternative<Dlr>(
        connectel::parse_callback(R"({"requestid":"R1","statusInt":2})", json_type)));
    CHECK(std::holds_alternative<Dlr>(connectel::parse_callback(
        R"({"action":"DLR","requestid":"R1","statusInt":1,"from":"x","to":"y"})", json_type)));
    // Another action with the inbound fields is an inbound SMS.
    CHECK(std::holds_alternative<InboundSms>(connectel::parse_callback(
        R"({"action":"mo","from":"35890010000","to":"46700000100","message":"Hi"})", json_type)));
}

TEST_CASE("the non-throwing form gives the value or the problem") {
    const auto good = connectel::try_parse_callback(json(sample_dlr()).dump(), json_type);
    REQUIRE(good);
    CHECK(std::holds_alternative<Dlr>(*good));
    const auto bad = connectel::try_parse_dlr("{", json_type);
    CHECK_FALSE(bad);
    CHECK_FALSE(bad.value.has_value());
    CHECK(bad.problem.kind == CallbackErrorKind::MalformedBody);
}

TEST_CASE("an unknown or missing content type is refused, as is a charset other than UTF-8") {
    auto problem = problem_of("{}", "text/plain");
    CHECK(problem.kind == CallbackErrorKind::UnsupportedContentType);
    CHECK(problem.message.find("text/plain") != std::string::npos);
    CHECK(problem_of("{}", "").kind == CallbackErrorKind::UnsupportedContentType);
    CHECK(problem_of("{}", "multipart/form-data; boundary=x").kind ==
          CallbackErrorKind::UnsupportedContentType);
    problem = problem_of(json(sample_dlr()).dump(), "application/json; charset=ISO-8859-1");
    CHECK(problem.kind == CallbackErrorKind::UnsupportedContentType);
    CHECK(problem.message.find("iso-8859-1") != std::string::npos);
}

TEST_CASE("malformed JSON names its byte offset; a body that is not an object says so") {
    auto problem = problem_of(R"({"requestid": "R1", "statusInt": })", json_type);
    CHECK(problem.kind == CallbackErrorKind::MalformedBody);
    CAPTURE(problem.message);
    CHECK(problem.message.rfind("malformed JSON at byte 34: ", 0) == 0);
    CHECK(problem_of("", json_type).kind == CallbackErrorKind::MalformedBody);
    problem = problem_of("[1, 2]", json_type);
    CHECK(problem.kind == CallbackErrorKind::MalformedBody);
    CHECK(problem.message == "the JSON body is not an object of fields");
    // A number no double holds: a problem like any other, not an exception (found by fuzzing).
    problem = problem_of(R"({"requestid": "R1", "statusInt": 1e400})", json_type);
    CHECK(problem.kind == CallbackErrorKind::MalformedBody);
    CHECK(problem.message == "the JSON body has a number out of range");
}

TEST_CASE("a bad percent-escape in a form names the field") {
    const auto problem = problem_of("requestid=R1&statusInt=1&message=50%ZZ", form_type);
    CHECK(problem.kind == CallbackErrorKind::MalformedBody);
    CHECK(problem.field == "message");
    CHECK(problem.describe() == "message: malformed percent-escape");
}

TEST_CASE("invalid UTF-8 names the byte, and in a form the field") {
    auto problem = problem_of("{\"from\":\"1\",\"to\":\"2\",\"message\":\"caf\xC3\"}", json_type);
    CHECK(problem.kind == CallbackErrorKind::InvalidUtf8);
    CHECK(problem.message == "invalid UTF-8 at byte 35: truncated multi-byte sequence");
    problem = problem_of("from=1&to=2&message=caf%C3", form_type);
    CHECK(problem.kind == CallbackErrorKind::InvalidUtf8);
    CHECK(problem.field == "message");
    CHECK(problem.message == "invalid UTF-8 at byte 3: truncated multi-byte sequence");
}

TEST_CASE("a missing field is named") {
    auto problem = problem_of(R"({"action":"dlr","statusInt":1})", json_type);
    CHECK(problem.kind == CallbackErrorKind::MissingField);
    CHECK(problem.field == "requestid");
    problem = problem_of(R"({"action":"dlr","requestid":"R1"})", json_type);
    CHECK(problem.kind == CallbackErrorKind::MissingField);
    CHECK(problem.field == "statusInt");
    for (const auto& [body, field] :
         {std::pair{"to=2&message=x", "from"}, std::pair{"from=1&message=x", "to"},
          std::pair{"from=1&to=2", "message"}}) {
        CAPTURE(body);
        problem = problem_of(body, form_type);
        CHECK(problem.kind == CallbackErrorKind::MissingField);
        CHECK(problem.field == field);
    }
    // The explicit parsers too: an inbound SMS is no DLR.
    const auto as_dlr = connectel::try_parse_dlr("from=1&to=2&message=x", form_type);
    CHECK(as_dlr.problem.kind == CallbackErrorKind::MissingField);
}

TEST_CASE("a field of the wrong type or an unknown status is named") {
    auto problem = problem_of(R"({"requestid":"R1","statusInt":42})", json_type);
    CHECK(problem.kind == CallbackErrorKind::InvalidField);
    CHECK(problem.field == "statusInt");
    CHECK(problem.message == "unknown status code 42");
    problem = problem_of("requestid=R1&statusInt=abc", form_type);
    CHECK(problem.kind == CallbackErrorKind::InvalidField);
    CHECK(problem.field == "statusInt");
    problem = problem_of(R"({"requestid":"R1","statusInt":1,"sender":["IKEA"]})", json_type);
    CHECK(problem.kind == CallbackErrorKind::InvalidField);
    CHECK(problem.field == "sender");
    problem = problem_of(R"({"from":"1","to":"2","message":{"text":"x"}})", json_type);
    CHECK(problem.kind == CallbackErrorKind::InvalidField);
    CHECK(problem.field == "message");
}

TEST_CASE("a payload that is neither kind is an unknown callback") {
    auto problem = problem_of(R"({"hello":"world"})", json_type);
    CHECK(problem.kind == CallbackErrorKind::UnknownCallback);
    CHECK(problem.field.empty());
    problem = problem_of("action=send&requestid=R1", form_type);
    CHECK(problem.kind == CallbackErrorKind::UnknownCallback);
    CHECK(problem.field == "action");
    CHECK(problem.message.find("\"send\"") != std::string::npos);
}

TEST_CASE("the throwing forms throw CallbackError, a connectel::Error that names the field") {
    try {
        connectel::parse_dlr(R"({"statusInt":1})", json_type);
        FAIL("no exception");
    } catch (const connectel::CallbackError& e) {
        CHECK(e.kind() == CallbackErrorKind::MissingField);
        CHECK(e.field() == "requestid");
        CHECK(std::string(e.what()) == "requestid is required in a delivery report");
    }
    CHECK_THROWS_AS(connectel::parse_inbound("{}", "text/html"), connectel::Error);
    CHECK_THROWS_WITH_AS(connectel::parse_callback("{oops", json_type),
                         doctest::Contains("malformed JSON at byte 2"), connectel::CallbackError);
    CHECK(connectel::to_string(CallbackErrorKind::InvalidUtf8) == "invalid_utf8");
}
