// Hostile and careless input over real HTTP: numbers beyond a double on every JSON-reading
// path, tokens of nothing, tokens in the journal and the scenario's source, callback urls that
// would break a request line.
#include <doctest/doctest.h>

#include "sim_fixture.hpp"

using namespace connectel_tests;
using nlohmann::json;

namespace {

json error_of(const httplib::Result& res, int status) {
    REQUIRE(res);
    CHECK(res->status == status);
    return json::parse(res->body)["error"];
}

const std::string ten_thousand_digits(10'000, '1');

}  // namespace

TEST_CASE("a number out of range is a 400 naming its field on the send endpoint, quoted as an excerpt") {
    RunningSimulator sim;
    const std::string bulk = R"("authorization":"tok","sender":"IKEA","message":"Hi","bulk":true,)";
    const std::pair<std::string, std::string> cases[] = {
        {R"({"x":1e400})", "x"},
        {R"({"x":1e400)", "x"},
        {R"({"authorization":"tok","sender":"IKEA","recipient":"46700000000","message":-1e999})", "message"},
        {"{" + bulk + R"("recipient":{"A":"46700000000","B":1e400}})", "recipient"},
        {"{" + bulk + R"("recipient":"{\"A\":1e400}"})", "recipient"},
        {R"({"x":)" + ten_thousand_digits + "}", "x"},
    };
    for (const auto& [body, field] : cases) {
        CAPTURE(body.substr(0, 80));
        const json error = error_of(sim.client().Post("/api/v2/send", body, "application/json"), 400);
        CHECK(error["code"] == "invalid_parameter");
        CHECK(error["field"] == field);
        CHECK(error["message"].get<std::string>().size() < 100);
    }
    const json form = error_of(sim.post_form("/api/v2/send", "bulk=1&recipient=%7B%22A%22%3A1e400%7D"), 400);
    CHECK(form["field"] == "recipient");
    CHECK(sim.get_json("/_sim/messages")["total"] == 0);
}

TEST_CASE(
    "control API bodies: a number out of range is a 400 naming its field, bad JSON a 400, never a 500") {
    RunningSimulator sim;
    const auto sent =
        sim.post_form("/api/v2/send", "authorization=tok&sender=IKEA&recipient=46700000000&message=Hi");
    const std::string id = json::parse(sent->body)["requestid"];
    const std::pair<std::string, std::string> calls[] = {{"/_sim/clock/advance", "by"},
                                                         {"/_sim/inbound", "from"},
                                                         {"/_sim/preview", "message"},
                                                         {"/_sim/messages/" + id + "/status", "status"}};
    for (const auto& [path, field] : calls) {
        CAPTURE(path);
        const json error =
            error_of(sim.client().Post(path, "{\"" + field + "\": 1e400}", "application/json"), 400);
        CHECK(error["code"] == "invalid_parameter");
        CHECK(error["field"] == field);
        const json long_one = error_of(
            sim.client().Post(path, "{\"" + field + "\": " + ten_thousand_digits, "application/json"), 400);
        CHECK(long_one["field"] == field);
        CHECK(long_one["message"].get<std::string>().size() < 100);
        for (const std::string& bad : std::vector<std::string>{
                 "{", "[]", "\"x\"", "1e400", "{\"a\": [1e400]}", "\xff", "null",
                 std::string(200, '[') + std::string(200, ']'), "{\"" + field + "\": {}}"}) {
            CAPTURE(bad.substr(0, 20));
            const auto res = sim.client().Post(path, bad, "application/json");
            REQUIRE(res);
            CHECK(res->status == 400);
        }
    }
}

TEST_CASE("PUT /_sim/scenario: a number out of range is a problem at its place, quoted as an excerpt") {
    RunningSimulator sim;
    json error = error_of(
        sim.client().Put("/_sim/scenario", R"({"name": "x", "seed": 1e400})", "application/json"), 400);
    CHECK(error["code"] == "invalid_scenario");
    CHECK(error["problems"] == json::array({"body:1:23: number out of range: 1e400"}));
    error =
        error_of(sim.client().Put("/_sim/scenario", R"({"name": "x", "seed": )" + ten_thousand_digits + ".0}",
                                  "text/plain"),
                 400);
    CHECK(error["problems"][0].get<std::string>().size() < 100);
    CHECK(sim.get_json("/_sim/scenario")["name"] == "default");
}

TEST_CASE("\"Authorization: Bearer\" with nothing after it, and a token of blanks, are 401 missing_token") {
    RunningSimulator sim;  // the default scenario accepts any non-empty token
    const std::string send = R"({"sender":"IKEA","recipient":"46700000000","message":"Hi"})";
    for (const char* header : {"Bearer", "bearer", "Bearer ", "Bearer \t ", "   "}) {
        CAPTURE(header);
        const json error = error_of(
            sim.client().Post("/api/v2/send", {{"Authorization", header}}, send, "application/json"), 401);
        CHECK(error["code"] == "missing_token");
        CHECK(error["field"] == "authorization");
        CHECK(error_of(sim.get("/api/v2/delivery?requestid=R1", {{"Authorization", header}}), 401)["code"] ==
              "missing_token");
    }
    CHECK(error_of(sim.client().Post(
                       "/api/v2/send",
                       R"({"authorization":"  ","sender":"IKEA","recipient":"46700000000","message":"Hi"})",
                       "application/json"),
                   401)["code"] == "missing_token");
    CHECK(error_of(sim.get("/api/v2/delivery?requestid=R1&authorization=%20%09"), 401)["code"] ==
          "missing_token");
    // The accepted forms: "Bearer T" (the scheme in any case) and a bare T.
    for (const char* header : {"Bearer tok", "BEARER  tok", "tok"}) {
        CAPTURE(header);
        const auto res =
            sim.client().Post("/api/v2/send", {{"Authorization", header}}, send, "application/json");
        REQUIRE(res);
        CHECK(res->status == 200);
        CHECK(json::parse(res->body)["href"].get<std::string>().find("authorization=tok&") !=
              std::string::npos);
    }
}

TEST_CASE("the journal masks tokens where they stand: parsed or not, and never inside other words") {
    RunningSimulator sim(
        test_options(R"({"name": "masks", "tokens": [{"token": "a"}, {"token": "s3cret"}]})"));
    auto& client = sim.client();
    REQUIRE(
        client
            .Post("/api/v2/send",
                  R"({"authorization":"a","sender":"IKEA","recipient":"46700000000","message":"a banana"})",
                  "application/json")
            ->status == 200);
    CHECK(client
              .Post("/api/v2/send", "authorization=s3cret&sender=IKEA&recipient=46700000000&message=Hi",
                    "text/plain")
              ->status == 415);
    CHECK(client.Post("/api/v2/send", R"({"authorization":"s3cret","sender":)", "application/json")->status ==
          400);
    CHECK(client
              .Post("/api/v2/send", {{"Authorization", "Bearer s3cret"}}, R"({"note":"s3cret","sender":1})",
                    "application/json")
              ->status == 400);
    const auto res = sim.get("/_sim/requests");
    REQUIRE(res);
    CHECK(res->body.find("s3cret") == std::string::npos);
    CHECK(res->body.find("****uthoriz") == std::string::npos);
    const json requests = json::parse(res->body)["requests"];
    REQUIRE(requests.size() == 4);
    CHECK(requests[0]["path"] == "/api/v2/send");
    CHECK(requests[0]["body"]["authorization"] == "****");
    CHECK(requests[0]["body"]["message"] == "a banana");
    CHECK(requests[1]["body"] == "authorization=****&sender=IKEA&recipient=46700000000&message=Hi");
    CHECK(requests[2]["body"] == R"({"authorization":"****","sender":)");
    CHECK(requests[3]["body"] == json{{"note", "****"}, {"sender", 1}});
    CHECK(requests[3]["authorizationHeader"] == "****");
}

TEST_CASE("GET /_sim/scenario shows the source with the listed tokens masked") {
    const std::string source = R"({"name": "shop", // token s3cret-1 is in this comment
  "tokens": [{"token": "s3cret-1", "id": "tok-1"}, {"token": "s3cret-2", "id": "tok-2"}],
  "rules": [{"match": {"token": "s3cret-2"}, "lifecycle": [{"after": "1s", "status": "EXPIRED"}]}]})";
    RunningSimulator sim(test_options(source));
    const json scenario = sim.get_json("/_sim/scenario");
    CHECK(scenario["source"] == R"({"name": "shop", // token s3cret-1 is in this comment
  "tokens": [{"token": "****", "id": "tok-1"}, {"token": "****", "id": "tok-2"}],
  "rules": [{"match": {"token": "****"}, "lifecycle": [{"after": "1s", "status": "EXPIRED"}]}]})");
    // A loaded one too.
    REQUIRE(sim.client()
                .Put("/_sim/scenario", R"({"name": "next", "tokens": [{"token": "t0p"}]})", "text/plain")
                ->status == 200);
    CHECK(sim.get_json("/_sim/scenario")["source"] == R"({"name": "next", "tokens": [{"token": "****"}]})");
}

TEST_CASE("PUT /_sim/scenario refuses a callback url with a line break, a space, credentials or a bad port") {
    RunningSimulator sim;
    const std::pair<std::string, std::string> urls[] = {
        {R"(http://127.0.0.1:9/dlr\r\nX-Injected: 1)", "no spaces or control characters; found U+000D"},
        {"http://127.0.0.1:9/a b", "write a space as %20"},
        {"http://", "names its host"},
        {"http://127.0.0.1:99999/dlr", "from 1 to 65535, not \"99999\""},
        {"http://user:pw@127.0.0.1:9/dlr", "no user name or password"},
    };
    for (const auto& [url, words] : urls) {
        CAPTURE(url);
        const json error = error_of(
            sim.client().Put("/_sim/scenario?file=s.json",
                             R"({"name": "x", "tokens": [{"token": "t", "dlr": {"url": ")" + url + R"("}}]})",
                             "text/plain"),
            400);
        REQUIRE(error["problems"].size() == 1);
        const std::string problem = error["problems"][0];
        CHECK(problem.rfind("s.json:1:56: ", 0) == 0);
        CHECK(problem.find(words) != std::string::npos);
    }
    CHECK(sim.get_json("/_sim/scenario")["name"] == "default");
}
