// Memory bounded by bytes, over real HTTP: the lists' default and largest pages, the bounds on
// messages, inbound SMS, callback attempts (--max-messages, --max-store-bytes) and the journal
// (--journal-limit, --journal-max-bytes), cursors at forgotten items, streamed answers, and
// the preview's limit on text length.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "callback_receiver.hpp"
#include "sim_fixture.hpp"
#include "text_builders.hpp"

using namespace connectel_tests;
using nlohmann::json;

namespace {

// One bulk send of `count` members to distinct ordinary numbers; their request-ids in order.
std::vector<std::string> send_bulk(RunningSimulator& sim, int count, const std::string& message = "Hi") {
    json recipients = json::array();
    for (int i = 0; i < count; ++i) recipients.push_back({{"k" + std::to_string(i), std::to_string(46710000000 + i)}});
    const auto res = sim.post_json("/api/v2/send", {{"authorization", "tok"},
                                                     {"sender", "IKEA"},
                                                     {"bulk", true},
                                                     {"recipient", recipients},
                                                     {"message", message}});
    REQUIRE(res);
    REQUIRE(res->status == 200);
    const json answer = json::parse(res->body);
    std::vector<std::string> ids;
    for (const json& member : answer["recipient"]) ids.push_back(member["requestid"]);
    return ids;
}

std::string send_one(RunningSimulator& sim, const std::string& recipient) {
    const auto res = sim.post_json(
        "/api/v2/send", {{"authorization", "tok"}, {"sender", "IKEA"}, {"recipient", recipient}, {"message", "Hi"}});
    REQUIRE(res);
    REQUIRE(res->status == 200);
    return json::parse(res->body)["requestid"];
}

json inbound(RunningSimulator& sim, int i) {
    return sim.control("/_sim/inbound", {{"from", "3589001" + std::to_string(1000 + i)}, {"to", "46700000100"},
                                         {"message", "m" + std::to_string(i)}});
}

std::string inbound_scenario(const std::string& url) {
    return R"({"name": "bounds", "tokens": [{"token": "tok", "id": "tok-1",
        "inbound": {"url": ")" + url + R"(", "format": "json", "numbers": ["46700000100"]}}]})";
}

template <class T>
std::vector<T> values_of(const json& items, const char* key) {
    std::vector<T> out;
    for (const json& item : items) out.push_back(item[key].get<T>());
    return out;
}

}  // namespace

TEST_CASE("each list without limit answers 100 items and says there is more; 1,000 is the largest page") {
    CallbackReceiver receiver;
    RunningSimulator sim(test_options(inbound_scenario(receiver.url("/sms"))));
    for (int i = 0; i < 3; ++i) send_bulk(sim, 40);  // 120 messages, 3 journal entries
    for (int i = 0; i < 120; ++i) send_one(sim, "4670000" + std::to_string(3000 + i));  // 120 more entries
    for (int i = 0; i < 120; ++i) inbound(sim, i);  // each delivered once: 120 callback attempts

    for (const auto& [list, total] : std::vector<std::pair<std::string, int>>{
             {"messages", 240}, {"requests", 123}, {"inbound", 120}, {"callbacks", 120}}) {
        CAPTURE(list);
        const json page = sim.get_json("/_sim/" + list);
        CHECK(page["count"] == 100);
        CHECK(page[list].size() == 100);
        CHECK(page["total"] == total);
        CHECK(page["more"] == true);
        const json whole = sim.get_json("/_sim/" + list + "?limit=1000");
        CHECK(whole["count"] == total);
        CHECK(whole["more"] == false);
        const auto res = sim.get("/_sim/" + list + "?limit=1001");
        REQUIRE(res);
        CHECK(res->status == 400);
        const json error = json::parse(res->body)["error"];
        CHECK(error["field"] == "limit");
        CHECK(error["message"].get<std::string>().find("1 to 1000") != std::string::npos);
    }
}

