// Every scenario in scenarios/ does what its comments and docs/scenarios.md promise: each file
// runs in an in-process simulator (virtual clock, port 0) with its callback URLs pointed at a
// real receiver, and is checked over real HTTP as a client and a receiver would see it.
#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "callback_receiver.hpp"
#include "connectel/form.hpp"
#include "run_process.hpp"
#include "scenario_example.hpp"
#include "sim_fixture.hpp"

using namespace connectel_tests;
using nlohmann::json;

namespace {

// The examples tested, here and (the callback faults') in test_callback_faults.cpp; a new file
// in scenarios/ needs a test (checked below).
const std::set<std::string> tested_examples = {
    "default.json",           "delivery-outcomes.json", "bulk.json",      "inbound-conversation.json",
    "flaky-gateway.json",     "dead-callback-receiver.json", "rate-limit.json", "virtual-clock.json",
    "dlr-duplicate.json",     "dlr-reorder.json",       "dlr-delay.json", "dlr-early.json",
    "inbound-faults.json"};

httplib::Result send(RunningSimulator& sim, const std::string& token, const std::string& sender,
                     const std::string& recipient, const std::string& message = "Hello") {
    return sim.post_json("/api/v2/send/",
                         {{"authorization", token}, {"sender", sender}, {"recipient", recipient}, {"message", message}});
}

httplib::Result send_bulk(RunningSimulator& sim, const std::string& token, const std::string& sender,
                          const json& recipients, const std::string& message = "Hello all") {
    return sim.post_json("/api/v2/send/", {{"authorization", token},
                                           {"sender", sender},
                                           {"bulk", true},
                                           {"recipient", recipients},
                                           {"message", message}});
}

// The request-id of an accepted single send.
std::string accepted(const httplib::Result& res) {
    REQUIRE(res);
    REQUIRE(res->status == 200);
    return json::parse(res->body)["requestid"];
}

json delivery(RunningSimulator& sim, const std::string& token, const std::string& id) {
    return sim.get_json("/api/v2/delivery/?authorization=" + token + "&requestid=" + id);
}

std::size_t stored(RunningSimulator& sim) {
    return sim.get_json("/_sim/messages")["count"].get<std::size_t>();
}

// The DLRs of one message, in arrival order.
std::vector<json> dlrs_of(const CallbackReceiver& receiver, const std::string& request_id) {
    std::vector<json> out;
    for (const auto& dlr : received_on(receiver, "/dlr"))
        if (dlr["requestid"] == request_id) out.push_back(dlr);
    return out;
}

// What `call` returns, and how long it took in real time.
template <typename Call>
auto timed(Call call, std::chrono::milliseconds& elapsed) {
    const auto start = std::chrono::steady_clock::now();
    auto result = call();
    elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
    return result;
}

}  // namespace

TEST_CASE("scenario examples: every file in scenarios/ is tested here and listed in scenarios/README.md") {
    std::set<std::string> files;
    for (const auto& entry : std::filesystem::directory_iterator(scenarios_dir))
        if (entry.path().extension() == ".json") files.insert(entry.path().filename().string());
    CHECK(files == tested_examples);
    const std::string readme = read_text(scenarios_dir + "/README.md");
    for (const auto& file : files) CHECK_MESSAGE(readme.find("(" + file + ")") != std::string::npos, file);
}

TEST_CASE("scenario examples: connectel-sim check accepts every scenarios/*.json") {
    std::vector<std::string> args = {"check"};
    for (const auto& file : tested_examples) args.push_back(scenarios_dir + "/" + file);
    const auto result = connectel_tests::run_process(CONNECTEL_SIM_PATH, args);
    CHECK_MESSAGE(result.exit_code == 0, result.err);
    CHECK(result.err.empty());
    for (const auto& file : tested_examples) CHECK_MESSAGE(result.out.find(file + ": ok") != std::string::npos, file);
}

