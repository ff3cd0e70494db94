// Bad requests over real HTTP: each gets the API's JSON error body with the right status and
// field, never a 500, and a rejected bulk stores nothing.
#include <doctest/doctest.h>

#include "sim_fixture.hpp"

using namespace connectel_tests;
using nlohmann::json;

namespace {

struct Expected {
    int status;
    std::string code;
    json field;  // null or a string
};

void check_error(const httplib::Result& res, const Expected& expected) {
    REQUIRE(res);
    CHECK(res->status == expected.status);
    CHECK(res->get_header_value("Content-Type") == "application/json");
    const json body = json::parse(res->body);
    REQUIRE(body.contains("error"));
    CHECK(body["error"]["code"] == expected.code);
    CHECK(body["error"]["field"] == expected.field);
    CHECK(body["error"]["message"].is_string());
    CHECK_FALSE(body["error"]["message"].get<std::string>().empty());
}

}  // namespace

TEST_CASE("invalid parameters are 400 naming the field") {
    RunningSimulator sim;
    const std::pair<std::string, Expected> cases[] = {
        {"authorization=tok&recipient=46700000000&message=Hi", {400, "missing_parameter", "sender"}},
        {"authorization=tok&sender=IKEA&message=Hi", {400, "missing_parameter", "recipient"}},
        {"authorization=tok&sender=IKEA&recipient=46700000000", {400, "missing_parameter", "message"}},
        {"authorization=tok&sender=TOOLONGSENDER&recipient=46700000000&message=Hi", {400, "invalid_parameter", "sender"}},
        {"authorization=tok&sender=IKEA&recipient=0701234567x&message=Hi", {400, "invalid_parameter", "recipient"}},
        {"authorization=tok&sender=IKEA&recipient=123&message=Hi", {400, "invalid_parameter", "recipient"}},
        {"authorization=tok&sender=IKEA&recipient=46700000000&message=%FF%FE", {400, "invalid_parameter", "message"}},
        {"authorization=tok&sender=IKEA&recipient=46700000000&message=" + std::string(1601, 'a'),
         {400, "invalid_parameter", "message"}},
        {"authorization=tok&sender=IKEA&recipient=46700000000&message=Hi&bulk=maybe", {400, "invalid_parameter", "bulk"}},
        {"authorization=tok&sender=IKEA&recipient=46700000000&message=%ZZ", {400, "malformed_body", nullptr}},
        {"sender=IKEA&recipient=46700000000&message=Hi", {401, "missing_token", "authorization"}},
    };
    for (const auto& [body, expected] : cases) {
        CAPTURE(body);
        check_error(sim.post_form("/api/v2/send", body), expected);
    }
    CHECK(sim.get_json("/_sim/messages")["count"] == 0);
}

TEST_CASE("malformed and mistyped JSON bodies are 400 with the byte offset or the field") {
    RunningSimulator sim;
    const auto post = [&](const std::string& body) { return sim.client().Post("/api/v2/send", body, "application/json"); };
    check_error(post(R"({"x":1e400})"), {400, "invalid_parameter", "x"});  // was a 500
    check_error(post(R"({"authorization": "tok", "x": )" + std::string(10000, '9') + "}"),
                {400, "invalid_parameter", "x"});
    auto res = post(R"({"authorization": "tok", "sender": )");
    check_error(res, {400, "malformed_body", nullptr});
    CHECK(json::parse(res->body)["error"]["message"].get<std::string>().find("byte") != std::string::npos);
    check_error(post("[1, 2]"), {400, "malformed_body", nullptr});
    check_error(post("{\"authorization\": \"tok\", \"message\": \"\xFF\"}"), {400, "malformed_body", nullptr});
    check_error(post(R"({"authorization": "tok", "sender": 5, "recipient": "46700000000", "message": "Hi"})"),
                {400, "invalid_parameter", "sender"});
    check_error(post(R"({"authorization": "tok", "sender": "IKEA", "recipient": ["46700000000"], "message": "Hi"})"),
                {400, "invalid_parameter", "recipient"});
    check_error(post(R"({"authorization": "tok", "sender": "IKEA", "bulk": true, "recipient": [{"A": 46700000000}], "message": "Hi"})"),
                {400, "invalid_parameter", "recipient[A]"});
    check_error(post(""), {400, "malformed_body", nullptr});
}