TEST_CASE("a page of 1,000 of the longest messages is written in chunks and arrives whole") {
    RunningSimulator sim;
    // 1,600 characters, each piece needing an escape or several UTF-8 bytes.
    const std::string text = repeat("\"\\\n\xE2\x82\xAC\xF0\x9F\x98\x80", 320);
    auto ids = send_bulk(sim, 1000, text);
    const auto res = sim.get("/_sim/messages?limit=1000");
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(res->get_header_value("Transfer-Encoding") == "chunked");
    CHECK(res->body.size() > 1000 * text.size());
    const json page = json::parse(res->body);
    CHECK(page["count"] == 1000);
    REQUIRE(page["messages"].size() == 1000);
    auto listed = values_of<std::string>(page["messages"], "requestid");
    std::sort(listed.begin(), listed.end());
    std::sort(ids.begin(), ids.end());
    CHECK(listed == ids);
    for (const json& message : page["messages"]) CHECK(message["message"] == text);
}

TEST_CASE("--max-messages: the newest are kept; a forgotten one is a 404 that says so, and its id still pages") {
    auto options = test_options();
    options.store.items = 3;
    std::FILE* log = log_to_tmpfile(options, sim::LogLevel::Warn);
    {
        RunningSimulator sim(options);
        std::vector<std::string> ids;
        for (int i = 0; i < 5; ++i) ids.push_back(send_one(sim, "4670000" + std::to_string(4000 + i)));
        // The virtual clock has not moved: every message awaits its lifecycle, so the oldest go.
        const json kept = sim.get_json("/_sim/messages");
        CHECK(kept["total"] == 3);
        CHECK(values_of<std::string>(kept["messages"], "requestid") == std::vector(ids.begin() + 2, ids.end()));

        const auto detail = sim.get("/_sim/messages/" + ids[0]);
        REQUIRE(detail);
        CHECK(detail->status == 404);
        CHECK(json::parse(detail->body)["error"]["message"].get<std::string>().find("--max-messages") !=
              std::string::npos);
        const auto report = sim.get("/api/v2/delivery?authorization=tok&requestid=" + ids[0]);
        REQUIRE(report);
        CHECK(report->status == 404);
        CHECK(sim.get("/_sim/messages/" + ids[2])->status == 200);

        const json after = sim.get_json("/_sim/messages?after=" + ids[0]);
        CHECK(values_of<std::string>(after["messages"], "requestid") == std::vector(ids.begin() + 2, ids.end()));
        const json before = sim.get_json("/_sim/messages?order=desc&before=" + ids[1]);
        CHECK(before["count"] == 0);
        CHECK(before["more"] == false);

        // The forgotten ones' steps do nothing; the kept ones are delivered.
        sim.advance("1s");
        const json delivered = sim.get_json("/_sim/messages");  // kept: the loop reads into it
        for (const json& message : delivered["messages"]) CHECK(message["status"] == "DELIVRD");
        CHECK(sim.get_json("/_sim/messages")["total"] == 3);
    }
    const std::string logged = read_logged(log);
    std::fclose(log);
    CHECK(logged.find("warn forgot message") != std::string::npos);
    CHECK(logged.find("--max-messages is 3") != std::string::npos);
}

TEST_CASE("--max-messages bounds inbound SMS and callback attempts too; a forgotten id still pages") {
    CallbackReceiver receiver;
    auto options = test_options(inbound_scenario(receiver.url("/sms")));
    options.store.items = 3;
    RunningSimulator sim(options);
    std::vector<std::string> ids;
    for (int i = 0; i < 5; ++i) ids.push_back(inbound(sim, i)["requestid"]);
    CHECK(receiver.received().size() == 5);

    const json sms = sim.get_json("/_sim/inbound");
    CHECK(values_of<std::string>(sms["inbound"], "requestid") == std::vector(ids.begin() + 2, ids.end()));
    CHECK(sim.get_json("/_sim/inbound?after=" + ids[0])["count"] == 3);
    CHECK(sim.get_json("/_sim/inbound?before=" + ids[1])["count"] == 0);

    const json attempts = sim.get_json("/_sim/callbacks");
    CHECK(values_of<std::uint64_t>(attempts["callbacks"], "id") == std::vector<std::uint64_t>{3, 4, 5});
    CHECK(attempts["total"] == 3);
    CHECK(values_of<std::uint64_t>(sim.get_json("/_sim/callbacks?after=1")["callbacks"], "id") ==
          std::vector<std::uint64_t>{3, 4, 5});
    CHECK(sim.get_json("/_sim/callbacks?before=2")["count"] == 0);
    CHECK(sim.get("/_sim/callbacks?before=6")->status == 400);  // an id never given
}