TEST_CASE("scenario example default.json: any token; magic numbers 0002/0005/0008/0009, the rest DELIVRD after 1s") {
    RunningSimulator sim(test_options(example("default.json")));
    const std::map<std::string, std::pair<std::string, int>> expected = {
        {"46700000000", {"DELIVRD", 1}}, {"46700000002", {"REJECTD", 2}}, {"46700000005", {"UNDELIV", 5}},
        {"46700000008", {"EXPIRED", 8}}, {"46700000009", {"UNKNOWN", 9}}, {"35891230009", {"UNKNOWN", 9}}};
    std::map<std::string, std::string> ids;
    for (const auto& [recipient, status] : expected)
        ids[recipient] = accepted(send(sim, "any-token-" + recipient, "IKEA", recipient));
    sim.advance("999ms");
    for (const auto& [recipient, id] : ids) CHECK(delivery(sim, "any-token-" + recipient, id)["statusStr"] == "ENROUTE");
    sim.advance("1ms");
    for (const auto& [recipient, status] : expected) {
        const json report = delivery(sim, "any-token-" + recipient, ids[recipient]);
        CHECK(report["statusStr"] == status.first);
        CHECK(report["statusInt"] == status.second);
        CHECK(report["date"] == "2020-01-01 00:00:01");
        const std::string magic = recipient.substr(recipient.size() - 4);
        if (status.second != 1)
            CHECK(report["statusDesc"].get<std::string>().find("magic number " + magic) != std::string::npos);
    }
    // A bulk member starts QUEUED and follows the same numbers.
    const auto res = send_bulk(sim, "t", "IKEA", json::array({{{"A", "46700000001"}}, {{"B", "46700000002"}}}));
    REQUIRE(res);
    REQUIRE(res->status == 200);
    const std::string bulk_id = json::parse(res->body)["bulkid"];
    CHECK(delivery(sim, "t", bulk_id)["recipient"][0]["statusStr"] == "QUEUED");
    sim.advance("1s");
    const json report = delivery(sim, "t", bulk_id);
    CHECK(report["recipient"][0]["statusStr"] == "DELIVRD");
    CHECK(report["recipient"][1]["statusStr"] == "REJECTD");
}