TEST_CASE("a bulk with one invalid recipient is rejected whole: nothing is stored") {
    RunningSimulator sim;
    const json request = {{"authorization", "tok"},
                          {"sender", "IKEA"},
                          {"bulk", true},
                          {"recipient", {{"Good1", "46700000001"}, {"Bad", "12"}, {"Good2", "46700000002"}}},
                          {"message", "Hi"}};
    check_error(sim.post_json("/api/v2/send", request), {400, "invalid_parameter", "recipient[Bad]"});
    json duplicate = request;
    duplicate["recipient"] = json::array({{{"K", "46700000001"}}, {{"K", "46700000002"}}});
    check_error(sim.post_json("/api/v2/send", duplicate), {400, "invalid_parameter", "recipient[K]"});
    CHECK(sim.get_json("/_sim/messages")["count"] == 0);
    sim.advance("1h");
    CHECK(sim.get_json("/_sim/messages")["count"] == 0);
}

TEST_CASE("an unknown token is 401 when the scenario lists its tokens") {
    RunningSimulator sim(test_options(R"({"name": "t", "tokens": [{"token": "secret", "id": "tok-1"}]})"));
    check_error(sim.post_form("/api/v2/send", "authorization=guess&sender=IKEA&recipient=46700000000&message=Hi"),
                {401, "unknown_token", "authorization"});
    check_error(sim.get("/api/v2/delivery?authorization=guess&requestid=R1"), {401, "unknown_token", "authorization"});
    CHECK(sim.post_form("/api/v2/send", "authorization=secret&sender=IKEA&recipient=46700000000&message=Hi")->status ==
          200);
}

TEST_CASE("other content types are 415, a body too large 413") {
    sim::Options options = test_options();
    options.tuning.max_body_bytes = 4096;
    RunningSimulator sim(std::move(options));
    check_error(sim.client().Post("/api/v2/send", "authorization=tok", "text/plain"),
                {415, "unsupported_media_type", "Content-Type"});
    check_error(sim.client().Post("/api/v2/send", "{}", "application/xml"),
                {415, "unsupported_media_type", "Content-Type"});
    // A multipart form is read whole as bytes (cpp-httplib would take it apart), refused, and
    // journalled as it came; the same connection goes on.
    const std::string multipart = "--b\r\nContent-Disposition: form-data; name=\"authorization\"\r\n\r\ntok\r\n--b--\r\n";
    check_error(sim.client().Post("/api/v2/send", multipart, "multipart/form-data; boundary=b"),
                {415, "unsupported_media_type", "Content-Type"});
    CHECK(sim.get_json("/_sim/requests")["requests"].back()["body"].get<std::string>().find("form-data") != std::string::npos);
    check_error(sim.post_form("/api/v2/send", "authorization=tok&message=" + std::string(5000, 'a')),
                {413, "body_too_large", nullptr});
    CHECK(sim.get_json("/_sim/messages")["count"] == 0);
    // The server is still there.
    CHECK(sim.get("/_sim/health")->status == 200);
}

TEST_CASE("a wrong method is 405 with Allow; an unknown path is 404") {
    RunningSimulator sim;
    auto res = sim.client().Delete("/api/v2/send/");
    check_error(res, {405, "method_not_allowed", nullptr});
    CHECK(res->get_header_value("Allow") == "POST");
    check_error(sim.get("/api/v2/send"), {405, "method_not_allowed", nullptr});
    check_error(sim.post_form("/api/v2/delivery", ""), {405, "method_not_allowed", nullptr});
    check_error(sim.get("/api/v3/send"), {404, "not_found", nullptr});
    check_error(sim.get("/nowhere"), {404, "not_found", nullptr});
    check_error(sim.get("/ui/no-such-file.js"), {404, "not_found", nullptr});
    check_error(sim.client().Put("/_sim/health", "", "application/json"), {405, "method_not_allowed", nullptr});
}
