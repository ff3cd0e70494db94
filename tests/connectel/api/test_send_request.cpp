// Reading send requests: every accepted shape of JSON and form bodies, and each rejection
// naming its field.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "connectel/api/send_request.hpp"
#include "send_requests.hpp"

using namespace connectel::api;
using connectel_tests::bulk_send;
using connectel_tests::single_send;

namespace {

using Parser = std::optional<FieldProblem> (*)(std::string_view, SendRequest&);

SendRequest accepted(Parser parse, const std::string& body) {
    SendRequest r;
    const auto problem = parse(body, r);
    CAPTURE(body);
    REQUIRE_FALSE(problem.has_value());
    return r;
}

FieldProblem rejected(Parser parse, const std::string& body) {
    SendRequest r;
    const auto problem = parse(body, r);
    CAPTURE(body);
    REQUIRE(problem.has_value());
    return *problem;
}

SendRequest json_ok(const std::string& body) {
    return accepted(parse_send_json, body);
}
SendRequest form_ok(const std::string& body) {
    return accepted(parse_send_form, body);
}
FieldProblem json_bad(const std::string& body) {
    return rejected(parse_send_json, body);
}
FieldProblem form_bad(const std::string& body) {
    return rejected(parse_send_form, body);
}

void check_two_recipients(const SendRequest& r) {
    CHECK(r.bulk);
    REQUIRE(r.recipients.size() == 2);
    CHECK(r.recipients[0].key == "Number1");
    CHECK(r.recipients[0].number == "4670000000");
    CHECK(r.recipients[1].key == "Number2");
    CHECK(r.recipients[1].number == "46700000001");
    CHECK_FALSE(check_send(r).has_value());
}

}  // namespace

TEST_CASE("a single JSON send reads every field and passes the rules") {
    const SendRequest r =
        json_ok(R"({"authorization":"t","sender":"IKEA","recipient":"46700000000","message":"Hej!"})");
    CHECK(r.token == "t");
    CHECK(r.sender == "IKEA");
    CHECK(r.recipient == "46700000000");
    CHECK(r.message == "Hej!");
    CHECK_FALSE(r.bulk);
    CHECK_FALSE(check_send(r).has_value());
}