TEST_CASE("scenario example delivery-outcomes.json: one recipient per final status, each with its desc and DLRs") {
    CallbackReceiver receiver;
    RunningSimulator sim(test_options(example("delivery-outcomes.json", &receiver)));
    const std::string token = "demo-token";
    CHECK(send(sim, "some-other-token", "IKEA", "46700000000")->status == 401);  // only the listed token
    std::map<std::string, std::string> ids;
    for (const char* recipient : {"46700000102", "46700000105", "46700000108", "46700000109", "447912345678",
                                  "+447912345678", "46700000000"})
        ids[recipient] = accepted(send(sim, token, "IKEA", recipient));
    const auto status = [&](const std::string& recipient) { return delivery(sim, token, ids[recipient]); };

    CHECK(status("46700000102")["statusStr"] == "ENROUTE");
    CHECK(status("46700000102")["statusDesc"] == "");
    sim.advance("500ms");
    CHECK(status("46700000102")["statusStr"] == "ENROUTE");
    CHECK(status("46700000102")["statusDesc"] == "Handed over to the operator");
    sim.advance("500ms");  // 1s
    CHECK(status("46700000000")["statusStr"] == "DELIVRD");
    CHECK(status("46700000000")["statusDesc"] == "Delivered to the handset");
    CHECK(status("447912345678")["statusStr"] == "UNDELIV");
    CHECK(status("447912345678")["statusDesc"] == "No route to the destination network");
    CHECK(status("+447912345678")["statusStr"] == "DELIVRD");  // the glob matches the text as sent
    CHECK(status("46700000109")["statusStr"] == "ENROUTE");
    sim.advance("1s");  // 2s
    CHECK(status("46700000102")["statusStr"] == "REJECTD");
    CHECK(status("46700000102")["statusInt"] == 2);
    CHECK(status("46700000102")["statusDesc"] == "Rejected by the operator: sender id not allowed");
    CHECK(status("46700000109")["statusStr"] == "UNKNOWN");
    CHECK(status("46700000109")["statusInt"] == 9);
    CHECK(status("46700000105")["statusStr"] == "ENROUTE");
    sim.advance("1s");  // 3s
    CHECK(status("46700000105")["statusStr"] == "UNDELIV");
    CHECK(status("46700000105")["statusInt"] == 5);
    CHECK(status("46700000105")["statusDesc"] == "Absent subscriber");
    CHECK(status("46700000108")["statusStr"] == "ENROUTE");
    sim.advance("7s");  // 10s
    CHECK(status("46700000108")["statusStr"] == "EXPIRED");
    CHECK(status("46700000108")["statusInt"] == 8);
    CHECK(status("46700000108")["statusDesc"] == "Validity period expired");
    CHECK(status("46700000108")["date"] == "2020-01-01 00:00:10");

    // The history, and one DLR per change after the send.
    const json rejected = sim.get_json("/_sim/messages?recipient=46700000102")["messages"][0];
    REQUIRE(rejected["history"].size() == 3);
    CHECK(rejected["history"][1]["at"] == "2020-01-01T00:00:00.500000Z");
    CHECK(rejected["history"][2]["status"] == "REJECTD");
    const auto rejected_dlrs = dlrs_of(receiver, ids["46700000102"]);
    REQUIRE(rejected_dlrs.size() == 2);
    CHECK(rejected_dlrs[0]["statusStr"] == "ENROUTE");
    CHECK(rejected_dlrs[0]["statusDesc"] == "Handed over to the operator");
    CHECK(rejected_dlrs[1]["statusStr"] == "REJECTD");
    CHECK(rejected_dlrs[1]["tokenid"] == "demo");
    const std::map<std::string, std::string> finals = {{"46700000105", "UNDELIV"}, {"46700000108", "EXPIRED"},
                                                       {"46700000109", "UNKNOWN"}, {"447912345678", "UNDELIV"},
                                                       {"+447912345678", "DELIVRD"}, {"46700000000", "DELIVRD"}};
    for (const auto& [recipient, final_status] : finals) {
        const auto dlrs = dlrs_of(receiver, ids[recipient]);
        REQUIRE_MESSAGE(dlrs.size() == 1, recipient);
        CHECK(dlrs[0]["statusStr"] == final_status);
        CHECK(dlrs[0]["recipient"] == recipient);
    }
    CHECK(received_on(receiver, "/dlr").size() == 8);
    sim.advance("1h");  // every lifecycle has ended
    CHECK(received_on(receiver, "/dlr").size() == 8);
}