TEST_CASE("--max-store-bytes bounds inbound SMS and callback attempts by their size") {
    CallbackReceiver receiver;
    auto options = test_options(inbound_scenario(receiver.url("/sms")));
    options.store.bytes = 20'000;  // three of these SMS, and three of their callbacks
    RunningSimulator sim(options);
    const std::string text = repeat("\xE2\x82\xAC", 1600);  // 4,800 bytes
    std::vector<std::string> ids;
    for (int i = 0; i < 5; ++i)
        ids.push_back(sim.control("/_sim/inbound", {{"from", "35890011000"}, {"to", "46700000100"}, {"message", text}})
                          ["requestid"]);
    CHECK(values_of<std::string>(sim.get_json("/_sim/inbound")["inbound"], "requestid") ==
          std::vector(ids.begin() + 2, ids.end()));
    const json attempts = sim.get_json("/_sim/callbacks");
    CHECK(attempts["total"] == 3);
    CHECK(attempts["callbacks"][0]["id"] == 3);
    CHECK(receiver.received().size() == 5);  // the bound is on what is kept, not on what is sent
}

TEST_CASE("the journal keeps --journal-max-bytes, oldest out first; a body over 64 KiB is cut and says so") {
    auto options = test_options();
    options.journal.bytes = 150 * 1024;
    RunningSimulator sim(options);
    const std::string big =
        json{{"authorization", "abcd"}, {"sender", "IKEA"}, {"recipient", "46700000000"}, {"message", std::string(70'000, 'x')}}
            .dump();
    for (int i = 0; i < 10; ++i)  // too long a message: 400, journaled all the same
        CHECK(sim.client().Post("/api/v2/send", big, "application/json")->status == 400);
    send_one(sim, "46700005000");

    const json journal = sim.get_json("/_sim/requests");
    // 150 KiB holds the small request and two of 64 KiB: the newest.
    CHECK(values_of<std::uint64_t>(journal["requests"], "id") == std::vector<std::uint64_t>{9, 10, 11});
    const json& cut = journal["requests"][0];
    CHECK(cut["bodyTruncated"] == true);
    CHECK(cut["bodyBytes"] == big.size());
    std::string kept = big.substr(0, 64 * 1024);
    kept.replace(kept.find("abcd"), 4, "****");  // the token is masked; this one keeps the length
    CHECK((cut["body"].get<std::string>() == kept));
    CHECK_FALSE(journal["requests"][2].contains("bodyTruncated"));
    CHECK(journal["requests"][2]["body"]["recipient"] == "46700005000");
    // Paging from a forgotten entry's id.
    CHECK(sim.get_json("/_sim/requests?after=2")["count"] == 3);
    CHECK(sim.get_json("/_sim/requests?before=9")["count"] == 0);
}

TEST_CASE("--journal-limit still bounds the journal by count") {
    auto options = test_options();
    options.journal.entries = 2;
    RunningSimulator sim(options);
    for (int i = 0; i < 4; ++i) send_one(sim, "4670000" + std::to_string(6000 + i));
    CHECK(values_of<std::uint64_t>(sim.get_json("/_sim/requests")["requests"], "id") ==
          std::vector<std::uint64_t>{3, 4});
}

TEST_CASE("preview takes as long a text as a send does, and refuses a longer one: 400 naming message") {
    RunningSimulator sim;
    for (const std::string piece : {"a", "\xF0\x9F\x98\x80"}) {
        CAPTURE(piece);
        const json longest = sim.control("/_sim/preview", {{"message", repeat(piece, 1600)}});
        CHECK(longest["characters"] == 1600);
        const auto res = sim.post_json("/_sim/preview", {{"message", repeat(piece, 1601)}});
        REQUIRE(res);
        CHECK(res->status == 400);
        const json error = json::parse(res->body)["error"];
        CHECK(error["code"] == "invalid_parameter");
        CHECK(error["field"] == "message");
        CHECK(error["message"].get<std::string>().find("1600") != std::string::npos);
    }
}
