// GET /api/v2/delivery/, the legacy /api/status/ and /status/{id}, over real HTTP, with the
// lifecycle moved by the virtual clock.
#include <doctest/doctest.h>

#include "connectel/api/responses.hpp"
#include "sim_checks.hpp"

using namespace connectel_tests;
using nlohmann::json;

namespace {

json send_bulk(RunningSimulator& sim) {
    const auto res = sim.post_json("/api/v2/send", {{"authorization", "tok"},
                                                    {"sender", "IKEA"},
                                                    {"bulk", true},
                                                    {"recipient", {{"A", "46700000001"}, {"B", "46700000005"}}},
                                                    {"message", "Hi"}});
    REQUIRE(res);
    REQUIRE(res->status == 200);
    return json::parse(res->body);
}

}  // namespace

TEST_CASE("delivery by request-id follows the lifecycle on the virtual clock") {
    RunningSimulator sim;
    const std::string id = send_hi(sim, "46700000000");
    const std::string path = "/api/v2/delivery/?authorization=tok&requestid=" + id;
    json report = sim.get_json(path);
    CHECK(report["statusStr"] == "ENROUTE");
    CHECK(report["statusInt"] == 0);
    CHECK(report["date"] == "2020-01-01 00:00:00");
    sim.advance("1s");
    report = sim.get_json(path);
    std::vector<std::string> keys;
    for (const auto& item : report.items()) keys.push_back(item.key());
    CHECK(keys == std::vector<std::string>{"action", "date", "message", "recipient", "requestid", "sender",
                                           "statusDesc", "statusInt", "statusStr", "url"});
    CHECK(report["action"] == "send");
    CHECK(report["statusStr"] == "DELIVRD");
    CHECK(report["statusInt"] == 1);
    CHECK(report["date"] == "2020-01-01 00:00:01");
    CHECK(report["recipient"] == "46700000000");
    CHECK(report["sender"] == "IKEA");
    CHECK(report["url"] == sim.base_url() + "/status/" + id);
    // The trailing slash is optional.
    CHECK(sim.get_json("/api/v2/delivery?authorization=tok&requestid=" + id)["statusStr"] == "DELIVRD");
}

TEST_CASE("delivery by bulk-id lists every member with its own status") {
    RunningSimulator sim;
    const json sent = send_bulk(sim);
    const std::string bulk_id = sent["bulkid"];
    json report = sim.get_json("/api/v2/delivery/?authorization=tok&requestid=" + bulk_id);
    CHECK(report["bulkid"] == bulk_id);
    CHECK(report["recipient"][0]["statusStr"] == "QUEUED");
    sim.advance("1s");
    report = sim.get_json("/api/v2/delivery/?authorization=tok&requestid=" + bulk_id);
    CHECK(report["action"] == "send");
    CHECK(report["sender"] == "IKEA");
    REQUIRE(report["recipient"].size() == 2);
    CHECK(report["recipient"][0]["statusStr"] == "DELIVRD");
    CHECK(report["recipient"][1]["statusStr"] == "UNDELIV");
    CHECK(report["recipient"][1]["statusInt"] == 5);
    CHECK(report["recipient"][1]["url"] == "");
    CHECK(report["recipient"][0]["requestid"] == sent["recipient"][0]["requestid"]);
    const auto typed = report.get<connectel::api::BulkDeliveryReport>();
    CHECK(typed.recipients[1].status.status == connectel::Status::Undeliverable);
}

TEST_CASE("href, the legacy status endpoint, answers for a message and for a bulk") {
    RunningSimulator sim;
    const auto res = sim.post_form("/api/v2/send", "authorization=tok&sender=IKEA&recipient=46700000002&message=Hi");
    const std::string href = json::parse(res->body)["href"];
    sim.advance("1s");
    const std::string path = href.substr(sim.base_url().size());
    const json report = sim.get_json(path);
    CHECK(report["statusStr"] == "REJECTD");
    CHECK(report["statusInt"] == 2);
    CHECK(report["statusDesc"].get<std::string>().find("0002") != std::string::npos);

    const json bulk = send_bulk(sim);
    const std::string bulk_href = bulk["href"];
    CHECK(sim.get_json(bulk_href.substr(sim.base_url().size()))["bulkid"] == bulk["bulkid"]);
    CHECK(sim.get_json("/api/status?authorization=tok&bulkid=" + bulk["bulkid"].get<std::string>())["bulkid"] ==
          bulk["bulkid"]);
}

TEST_CASE("a delivery report's url answers with the token in a header") {
    RunningSimulator sim;
    const std::string id = send_hi(sim, "46700000000");
    const auto res = sim.get("/status/" + id, {{"Authorization", "Bearer tok"}});
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(json::parse(res->body)["requestid"] == id);
    CHECK(sim.get("/status/" + id)->status == 401);
}

TEST_CASE("another token's id is not found, exactly like an unknown id") {
    RunningSimulator sim;
    const std::string id = send_hi(sim, "46700000000", "alice");
    const json bulk = send_bulk(sim);
    for (const std::string& path : std::vector<std::string>{"/api/v2/delivery?authorization=bob&requestid=" + id,
                                   "/api/v2/delivery?authorization=bob&requestid=" + bulk["bulkid"].get<std::string>(),
                                   "/api/status?authorization=bob&message=" + id,
                                   "/api/v2/delivery?authorization=alice&requestid=RNOSUCHID0000000.15778368000000000"}) {
        const auto res = sim.get(path);
        REQUIRE(res);
        CHECK(res->status == 404);
        CHECK(json::parse(res->body)["error"]["code"] == "not_found");
        CHECK(res->body.find("alice") == std::string::npos);
    }
}

TEST_CASE("delivery without an id, or without a token, says which parameter is missing") {
    RunningSimulator sim;
    auto res = sim.get("/api/v2/delivery?authorization=tok");
    REQUIRE(res);
    CHECK(res->status == 400);
    CHECK(json::parse(res->body)["error"]["field"] == "requestid");
    res = sim.get("/api/v2/delivery?requestid=R1");
    CHECK(res->status == 401);
    CHECK(json::parse(res->body)["error"]["field"] == "authorization");
    res = sim.get("/api/status?authorization=tok");
    CHECK(res->status == 400);
    CHECK(json::parse(res->body)["error"]["field"] == "message");
}