TEST_CASE("scenario example bulk.json: bulk members QUEUED then ENROUTE and final; singles keep the default; NOBULK is refused") {
    CallbackReceiver receiver;
    RunningSimulator sim(test_options(example("bulk.json", &receiver)));
    const std::string token = "demo-token";
    auto res = send_bulk(sim, token, "IKEA", json::array({{{"Anna", "46700000001"}}, {{"Bo", "46700000005"}}}));
    REQUIRE(res);
    REQUIRE(res->status == 200);
    const json sent = json::parse(res->body);
    CHECK(sent["statusStr"] == "QUEUED");
    const std::string bulk_id = sent["bulkid"];
    const std::string anna = sent["recipient"][0]["requestid"], bo = sent["recipient"][1]["requestid"];
    const std::string single = accepted(send(sim, token, "IKEA", "46700000005"));

    // The sender NOBULK: its bulk is refused whole with the scripted JSON body; a single is fine.
    res = send_bulk(sim, token, "NOBULK", json::array({{{"A", "46700000001"}}, {{"B", "46700000002"}}}));
    REQUIRE(res);
    CHECK(res->status == 403);
    CHECK(res->get_header_value("Content-Type") == "application/json");
    CHECK(json::parse(res->body)["error"]["code"] == "bulk_not_allowed");
    CHECK(json::parse(res->body)["error"]["field"] == "sender");
    CHECK(stored(sim) == 3);
    const std::string nobulk_single = accepted(send(sim, token, "NOBULK", "46700000001"));

    const auto member = [&](int i) { return delivery(sim, token, bulk_id)["recipient"][i]; };
    CHECK(member(0)["statusStr"] == "QUEUED");
    CHECK(member(1)["statusStr"] == "QUEUED");
    sim.advance("1s");
    CHECK(delivery(sim, token, single)["statusStr"] == "DELIVRD");  // "bulk": true rules skip single sends
    CHECK(delivery(sim, token, nobulk_single)["statusStr"] == "DELIVRD");
    CHECK(member(0)["statusStr"] == "QUEUED");
    sim.advance("1s");  // 2s
    CHECK(member(0)["statusStr"] == "ENROUTE");
    CHECK(member(0)["statusDesc"] == "Released from the bulk queue");
    CHECK(member(1)["statusStr"] == "ENROUTE");
    sim.advance("1s");  // 3s
    CHECK(member(0)["statusStr"] == "DELIVRD");
    CHECK(member(1)["statusStr"] == "ENROUTE");
    sim.advance("1s");  // 4s
    CHECK(member(1)["statusStr"] == "UNDELIV");
    CHECK(member(1)["statusDesc"] == "Unknown subscriber");

    // DLRs as form fields; bulk members' carry the bulkid.
    for (const auto& r : receiver.received()) CHECK(r.content_type == "application/x-www-form-urlencoded");
    for (const auto& [id, statuses] : std::map<std::string, std::vector<std::string>>{
             {anna, {"ENROUTE", "DELIVRD"}}, {bo, {"ENROUTE", "UNDELIV"}}}) {
        const auto dlrs = dlrs_of(receiver, id);
        REQUIRE(dlrs.size() == statuses.size());
        for (std::size_t i = 0; i < dlrs.size(); ++i) {
            CHECK(dlrs[i]["statusStr"] == statuses[i]);
            CHECK(dlrs[i]["bulkid"] == bulk_id);
            CHECK(dlrs[i]["tokenid"] == "demo");
        }
    }
    const auto single_dlrs = dlrs_of(receiver, single);
    REQUIRE(single_dlrs.size() == 1);
    CHECK_FALSE(single_dlrs[0].contains("bulkid"));
    CHECK(received_on(receiver, "/dlr").size() == 6);
}

TEST_CASE("scenario example inbound-conversation.json: timeline SMS and auto-replies reach the token's inbound url") {
    CallbackReceiver receiver;
    RunningSimulator sim(test_options(example("inbound-conversation.json", &receiver)));
    const std::string token = "shop-token", shop = "46700000100";
    const std::string booked =
        accepted(send(sim, token, shop, "46703333333", "Your table is booked for 19:00. Reply YES to confirm"));
    accepted(send(sim, token, shop, "46701111111", "Your parcel has shipped"));
    // To 46701111111 as well, but the "reply yes" rule comes first: YES at 30s, not STOP at 5s.
    accepted(send(sim, token, shop, "46701111111", "Please reply yes if you want the newsletter"));

    const auto inbound = [&] { return received_on(receiver, "/sms"); };
    sim.advance("4999ms");
    CHECK(inbound().empty());
    CHECK(dlrs_of(receiver, booked).size() == 1);  // DLRs go to the dlr url, as JSON
    sim.advance("1ms");  // 5s
    auto got = inbound();
    REQUIRE(got.size() == 1);
    CHECK(got[0] == json{{"from", "46701111111"}, {"to", shop}, {"requestid", got[0]["requestid"]}, {"message", "STOP"}});
    for (const auto& r : receiver.received())
        CHECK(r.content_type == (r.path == "/sms" ? "application/x-www-form-urlencoded" : "application/json"));

    sim.advance("5s");  // 10s: the timeline
    got = inbound();
    REQUIRE(got.size() == 2);
    CHECK(got[1]["from"] == "46702222222");
    CHECK(got[1]["to"] == shop);
    CHECK(got[1]["message"] == "Hi! Is my order on its way?");

    sim.advance("19999ms");
    CHECK(inbound().size() == 2);
    sim.advance("1ms");  // 30s: both YES replies
    got = inbound();
    REQUIRE(got.size() == 4);
    std::multiset<std::string> yes_from;
    for (std::size_t i = 2; i < 4; ++i) {
        CHECK(got[i]["message"] == "YES");
        CHECK(got[i]["to"] == shop);
        yes_from.insert(got[i]["from"].get<std::string>());
    }
    CHECK(yes_from == std::multiset<std::string>{"46701111111", "46703333333"});

    sim.advance("30s");  // 1m
    got = inbound();
    REQUIRE(got.size() == 5);
    CHECK(got[4]["message"] == "Never mind, it just arrived. Thanks!");

    const json record = sim.get_json("/_sim/inbound");
    REQUIRE(record["count"] == 5);
    std::multiset<std::string> origins;
    for (const auto& sms : record["inbound"]) {
        origins.insert(sms["origin"].get<std::string>());
        CHECK(sms["tokenid"] == "shop");
    }
    CHECK(origins == std::multiset<std::string>{"reply", "reply", "reply", "timeline", "timeline"});
    sim.advance("1h");
    CHECK(inbound().size() == 5);
}