TEST_CASE("a JSON bulk accepts the documented array of pairs, a plain object and a JSON string") {
    const std::string common = R"("authorization":"t","sender":"IKEA","message":"Hi",)";
    check_two_recipients(json_ok(
        "{" + common + R"("bulk":true,"recipient":[{"Number1":"4670000000"},{"Number2":"46700000001"}]})"));
    // A plain object keeps the request's order.
    check_two_recipients(
        json_ok("{" + common + R"("bulk":1,"recipient":{"Number1":"4670000000","Number2":"46700000001"}})"));
    check_two_recipients(json_ok(
        "{" + common +
        R"("bulk":"true","recipient":"[{\"Number1\":\"4670000000\"},{\"Number2\":\"46700000001\"}]"})"));
}

TEST_CASE("a form send, single and bulk in both accepted shapes") {
    const SendRequest single =
        form_ok("authorization=t&sender=IKEA&recipient=%2B46700000000&message=Hej+d%C3%A5");
    CHECK(single.recipient == "+46700000000");
    CHECK(single.message == "Hej då");
    CHECK_FALSE(check_send(single).has_value());

    check_two_recipients(
        form_ok("authorization=t&sender=IKEA&message=Hi&bulk=true&recipient=%5B%7B%22Number1%22%3A%"
                "224670000000%22%7D%2C%7B%22"
                "Number2%22%3A%2246700000001%22%7D%5D"));
    check_two_recipients(
        form_ok("authorization=t&sender=IKEA&message=Hi&bulk=1&recipient%5BNumber1%5D=4670000000&recipient["
                "Number2]=46700000001"));
}

TEST_CASE("a form bulk as PHP's http_build_query writes the documented list of one-pair objects") {
    // [["Number1" => ...], ["Number2" => ...]]: recipient[0][Number1]=...&recipient[1][Number2]=...
    check_two_recipients(form_ok("authorization=t&sender=IKEA&message=Hi&bulk=1&recipient%5B0%5D%5BNumber1%5D="
                                 "4670000000&recipient%5B1%5D%5BNumber2%5D=46700000001"));
    // The same list written by hand with empty indexes.
    check_two_recipients(form_ok("authorization=t&sender=IKEA&message=Hi&bulk=1&recipient[][Number1]=4670000000"
                                 "&recipient[][Number2]=46700000001"));
}

TEST_CASE("a form bulk in a mix of shapes, or with a bracket name of no shape, names the field") {
    const FieldProblem mixed = form_bad("bulk=1&recipient[0][Number1]=4670000000&recipient[Number2]=46700000001");
    CHECK(mixed.field == "recipient");
    CHECK(mixed.message.find("not both") != std::string::npos);
    const FieldProblem two_in_one = form_bad("bulk=1&recipient[0][Number1]=4670000000&recipient[0][Number2]=4670000001");
    CHECK(two_in_one.field == "recipient[0]");
    CHECK(form_bad("bulk=1&recipient[0][Number1][x]=4670000000").field == "recipient[0][Number1][x]");
    CHECK(form_bad("bulk=1&recipient[x][Number1]=4670000000").field == "recipient[x][Number1]");
    CHECK(form_bad("bulk=1&recipient[Number1=4670000000").field == "recipient[Number1");
    CHECK(form_bad("bulk=1&recipient[a]b]=4670000000").field == "recipient[a]b]");
    // A key given twice is read, then refused by the rules, as in a JSON body.
    const SendRequest repeated = form_ok(
        "authorization=t&sender=IKEA&message=Hi&bulk=1&recipient[0][A]=4670000000&recipient[1][A]=4670000001");
    CHECK(check_send(repeated)->field == "recipient[A]");
}

TEST_CASE("malformed bodies are reported with where and why") {
    const FieldProblem p = json_bad(R"({"sender": "IKEA",)");
    CHECK(p.code == "malformed_body");
    CHECK(p.message.find("malformed JSON at byte") != std::string::npos);
    CHECK(json_bad("[1,2]").code == "malformed_body");
    CHECK(json_bad("").code == "malformed_body");
    CHECK(form_bad("sender=IKEA&message=100%").message.find("message") != std::string::npos);
}

TEST_CASE("a number out of range is a 400 problem naming its field, in any body and any shape") {
    const std::string bulk = R"("authorization":"t","sender":"IKEA","message":"Hi","bulk":true,)";
    const std::pair<std::string, std::string> cases[] = {
        {R"({"x":1e400})", "x"},
        {R"({"x":1e400)", "x"},  // before the body turns out malformed
        {R"({"message":"Hi","sender":-1e999})", "sender"},
        {"{" + bulk + R"("recipient":{"A":"46700000000","B":1e400}})", "recipient"},
        {"{" + bulk + R"("recipient":"[{\"A\":1e400}]"})", "recipient"},
    };
    for (const auto& [body, field] : cases) {
        const FieldProblem p = json_bad(body);
        CHECK(p.code == "invalid_parameter");
        CHECK(p.field == field);
        CHECK(p.message.find("out of range: ") != std::string::npos);
    }
    const FieldProblem form = form_bad("bulk=1&recipient=%5B%7B%22A%22%3A1e400%7D%5D");
    CHECK(form.code == "invalid_parameter");
    CHECK(form.field == "recipient");
    // 10,000 digits are quoted as a short excerpt, never whole.
    const FieldProblem digits = json_bad(R"({"x":)" + std::string(10'000, '1') + "}");
    CHECK(digits.field == "x");
    CHECK(digits.message.size() < 100);
    CHECK(digits.message.find("(10000 bytes)") != std::string::npos);
}

TEST_CASE("a plain-object bulk of 100,000 recipients keeps the request's order") {
    std::string body = R"({"authorization":"t","sender":"IKEA","message":"Hi","bulk":true,"recipient":{)";
    for (int i = 0; i < 100'000; ++i)
        body += (i ? ",\"K" : "\"K") + std::to_string(99'999 - i) + "\":\"467" + std::to_string(10'000'000 + i) + "\"";
    body += "}}";
    const SendRequest r = json_ok(body);
    REQUIRE(r.recipients.size() == 100'000);
    CHECK(r.recipients.front().key == "K99999");
    CHECK(r.recipients.back().key == "K0");
    CHECK(r.recipients.back().number == "46710099999");
    CHECK_FALSE(check_send(r).has_value());
}

TEST_CASE("wrong types name the field") {
    CHECK(json_bad(R"({"sender":46700000000})").field == "sender");
    CHECK(json_bad(R"({"message":["a"]})").field == "message");
    CHECK(json_bad(R"({"authorization":1})").field == "authorization");
    CHECK(json_bad(R"({"recipient":46700000000})").field == "recipient");
    CHECK(json_bad(R"({"bulk":"yes"})").field == "bulk");
    CHECK(json_bad(R"({"bulk":2})").field == "bulk");
    CHECK(json_bad(R"({"bulk":true,"recipient":{"Number1":4670000000}})").field == "recipient[Number1]");
    CHECK(json_bad(R"({"bulk":true,"recipient":[{"a":"4670000000","b":"4670000001"}]})").field ==
          "recipient");
    CHECK(json_bad(R"({"bulk":true,"recipient":"not json"})").field == "recipient");
    CHECK(form_bad("bulk=maybe").field == "bulk");
}

TEST_CASE("several recipients without bulk are refused, not half-sent") {
    CHECK(json_bad(R"({"recipient":["4670000000","4670000001"]})").message.find("bulk") != std::string::npos);
    CHECK(form_bad("recipient[a]=4670000000").message.find("bulk=true") != std::string::npos);
    CHECK(form_bad("bulk=true&recipient=%5B%5D&recipient[a]=4670000000").field == "recipient");
}

TEST_CASE("check_send reports the first broken rule, in field order") {
    SendRequest r = json_ok(R"({"sender":"IKEA","recipient":"46700000000","message":"Hi"})");
    CHECK(check_send(r)->field == "authorization");
    r.token = "t";
    r.sender = "TooLongSenderName";
    CHECK(check_send(r)->field == "sender");
    r.sender = "IKEA";
    r.recipient = "12";
    CHECK(check_send(r)->field == "recipient");
    r.recipient = "46700000000";
    r.message.clear();
    CHECK(check_send(r)->code == "missing_parameter");

    SendRequest bulk = json_ok(
        R"({"authorization":"t","sender":"IKEA","message":"Hi","bulk":true,"recipient":[{"ok":"4670000000"},{"bad":"12"}]})");
    CHECK(check_send(bulk)->field == "recipient[bad]");
}

TEST_CASE("validate throws ValidationError naming the first field at fault, and passes a good request") {
    SendRequest request;
    request.token = "tok";
    request.sender = "IKEA";
    request.recipient = "46700000000";
    request.message = "Hi";
    CHECK_NOTHROW(validate(request));
    request.recipient = "12";
    try {
        validate(request);
        FAIL("no exception");
    } catch (const connectel::ValidationError& e) {
        CHECK(e.field() == "recipient");
    }
}

TEST_CASE("what the client writes, JSON and form, single and bulk, the parsers read back as it was") {
    const SendRequest single = single_send("tok en&=", "IKEA", "46700000000", "Hej “där” & 100% 😀");
    const SendRequest bulk = bulk_send("tok", "IKEA", {{"b", "46700000001"}, {"a", "46700000002"}}, "Hi");

    for (const SendRequest* sent : {&single, &bulk}) {
        CAPTURE(sent->bulk);
        const auto same = [&](const SendRequest& read) {
            CHECK(read.token == sent->token);
            CHECK(read.sender == sent->sender);
            CHECK(read.message == sent->message);
            CHECK(read.bulk == sent->bulk);
            CHECK(read.recipient == sent->recipient);
            REQUIRE(read.recipients.size() == sent->recipients.size());
            for (const auto& r : sent->recipients) {  // the form's set is an object: any order
                const auto it = std::find_if(read.recipients.begin(), read.recipients.end(),
                                             [&](const BulkRecipient& x) { return x.key == r.key; });
                REQUIRE(it != read.recipients.end());
                CHECK(it->number == r.number);
            }
        };
        same(accepted(parse_send_json, nlohmann::json(*sent).dump()));
        same(accepted(parse_send_form, connectel::form::encode(to_form(*sent))));
    }
    // The JSON bulk set keeps the caller's order: the documented array of pairs.
    CHECK(nlohmann::json(bulk)["recipient"] == nlohmann::json::parse(R"([{"b":"46700000001"},{"a":"46700000002"}])"));
}
