// POST /api/v2/send/ over real HTTP: single and bulk, JSON and form, every accepted shape.
#include <doctest/doctest.h>

#include <regex>

#include "connectel/api/responses.hpp"
#include "connectel/form.hpp"
#include "sim_fixture.hpp"

using namespace connectel_tests;
using nlohmann::json;

namespace {

const std::string form_single = "authorization=tok&sender=IKEA&recipient=46700000000&message=Hello+world";

std::vector<std::string> keys_of(const json& object) {
    std::vector<std::string> keys;
    for (const auto& item : object.items()) keys.push_back(item.key());
    return keys;
}

json body_of(const httplib::Result& res) {
    REQUIRE(res);
    CHECK(res->get_header_value("Content-Type") == "application/json");
    return json::parse(res->body);
}

}  // namespace

TEST_CASE("a single send answers field for field like the reference, oddities included") {
    RunningSimulator sim;
    const auto res = sim.post_form("/api/v2/send/", form_single);
    REQUIRE(res);
    CHECK(res->status == 200);
    const json body = body_of(res);
    CHECK(keys_of(body) == std::vector<std::string>{"href", "method", "recipient", "requestid", "sender", "setusInt",
                                                    "statusInt", "statusStr"});
    CHECK(body["method"] == "GET");
    CHECK(body["recipient"] == "46700000000");
    CHECK(body["sender"] == "IKEA");
    CHECK(body["setusInt"] == 0);
    CHECK(body["statusInt"] == 0);
    CHECK(body["statusStr"] == "ENROUTE");
    const std::string id = body["requestid"];
    CHECK(std::regex_match(id, std::regex("R[A-Z0-9]{15}\\.[0-9]{17}")));
    CHECK(body["href"] == sim.base_url() + "/api/status/?authorization=tok&message=" + id);
}

TEST_CASE("the same send as JSON gives the same response") {
    RunningSimulator sim;
    const auto res = sim.post_json("/api/v2/send",
                                   {{"authorization", "tok"}, {"sender", "IKEA"}, {"recipient", "46700000000"},
                                    {"message", "Hello"}});
    REQUIRE(res);
    CHECK(res->status == 200);
    const auto typed = body_of(res).get<connectel::api::SendResponse>();
    CHECK(typed.status.status == connectel::Status::Enroute);
    CHECK(typed.recipient == "46700000000");
}

TEST_CASE("a bulk send lists each recipient with its key and request-id, QUEUED") {
    RunningSimulator sim;
    const json request = {{"authorization", "tok"},
                          {"sender", "IKEA"},
                          {"bulk", true},
                          {"recipient", json::array({{{"Number1", "46700000000"}}, {{"Number2", "46700000001"}}})},
                          {"message", "Hello"}};
    const auto res = sim.post_json("/api/v2/send/", request);
    REQUIRE(res);
    CHECK(res->status == 200);
    const json body = body_of(res);
    CHECK(keys_of(body) ==
          std::vector<std::string>{"bulkid", "href", "method", "recipient", "sender", "statusInt", "statusStr"});
    CHECK(body["statusStr"] == "QUEUED");
    CHECK(body["statusInt"] == 0);
    const std::string bulk_id = body["bulkid"];
    CHECK(std::regex_match(bulk_id, std::regex("B[A-Z0-9]{8}\\.[0-9]{17}")));
    CHECK(body["href"] == sim.base_url() + "/api/status/?authorization=tok&bulkid=" + bulk_id);
    REQUIRE(body["recipient"].size() == 2);
    CHECK(keys_of(body["recipient"][0]) == std::vector<std::string>{"key", "recipient", "requestid"});
    CHECK(body["recipient"][0]["key"] == "Number1");
    CHECK(body["recipient"][1]["recipient"] == "46700000001");
    CHECK(body["recipient"][0]["requestid"] != body["recipient"][1]["requestid"]);
}

TEST_CASE("every accepted shape of a bulk request is accepted, keys kept in request order") {
    RunningSimulator sim;
    const std::string set = R"([{"B":"46700000001"},{"A":"46700000002"}])";
    std::vector<httplib::Result> results;
    // A plain object, raw: nlohmann::json would sort its keys.
    results.push_back(sim.client().Post("/api/v2/send",
                                        R"({"authorization": "tok", "sender": "IKEA", "bulk": "true", "message": "Hi",
                                            "recipient": {"B": "46700000001", "A": "46700000002"}})",
                                        "application/json"));
    results.push_back(sim.post_json("/api/v2/send", {{"authorization", "tok"}, {"sender", "IKEA"}, {"bulk", 1},
                                                     {"recipient", set}, {"message", "Hi"}}));
    results.push_back(sim.post_form("/api/v2/send", "authorization=tok&sender=IKEA&bulk=1&message=Hi&recipient=" +
                                                        connectel::form::encode_component(set)));
    results.push_back(sim.post_form(
        "/api/v2/send", "authorization=tok&sender=IKEA&bulk=true&message=Hi&recipient[B]=46700000001&recipient[A]=46700000002"));
    for (const auto& res : results) {
        REQUIRE(res);
        CHECK(res->status == 200);
        const json body = json::parse(res->body);
        REQUIRE(body["recipient"].size() == 2);
        CHECK(body["recipient"][0]["key"] == "B");
        CHECK(body["recipient"][1]["key"] == "A");
    }
    CHECK(sim.get_json("/_sim/messages")["count"] == 8);
}

TEST_CASE("the token is read from the body, the query string, or the Authorization header") {
    RunningSimulator sim;
    const std::string without = "sender=IKEA&recipient=46700000000&message=Hi";
    CHECK(sim.post_form("/api/v2/send?authorization=q", without)->status == 200);
    for (const char* header : {"Bearer h1", "h2"}) {
        const auto res = sim.client().Post("/api/v2/send", {{"Authorization", header}}, without,
                                           "application/x-www-form-urlencoded");
        REQUIRE(res);
        CHECK(res->status == 200);
    }
    const json messages = sim.get_json("/_sim/messages");
    REQUIRE(messages["count"] == 3);
    // Three tokens, three token ids.
    CHECK(messages["messages"][0]["tokenid"] != messages["messages"][1]["tokenid"]);
    CHECK(messages["messages"][1]["tokenid"] != messages["messages"][2]["tokenid"]);
}

TEST_CASE("the Host the client used is the base of href") {
    RunningSimulator sim;
    const auto res = sim.client().Post("/api/v2/send", {{"Host", "sms.example.test:8443"}}, form_single,
                                       "application/x-www-form-urlencoded");
    REQUIRE(res);
    CHECK(json::parse(res->body)["href"].get<std::string>().rfind("http://sms.example.test:8443/api/status/?", 0) == 0);
}

TEST_CASE("a content type with parameters and any case is understood") {
    RunningSimulator sim;
    const auto res = sim.client().Post("/api/v2/send", form_single, "Application/X-WWW-Form-Urlencoded; charset=utf-8");
    REQUIRE(res);
    CHECK(res->status == 200);
}