TEST_CASE("scenario example flaky-gateway.json: 503 twice, a 504 page late, a dropped connection, a slow answer") {
    RunningSimulator sim(test_options(example("flaky-gateway.json")));
    const std::string token = "any-token";

    // The first 2 sends, whatever their recipient: 503 with the scripted_fault error body.
    for (const char* recipient : {"46700000000", "46700000504"}) {
        const auto res = send(sim, token, "IKEA", recipient);
        REQUIRE(res);
        CHECK(res->status == 503);
        CHECK(json::parse(res->body)["error"]["code"] == "scripted_fault");
    }
    CHECK(stored(sim) == 0);

    // *0504: the HTML page, as text, after 500ms.
    std::chrono::milliseconds elapsed{};
    auto res = timed([&] { return send(sim, token, "IKEA", "46700000504"); }, elapsed);
    REQUIRE(res);
    CHECK(res->status == 504);
    CHECK(res->body == "<html><body><h1>504 Gateway Time-out</h1></body></html>");
    CHECK(res->get_header_value("Content-Type") == "text/plain");
    CHECK(elapsed >= std::chrono::milliseconds(500));
    CHECK(stored(sim) == 0);

    // *0444: no HTTP answer at all, after 200ms, and nothing stored.
    const auto dropped = timed([&] { return send(sim, token, "IKEA", "46700000444"); }, elapsed);
    CHECK_FALSE(dropped);
    CHECK(elapsed >= std::chrono::milliseconds(200));
    CHECK(stored(sim) == 0);

    // The sender SLOW: accepted, answered 1500ms late.
    const std::string slow = accepted(timed([&] { return send(sim, token, "SLOW", "46700000000"); }, elapsed));
    CHECK(elapsed >= std::chrono::milliseconds(1500));

    // Everything else: the usual answer.
    const std::string usual = accepted(send(sim, token, "IKEA", "46700000000"));
    CHECK(stored(sim) == 2);
    sim.advance("1s");
    CHECK(delivery(sim, token, slow)["statusStr"] == "DELIVRD");
    CHECK(delivery(sim, token, usual)["statusStr"] == "DELIVRD");
    // The journal shows what the client got; 0 is no answer.
    const json journal = sim.get_json("/_sim/requests");
    std::vector<int> statuses;
    for (const auto& entry : journal["requests"])
        if (entry["path"].get<std::string>().rfind("/api/v2/send", 0) == 0) statuses.push_back(entry["status"]);
    CHECK(statuses == std::vector<int>{503, 503, 504, 0, 200, 200});
}

TEST_CASE("scenario example dead-callback-receiver.json: 4 refused attempts with backoff, then failed; others unaffected") {
    CallbackReceiver receiver;
    RunningSimulator sim(test_options(example("dead-callback-receiver.json", &receiver)));
    const std::string dead = accepted(send(sim, "dead-token", "IKEA", "46700000000"));
    const std::string live = accepted(send(sim, "live-token", "IKEA", "46700000000"));
    const auto attempts_to_dead = [&] {
        std::vector<json> out;
        const json record = sim.get_json("/_sim/callbacks");
        for (const auto& attempt : record["callbacks"])
            if (attempt["requestid"] == dead) out.push_back(attempt);
        return out;
    };

    sim.advance("1s");
    // The live token's DLR is delivered at once, while the dead one waits to retry.
    REQUIRE(dlrs_of(receiver, live).size() == 1);
    CHECK(dlrs_of(receiver, live)[0]["tokenid"] == "live");
    auto attempts = attempts_to_dead();
    REQUIRE(attempts.size() == 1);
    CHECK(attempts[0]["url"] == "http://127.0.0.1:9/dlr");
    CHECK(attempts[0]["result"] == "connection refused");
    CHECK(attempts[0]["httpStatus"] == 0);
    CHECK(attempts[0]["outcome"] == "will_retry");
    CHECK(attempts[0]["retryAt"] == "2020-01-01T00:00:03.000000Z");
    CHECK(attempts[0]["payload"]["statusStr"] == "DELIVRD");
    // The API is not held up by the dead receiver.
    CHECK(delivery(sim, "dead-token", dead)["statusStr"] == "DELIVRD");

    sim.advance("1999ms");
    CHECK(attempts_to_dead().size() == 1);
    sim.advance("1ms");  // 3s
    CHECK(attempts_to_dead().size() == 2);
    sim.advance("4s");  // 7s
    attempts = attempts_to_dead();
    REQUIRE(attempts.size() == 3);
    CHECK(attempts[2]["retryAt"] == "2020-01-01T00:00:12.000000Z");  // 8s capped at max_backoff 5s
    sim.advance("5s");  // 12s
    attempts = attempts_to_dead();
    REQUIRE(attempts.size() == 4);
    const std::vector<std::string> times = {"2020-01-01T00:00:01.000000Z", "2020-01-01T00:00:03.000000Z",
                                            "2020-01-01T00:00:07.000000Z", "2020-01-01T00:00:12.000000Z"};
    for (std::size_t i = 0; i < 4; ++i) {
        CHECK(attempts[i]["attempt"] == i + 1);
        CHECK(attempts[i]["at"] == times[i]);
        CHECK(attempts[i]["outcome"] == (i < 3 ? "will_retry" : "failed"));
        CHECK(attempts[i]["result"] == "connection refused");
    }
    CHECK(attempts[3]["retryAt"].is_null());
    CHECK(sim.get_json("/_sim/callbacks")["pending"] == 0);
    sim.advance("1h");
    CHECK(attempts_to_dead().size() == 4);  // given up for good
    CHECK(received_on(receiver, "/dlr").size() == 1);
}

TEST_CASE("scenario example rate-limit.json: 5 sends per second per token, then 429 until the clock refills") {
    RunningSimulator sim(test_options(example("rate-limit.json")));
    std::vector<std::string> ids;
    for (int i = 0; i < 5; ++i) ids.push_back(accepted(send(sim, "alice", "IKEA", "46700000000")));
    auto res = send(sim, "alice", "IKEA", "46700000000");
    REQUIRE(res);
    CHECK(res->status == 429);
    CHECK(res->get_header_value("Retry-After") == "1");
    CHECK(json::parse(res->body)["error"]["code"] == "rate_limited");
    CHECK(stored(sim) == 5);
    // Lookups are not limited; a request refused for its parameters takes nothing from the bucket.
    CHECK(delivery(sim, "alice", ids[0])["statusStr"] == "ENROUTE");

    // Another token has its own bucket, and a bulk is one request.
    accepted(send(sim, "bob", "IKEA", "46700000000"));
    CHECK(send(sim, "bob", "IKEA", "not-a-number")->status == 400);
    res = send_bulk(sim, "bob", "IKEA", json::array({{{"A", "46700000001"}}, {{"B", "46700000002"}}, {{"C", "46700000003"}}}));
    REQUIRE(res);
    CHECK(res->status == 200);
    for (int i = 0; i < 3; ++i) accepted(send(sim, "bob", "IKEA", "46700000000"));
    CHECK(send(sim, "bob", "IKEA", "46700000000")->status == 429);

    // One send's worth comes back every 200ms of the simulator's clock.
    sim.advance("199ms");
    CHECK(send(sim, "alice", "IKEA", "46700000000")->status == 429);
    sim.advance("1ms");
    accepted(send(sim, "alice", "IKEA", "46700000000"));
    CHECK(send(sim, "alice", "IKEA", "46700000000")->status == 429);
    // Never more than the burst of 5.
    sim.advance("1h");
    for (int i = 0; i < 5; ++i) accepted(send(sim, "alice", "IKEA", "46700000000"));
    CHECK(send(sim, "alice", "IKEA", "46700000000")->status == 429);
    CHECK(stored(sim) == 5 + 1 + 3 + 3 + 1 + 5);
}

TEST_CASE("scenario example virtual-clock.json: its own virtual clock and seed; 48h EXPIRED and a day's timeline at once") {
    CallbackReceiver receiver;
    auto options = test_options(example("virtual-clock.json", &receiver));
    options.clock.reset();  // the file's "clock": "virtual" and "seed": 7, not the tests' overrides
    options.seed.reset();
    RunningSimulator sim(options);
    const json clock = sim.get_json("/_sim/clock");
    CHECK(clock["clock"] == "virtual");
    CHECK(clock["now"] == "2020-01-01T00:00:00.000000Z");

    const std::string token = "test-token";
    const std::string expiring = accepted(send(sim, token, "IKEA", "46700000048"));
    const std::string delivered = accepted(send(sim, token, "IKEA", "46700000001"));
    sim.advance("1m");
    CHECK(delivery(sim, token, expiring)["statusDesc"] == "Recipient's phone is switched off; retrying");
    CHECK(delivery(sim, token, delivered)["statusDesc"] == "");
    sim.advance("4m");  // 5m
    CHECK(delivery(sim, token, delivered)["statusStr"] == "ENROUTE");
    CHECK(delivery(sim, token, delivered)["statusDesc"] == "Handed over to the operator");
    sim.advance("55m");  // 1h
    auto inbound = received_on(receiver, "/sms");
    REQUIRE(inbound.size() == 1);
    CHECK(inbound[0]["message"] == "Good morning");
    CHECK(inbound[0]["to"] == "46700000100");
    sim.advance("1h");  // 2h
    CHECK(delivery(sim, token, delivered)["statusStr"] == "DELIVRD");
    CHECK(delivery(sim, token, delivered)["date"] == "2020-01-01 02:00:00");
    sim.advance("22h");  // 24h
    inbound = received_on(receiver, "/sms");
    REQUIRE(inbound.size() == 2);
    CHECK(inbound[1]["message"] == "Are you still there?");
    sim.advance("23h");  // 47h
    CHECK(delivery(sim, token, expiring)["statusStr"] == "ENROUTE");
    sim.advance("1h");  // 48h
    const json expired = delivery(sim, token, expiring);
    CHECK(expired["statusStr"] == "EXPIRED");
    CHECK(expired["statusInt"] == 8);
    CHECK(expired["statusDesc"] == "Validity period (48h) expired");
    CHECK(expired["date"] == "2020-01-03 00:00:00");
    const auto dlrs = dlrs_of(receiver, expiring);
    REQUIRE(dlrs.size() == 2);
    CHECK(dlrs[1]["statusStr"] == "EXPIRED");
    CHECK(dlrs[1]["date"] == "2020-01-03 00:00:00");
    CHECK(dlrs_of(receiver, delivered).size() == 2);

    // With the file's seed, a second run gives the same ids.
    RunningSimulator again(options);
    CHECK(accepted(send(again, token, "IKEA", "46700000048")) == expiring);
}
