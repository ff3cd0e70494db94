// The control API's views over real HTTP: paged lists (limit, order, before/after cursors,
// count/total/more) with their filters, a message's detail with the text engine's view,
// /_sim/preview, the scenario's text and tokens, and the embedded web page.
#include <doctest/doctest.h>

#include <set>
#include <string>
#include <vector>

#include "callback_receiver.hpp"
#include "sim_checks.hpp"
#include "text_builders.hpp"

using namespace connectel_tests;
using nlohmann::json;

namespace {

std::string send(RunningSimulator& sim, const std::string& recipient, const std::string& message = "Hi",
                 const std::string& sender = "IKEA") {
    const auto res = sim.post_json(
        "/api/v2/send",
        {{"authorization", "tok"}, {"sender", sender}, {"recipient", recipient}, {"message", message}});
    REQUIRE(res);
    REQUIRE(res->status == 200);
    return json::parse(res->body)["requestid"];
}

// `count` messages to distinct ordinary numbers (none ends in a magic 000X), oldest first.
std::vector<std::string> send_many(RunningSimulator& sim, int count) {
    std::vector<std::string> ids;
    for (int i = 0; i < count; ++i) ids.push_back(send(sim, "4670000" + std::to_string(1100 + i)));
    return ids;
}

std::vector<std::string> strings_of(const json& items, const char* key) {
    std::vector<std::string> out;
    for (const json& item : items) out.push_back(item[key].get<std::string>());
    return out;
}

std::vector<std::uint64_t> ids_of(const json& items) {
    std::vector<std::uint64_t> out;
    for (const json& item : items) out.push_back(item["id"].get<std::uint64_t>());
    return out;
}

std::string callbacks_scenario(const std::string& dlr_url, const std::string& inbound_url) {
    return R"({"name": "views", "tokens": [{"token": "tok", "id": "tok-1",
        "dlr": {"url": ")" +
           dlr_url + R"(", "format": "json"},
        "inbound": {"url": ")" +
           inbound_url + R"(", "format": "json", "numbers": ["46700000100", "46700000101"]}}],
        "callbacks": {"retries": 3, "backoff": "500ms", "max_backoff": "10s"}})";
}

}  // namespace

// ---- Paging ---------------------------------------------------------------------------------

TEST_CASE("paging newest first with limit 10 walks 25 messages exactly once: 10, 10, 5") {
    RunningSimulator sim;
    const auto ids = send_many(sim, 25);
    std::vector<std::string> seen;
    std::string path = "/_sim/messages?order=desc&limit=10";
    const std::size_t expected_counts[] = {10, 10, 5};
    const bool expected_more[] = {true, true, false};
    for (int page = 0; page < 3; ++page) {
        CAPTURE(page);
        const json answer = sim.get_json(path);
        CHECK(answer["count"] == expected_counts[page]);
        CHECK(answer["total"] == 25);
        CHECK(answer["more"] == expected_more[page]);
        REQUIRE(answer["messages"].size() == expected_counts[page]);
        const auto page_ids = strings_of(answer["messages"], "requestid");
        seen.insert(seen.end(), page_ids.begin(), page_ids.end());
        path = "/_sim/messages?order=desc&limit=10&before=" + page_ids.back();
    }
    const std::vector<std::string> newest_first(ids.rbegin(), ids.rend());
    CHECK(seen == newest_first);
    CHECK(std::set<std::string>(seen.begin(), seen.end()).size() == 25);
}

TEST_CASE("paging oldest first is the default order; without limit up to 100 messages come at once") {
    RunningSimulator sim;
    const auto ids = send_many(sim, 12);
    const json first = sim.get_json("/_sim/messages?limit=5");
    CHECK(strings_of(first["messages"], "requestid") ==
          std::vector<std::string>(ids.begin(), ids.begin() + 5));
    CHECK(first["more"] == true);
    const json next = sim.get_json("/_sim/messages?order=asc&limit=5&after=" + ids[4]);
    CHECK(strings_of(next["messages"], "requestid") ==
          std::vector<std::string>(ids.begin() + 5, ids.begin() + 10));
    const json all = sim.get_json("/_sim/messages");
    CHECK(all["count"] == 12);
    CHECK(all["total"] == 12);
    CHECK(all["more"] == false);
    CHECK(strings_of(all["messages"], "requestid") == ids);
    const json exact = sim.get_json("/_sim/messages?limit=12");
    CHECK(exact["count"] == 12);
    CHECK(exact["more"] == false);  // nothing lies beyond a page that took the last item
}

TEST_CASE("after the newest shown lists only the messages that came since") {
    RunningSimulator sim;
    const auto before = send_many(sim, 5);
    const std::string newest_shown =
        sim.get_json("/_sim/messages?order=desc&limit=1")["messages"][0]["requestid"];
    CHECK(newest_shown == before.back());
    const std::string a = send(sim, "46700002001");
    const std::string b = send(sim, "46700002002");
    const std::string c = send(sim, "46700002003");

    const json since = sim.get_json("/_sim/messages?order=asc&after=" + newest_shown);
    CHECK(strings_of(since["messages"], "requestid") == std::vector<std::string>{a, b, c});
    CHECK(since["count"] == 3);
    CHECK(since["total"] == 8);  // total ignores the cursor
    CHECK(since["more"] == false);

    const json newest_two = sim.get_json("/_sim/messages?order=desc&limit=2&after=" + newest_shown);
    CHECK(strings_of(newest_two["messages"], "requestid") == std::vector<std::string>{c, b});
    CHECK(newest_two["more"] == true);

    const json nothing_new = sim.get_json("/_sim/messages?after=" + c);
    CHECK(nothing_new["count"] == 0);
    CHECK(nothing_new["messages"] == json::array());
    CHECK(nothing_new["more"] == false);

    const json between = sim.get_json("/_sim/messages?after=" + before[1] + "&before=" + a);
    CHECK(strings_of(between["messages"], "requestid") ==
          std::vector<std::string>{before[2], before[3], before[4]});
}

TEST_CASE("the sender filter combines with paging and total counts only the filter's matches") {
    RunningSimulator sim;
    std::vector<std::string> acme, ikea;
    for (int i = 0; i < 12; ++i) {
        const std::string recipient = "4670000" + std::to_string(3100 + i);
        if (i % 2 == 0)
            acme.push_back(send(sim, recipient, "Hi", "Acme"));
        else
            ikea.push_back(send(sim, recipient, "Hi", "IKEA"));
    }
    const json first = sim.get_json("/_sim/messages?sender=Acme&order=desc&limit=4");
    CHECK(first["count"] == 4);
    CHECK(first["total"] == 6);
    CHECK(first["more"] == true);
    CHECK(strings_of(first["messages"], "requestid") ==
          std::vector<std::string>{acme[5], acme[4], acme[3], acme[2]});
    for (const json& m : first["messages"]) CHECK(m["sender"] == "Acme");

    const json second = sim.get_json("/_sim/messages?sender=Acme&order=desc&limit=4&before=" +
                                     first["messages"][3]["requestid"].get<std::string>());
    CHECK(strings_of(second["messages"], "requestid") == std::vector<std::string>{acme[1], acme[0]});
    CHECK(second["total"] == 6);
    CHECK(second["more"] == false);

    // A cursor may name an item the filter leaves out: it only marks a place in the list.
    const json after_ikea = sim.get_json("/_sim/messages?sender=Acme&after=" + ikea[3]);
    CHECK(strings_of(after_ikea["messages"], "requestid") == std::vector<std::string>{acme[4], acme[5]});

    CHECK(sim.get_json("/_sim/messages?sender=IKEA")["count"] == 6);
    const json none = sim.get_json("/_sim/messages?sender=Nobody&limit=3");
    CHECK(none["count"] == 0);
    CHECK(none["total"] == 0);
    CHECK(none["more"] == false);
}

TEST_CASE("inbound filters by from and to, and pages by requestid") {
    CallbackReceiver receiver;
    RunningSimulator sim(test_options(callbacks_scenario(receiver.url("/dlr"), receiver.url("/sms"))));
    std::vector<std::string> ids;
    const char* froms[] = {"35890010000", "35890010001"};
    const char* tos[] = {"46700000100", "46700000101"};
    for (int i = 0; i < 6; ++i)  // from alternates every SMS, to every second one
        ids.push_back(sim.control(
            "/_sim/inbound",
            {{"from", froms[i % 2]}, {"to", tos[i / 3]}, {"message", "m" + std::to_string(i)}})["requestid"]);

    const json from_first = sim.get_json("/_sim/inbound?from=35890010000");
    CHECK(strings_of(from_first["inbound"], "requestid") == std::vector<std::string>{ids[0], ids[2], ids[4]});
    CHECK(from_first["total"] == 3);
    for (const json& sms : from_first["inbound"]) CHECK(sms["from"] == "35890010000");

    const json to_second = sim.get_json("/_sim/inbound?to=46700000101");
    CHECK(strings_of(to_second["inbound"], "requestid") == std::vector<std::string>{ids[3], ids[4], ids[5]});
    for (const json& sms : to_second["inbound"]) CHECK(sms["to"] == "46700000101");

    const json both = sim.get_json("/_sim/inbound?from=35890010000&to=46700000101");
    CHECK(strings_of(both["inbound"], "requestid") == std::vector<std::string>{ids[4]});
    CHECK(both["total"] == 1);

    const json newest = sim.get_json("/_sim/inbound?order=desc&limit=4");
    CHECK(strings_of(newest["inbound"], "requestid") ==
          std::vector<std::string>{ids[5], ids[4], ids[3], ids[2]});
    CHECK(newest["total"] == 6);
    CHECK(newest["more"] == true);
    const json rest = sim.get_json("/_sim/inbound?order=desc&limit=4&before=" + ids[2]);
    CHECK(strings_of(rest["inbound"], "requestid") == std::vector<std::string>{ids[1], ids[0]});
    CHECK(rest["more"] == false);

    const json since = sim.get_json("/_sim/inbound?from=35890010001&after=" + ids[1]);
    CHECK(strings_of(since["inbound"], "requestid") == std::vector<std::string>{ids[3], ids[5]});
    CHECK(since["total"] == 3);

    check_bad_parameter(sim, "/_sim/inbound?before=RNOPE", "before");
    // A message's requestid is no cursor of the inbound list.
    const std::string message_id = send(sim, "46700000001");
    check_bad_parameter(sim, "/_sim/inbound?after=" + message_id, "after");
}

TEST_CASE("callbacks filter by failed, url, kind and requestid, and page by their id") {
    CallbackReceiver receiver(2);  // the first two requests get 503
    RunningSimulator sim(test_options(callbacks_scenario(receiver.url("/dlr"), receiver.url("/sms"))));
    const std::string first = send(sim, "46700000001");
    sim.advance("3s");  // its DLR: 503 at 1s, 503 at 1.5s, delivered at 2.5s
    const std::string inbound = sim.control(
        "/_sim/inbound", {{"from", "35890010000"}, {"to", "46700000100"}, {"message", "Hej"}})["requestid"];
    const std::string second = send(sim, "46700000003");
    sim.advance("1s");

    const json all = sim.get_json("/_sim/callbacks");
    REQUIRE(all["count"] == 5);
    CHECK(all["total"] == 5);
    CHECK(all["more"] == false);
    CHECK(all["pending"] == 0);
    CHECK(ids_of(all["callbacks"]) == std::vector<std::uint64_t>{1, 2, 3, 4, 5});
    CHECK(strings_of(all["callbacks"], "requestid") ==
          std::vector<std::string>{first, first, first, inbound, second});
    CHECK(all["callbacks"][0]["callback"] ==
          all["callbacks"][2]["callback"]);  // three attempts of one callback
    CHECK(all["callbacks"][2]["attempt"] == 3);
    CHECK(all["callbacks"][3]["callback"] != all["callbacks"][2]["callback"]);

    const json failed = sim.get_json("/_sim/callbacks?failed=true");
    CHECK(ids_of(failed["callbacks"]) == std::vector<std::uint64_t>{1, 2});
    CHECK(failed["total"] == 2);
    for (const json& a : failed["callbacks"]) {
        CHECK(a["outcome"] == "will_retry");
        CHECK(a["httpStatus"] == 503);
    }
    CHECK(sim.get_json("/_sim/callbacks?failed=false")["count"] == 5);

    const json to_sms = sim.get_json("/_sim/callbacks?url=/sms");
    CHECK(ids_of(to_sms["callbacks"]) == std::vector<std::uint64_t>{4});
    CHECK(to_sms["callbacks"][0]["url"] == receiver.url("/sms"));
    CHECK(sim.get_json("/_sim/callbacks?url=/dlr")["count"] == 4);
    CHECK(sim.get_json("/_sim/callbacks?url=127.0.0.1")["count"] == 5);
    CHECK(sim.get_json("/_sim/callbacks?url=example.com")["count"] == 0);

    const json inbound_only = sim.get_json("/_sim/callbacks?kind=inbound");
    CHECK(ids_of(inbound_only["callbacks"]) == std::vector<std::uint64_t>{4});
    CHECK(inbound_only["callbacks"][0]["kind"] == "inbound");
    CHECK(inbound_only["callbacks"][0]["payload"]["message"] == "Hej");
    const json dlrs = sim.get_json("/_sim/callbacks?kind=dlr");
    CHECK(ids_of(dlrs["callbacks"]) == std::vector<std::uint64_t>{1, 2, 3, 5});
    for (const json& a : dlrs["callbacks"]) CHECK(a["kind"] == "dlr");

    CHECK(ids_of(sim.get_json("/_sim/callbacks?requestid=" + first)["callbacks"]) ==
          std::vector<std::uint64_t>{1, 2, 3});
    CHECK(ids_of(sim.get_json("/_sim/callbacks?requestid=" + second)["callbacks"]) ==
          std::vector<std::uint64_t>{5});
    CHECK(sim.get_json("/_sim/callbacks?requestid=RNOPE")["count"] == 0);

    const json dlr_failed = sim.get_json("/_sim/callbacks?kind=dlr&failed=true&requestid=" + first);
    CHECK(ids_of(dlr_failed["callbacks"]) == std::vector<std::uint64_t>{1, 2});

    // Paging by id, newest first, then since an id.
    const json top = sim.get_json("/_sim/callbacks?order=desc&limit=2");
    CHECK(ids_of(top["callbacks"]) == std::vector<std::uint64_t>{5, 4});
    CHECK(top["more"] == true);
    const json next = sim.get_json("/_sim/callbacks?order=desc&limit=2&before=4");
    CHECK(ids_of(next["callbacks"]) == std::vector<std::uint64_t>{3, 2});
    const json last = sim.get_json("/_sim/callbacks?order=desc&limit=2&before=2");
    CHECK(ids_of(last["callbacks"]) == std::vector<std::uint64_t>{1});
    CHECK(last["more"] == false);
    CHECK(ids_of(sim.get_json("/_sim/callbacks?after=3")["callbacks"]) == std::vector<std::uint64_t>{4, 5});
    const json newest_dlr = sim.get_json("/_sim/callbacks?kind=dlr&order=desc&limit=1");
    CHECK(ids_of(newest_dlr["callbacks"]) == std::vector<std::uint64_t>{5});
    CHECK(newest_dlr["total"] == 4);
    CHECK(newest_dlr["more"] == true);
}

TEST_CASE("the request journal pages by id, newest first") {
    RunningSimulator sim;
    send_many(sim, 5);
    const json all = sim.get_json("/_sim/requests");
    REQUIRE(all["count"] == 5);
    const auto ids = ids_of(all["requests"]);
    for (std::size_t i = 1; i < ids.size(); ++i) CHECK(ids[i] > ids[i - 1]);

    const json top = sim.get_json("/_sim/requests?order=desc&limit=2");
    CHECK(ids_of(top["requests"]) == std::vector<std::uint64_t>{ids[4], ids[3]});
    CHECK(top["total"] == 5);
    CHECK(top["more"] == true);
    const json rest = sim.get_json("/_sim/requests?order=desc&limit=10&before=" + std::to_string(ids[3]));
    CHECK(ids_of(rest["requests"]) == std::vector<std::uint64_t>{ids[2], ids[1], ids[0]});
    CHECK(rest["more"] == false);
    const json since = sim.get_json("/_sim/requests?after=" + std::to_string(ids[2]));
    CHECK(ids_of(since["requests"]) == std::vector<std::uint64_t>{ids[3], ids[4]});
    check_bad_parameter(sim, "/_sim/requests?before=" + std::to_string(ids[4] + 1), "before");
    check_bad_parameter(sim, "/_sim/requests?after=0", "after");
    check_bad_parameter(sim, "/_sim/requests?after=x", "after");
}

TEST_CASE("a bad limit, order or cursor is 400 naming the parameter, on each of the four lists") {
    RunningSimulator sim;
    const std::string id = send(sim, "46700000001");
    for (const std::string list : {"/_sim/messages", "/_sim/inbound", "/_sim/callbacks", "/_sim/requests"}) {
        CAPTURE(list);
        for (const char* limit : {"0", "1001", "-1", "abc", "5x", ""})
            check_bad_parameter(sim, list + "?limit=" + limit, "limit");
        for (const char* order : {"newest", "up", ""})
            check_bad_parameter(sim, list + "?order=" + order, "order");
        check_bad_parameter(sim, list + "?before=RNOPE", "before");
        check_bad_parameter(sim, list + "?after=RNOPE", "after");
        check_bad_parameter(sim, list + "?before=999", "before");
        CHECK(sim.get(list + "?limit=1")->status == 200);
        CHECK(sim.get(list + "?limit=1000&order=desc")->status == 200);
    }
    CHECK(sim.get_json("/_sim/messages?limit=1000")["count"] == 1);
    // A cursor is only good until a reset forgets its item.
    CHECK(sim.get("/_sim/messages?before=" + id)->status == 200);
    sim.control("/_sim/reset");
    check_bad_parameter(sim, "/_sim/messages?before=" + id, "before");
}

// ---- A message's detail, and the text engine's view ------------------------------------------

TEST_CASE("a message's detail has its fields, the text view and only its own DLR attempts") {
    CallbackReceiver receiver;
    RunningSimulator sim(test_options(callbacks_scenario(receiver.url("/dlr"), receiver.url("/sms"))));
    const std::string id = send(sim, "46700000001", "Price: 5€");
    const std::string other = send(sim, "46700000003");
    sim.advance("1s");
    const json detail = sim.get_json("/_sim/messages/" + id);
    CHECK(detail["requestid"] == id);
    CHECK(detail["message"] == "Price: 5€");
    CHECK(detail["status"] == "DELIVRD");
    CHECK(detail["tokenid"] == "tok-1");
    CHECK(detail["text"]["encoding"] == "GSM-7");
    REQUIRE(detail["callbacks"].size() == 1);
    CHECK(detail["callbacks"][0]["requestid"] == id);
    CHECK(detail["callbacks"][0]["kind"] == "dlr");
    CHECK(detail["callbacks"][0]["outcome"] == "delivered");
    CHECK(detail["callbacks"][0]["payload"]["statusStr"] == "DELIVRD");
    // The same message as the list shows it, plus text and callbacks.
    json listed = sim.get_json("/_sim/messages?limit=1")["messages"][0];
    json without = detail;
    without.erase("text");
    without.erase("callbacks");
    CHECK(without == listed);
    CHECK(sim.get_json("/_sim/messages/" + other)["callbacks"][0]["requestid"] == other);
}

TEST_CASE("a message without a DLR URL has an empty callbacks list; an unknown id is 404") {
    RunningSimulator sim;
    const std::string id = send(sim, "46700000001");
    sim.advance("1s");
    CHECK(sim.get_json("/_sim/messages/" + id)["callbacks"] == json::array());
    const auto res = sim.get("/_sim/messages/RNOPE");
    REQUIRE(res);
    CHECK(res->status == 404);
    CHECK(json::parse(res->body)["error"]["code"] == "not_found");
}

TEST_CASE("the text view of a GSM-7 text counts the euro sign as two septets") {
    RunningSimulator sim;
    const json text = sim.get_json("/_sim/messages/" + send(sim, "46700000001", "Price: 5€"))["text"];
    CHECK(text["encoding"] == "GSM-7");
    CHECK(text["unit"] == "septet");
    CHECK(text["characters"] == 9);
    CHECK(text["units"] == 10);
    CHECK(text["segments"] == 1);
    CHECK(text["unitsPerSegment"] == 160);
    CHECK(text["unitsFree"] == 150);
    CHECK(text["bytes"] == 11);                   // the library's whole view (connectel/sms/json.hpp)
    CHECK(text["extensionCharacters"] == 1);
    CHECK(text["lockingShift"] == "default");
    REQUIRE(text["parts"].size() == 1);
    CHECK(text["parts"][0] ==
          json{{"text", "Price: 5€"}, {"units", 10}, {"characters", 9}, {"byteOffset", 0}, {"charOffset", 0}});
    CHECK(text["ucs2Characters"] == json::array());
    CHECK(text["smart"]["text"] == "Price: 5€");
    CHECK(text["smart"]["encoding"] == "GSM-7");
    CHECK(text["smart"]["replacements"] == json::array());
}

TEST_CASE("the text view of a long GSM-7 text lists 153-septet parts that join back to the message") {
    RunningSimulator sim;
    std::string message;
    for (int i = 0; i < 400; ++i) message += static_cast<char>('a' + i % 26);
    const json text = sim.get_json("/_sim/messages/" + send(sim, "46700000001", message))["text"];
    CHECK(text["segments"] == 3);
    CHECK(text["units"] == 400);
    CHECK(text["unitsPerSegment"] == 153);
    CHECK(text["unitsFree"] == 153 * 3 - 400);
    REQUIRE(text["parts"].size() == 3);
    std::string joined;
    std::size_t offset = 0;
    const std::size_t units[] = {153, 153, 94};
    for (int i = 0; i < 3; ++i) {
        const json& part = text["parts"][i];
        CHECK(part["units"] == units[i]);
        CHECK(part["characters"] == units[i]);
        CHECK(part["charOffset"] == offset);
        offset += units[i];
        joined += part["text"].get<std::string>();
    }
    CHECK(joined == message);
}

TEST_CASE("a euro sign at a part's end moves whole to the next part: an ESC pair is never split") {
    RunningSimulator sim;
    const std::string message = repeat("a", 152) + "€" + repeat("b", 10);
    const json text = sim.get_json("/_sim/messages/" + send(sim, "46700000001", message))["text"];
    CHECK(text["units"] == 164);
    REQUIRE(text["parts"].size() == 2);
    CHECK(text["parts"][0] ==
          json{{"text", repeat("a", 152)}, {"units", 152}, {"characters", 152}, {"byteOffset", 0}, {"charOffset", 0}});
    CHECK(text["parts"][1] ==
          json{{"text", "€" + repeat("b", 10)}, {"units", 12}, {"characters", 11}, {"byteOffset", 152}, {"charOffset", 152}});
}

TEST_CASE("the text view of an emoji text is UCS-2 in UTF-16 units and names the emoji that forced it") {
    RunningSimulator sim;
    const json text = sim.get_json("/_sim/messages/" + send(sim, "46700000001", "Hi 😀 there"))["text"];
    CHECK(text["encoding"] == "UCS-2");
    CHECK(text["unit"] == "utf16");
    CHECK(text["characters"] == 10);
    CHECK(text["units"] == 11);  // the emoji is a surrogate pair
    CHECK(text["segments"] == 1);
    CHECK(text["unitsPerSegment"] == 70);
    CHECK(text["unitsFree"] == 59);
    CHECK(text["ucs2Characters"] ==
          json::array({{{"character", "😀"}, {"codePoint", "U+1F600"}, {"byteOffset", 3}, {"charOffset", 3}}}));
    CHECK(text["smart"]["encoding"] == "UCS-2");  // no look-alike replaces an emoji
}

TEST_CASE("a long emoji text splits into 67-unit parts, never inside a surrogate pair") {
    RunningSimulator sim;
    const std::string message = repeat("x", 66) + "😀" + repeat("y", 10);
    const json text = sim.get_json("/_sim/messages/" + send(sim, "46700000001", message))["text"];
    CHECK(text["units"] == 78);
    CHECK(text["unitsPerSegment"] == 67);
    REQUIRE(text["parts"].size() == 2);
    CHECK(text["parts"][0] ==
          json{{"text", repeat("x", 66)}, {"units", 66}, {"characters", 66}, {"byteOffset", 0}, {"charOffset", 0}});
    CHECK(text["parts"][1] ==
          json{{"text", "😀" + repeat("y", 10)}, {"units", 12}, {"characters", 11}, {"byteOffset", 66}, {"charOffset", 66}});
    CHECK(text["ucs2Characters"] ==
          json::array({{{"character", "😀"}, {"codePoint", "U+1F600"}, {"byteOffset", 66}, {"charOffset", 66}}}));
}

TEST_CASE("smart lists the curly quotes and en dash it replaces and the GSM-7 text it would send") {
    RunningSimulator sim;
    const json text = sim.get_json("/_sim/messages/" + send(sim, "46700000001", "“Hello” – world"))["text"];
    CHECK(text["encoding"] == "UCS-2");
    CHECK(text["ucs2Characters"].size() == 3);
    const json& smart = text["smart"];
    CHECK(smart["text"] == "\"Hello\" - world");
    CHECK(smart["encoding"] == "GSM-7");
    CHECK(smart["segments"] == 1);
    CHECK(
        smart["replacements"] ==
        json::array({{{"original", "“"}, {"codePoint", "U+201C"}, {"replacement", "\""}, {"byteOffset", 0}, {"charOffset", 0}},
                     {{"original", "”"}, {"codePoint", "U+201D"}, {"replacement", "\""}, {"byteOffset", 8}, {"charOffset", 6}},
                     {{"original", "–"}, {"codePoint", "U+2013"}, {"replacement", "-"}, {"byteOffset", 12}, {"charOffset", 8}}}));
}

TEST_CASE("preview gives the same text view as a sent message's detail") {
    RunningSimulator sim;
    for (const std::string& message :
         std::vector<std::string>{"Price: 5€", "Hi 😀 there", "“Hello” – world", repeat("abc", 100)}) {
        CAPTURE(message);
        const json detail = sim.get_json("/_sim/messages/" + send(sim, "46700000001", message))["text"];
        CHECK(sim.control("/_sim/preview", {{"message", message}}) == detail);
    }
}

TEST_CASE("preview refuses a missing or non-string message and a body that is not a JSON object: 400") {
    RunningSimulator sim;
    for (const json& message : {json(5), json::array({"a"}), json{{"text", "a"}}, json(true)}) {
        CAPTURE(message.dump());
        const auto res = sim.post_json("/_sim/preview", {{"message", message}});
        REQUIRE(res);
        CHECK(res->status == 400);
        CHECK(json::parse(res->body)["error"]["field"] == "message");
    }
    for (const char* body : {"[\"Hi\"]", "\"Hi\"", "{not json", "42"}) {
        CAPTURE(body);
        const auto res = sim.client().Post("/_sim/preview", body, "application/json");
        REQUIRE(res);
        CHECK(res->status == 400);
        CHECK(json::parse(res->body)["error"]["code"] == "malformed_body");
    }
    for (const json& body : {json::object(), json{{"message", nullptr}}}) {
        CAPTURE(body.dump());
        const auto res = sim.post_json("/_sim/preview", body);
        REQUIRE(res);
        CHECK(res->status == 400);
        CHECK(json::parse(res->body)["error"]["code"] == "missing_parameter");
    }
    CHECK(sim.get_json("/_sim/messages")["count"] == 0);  // a preview sends nothing
}

// ---- The scenario -----------------------------------------------------------------------------

TEST_CASE("GET /_sim/scenario gives the name, description, file, source and tokens of a scenario from text") {
    const std::string source = R"({"name": "shop", "description": "two tokens",
  "tokens": [
    {"token": "tok", "id": "tok-1", "dlr": {"url": "http://127.0.0.1:9/dlr"},
     "inbound": {"url": "http://127.0.0.1:9/sms", "numbers": ["46700000100", "46700000101"]}},
    {"token": "plain", "id": "tok-2"}
  ]})";
    RunningSimulator sim(test_options(source));
    const json scenario = sim.get_json("/_sim/scenario");
    CHECK(scenario["name"] == "shop");
    CHECK(scenario["description"] == "two tokens");
    CHECK(scenario["file"] == "scenario");  // what test_options' scenario text is named
    CHECK(scenario["source"] == R"({"name": "shop", "description": "two tokens",
  "tokens": [
    {"token": "****", "id": "tok-1", "dlr": {"url": "http://127.0.0.1:9/dlr"},
     "inbound": {"url": "http://127.0.0.1:9/sms", "numbers": ["46700000100", "46700000101"]}},
    {"token": "****", "id": "tok-2"}
  ]})");  // the tokens are masked
    CHECK(scenario["clock"] == "virtual");  // the clock running: test_options' --clock virtual, not the file's real
    CHECK(scenario["tokens"] ==
          json::array(
              {{{"id", "tok-1"},
                {"numbers", {"46700000100", "46700000101"}},
                {"dlrUrl", "http://127.0.0.1:9/dlr"},
                {"inboundUrl", "http://127.0.0.1:9/sms"}},
               {{"id", "tok-2"}, {"numbers", json::array()}, {"dlrUrl", nullptr}, {"inboundUrl", nullptr}}}));
}

TEST_CASE("a scenario that lists no tokens has tokens null; the built-in one is default.json") {
    RunningSimulator sim;
    const json scenario = sim.get_json("/_sim/scenario");
    CHECK(scenario["name"] == "default");
    CHECK(scenario["file"] == "default.json");
    CHECK(scenario["tokens"].is_null());
    CHECK(scenario["source"].get<std::string>().find("\"name\": \"default\"") != std::string::npos);
    RunningSimulator any_token(test_options(R"({"name": "open"})"));
    CHECK(any_token.get_json("/_sim/scenario")["tokens"].is_null());
}

TEST_CASE("PUT /_sim/scenario?file=my.json with a bad body: every problem starts with my.json:LINE:COL:") {
    RunningSimulator sim;
    const std::string bad =
        "{\n  \"name\": 5,\n  \"lifecycle\": [{\"after\": \"soon\", \"status\": \"DELIVRD\"}]\n}";
    const auto res = sim.client().Put("/_sim/scenario?file=my.json", bad, "application/json");
    REQUIRE(res);
    CHECK(res->status == 400);
    const json error = json::parse(res->body)["error"];
    CHECK(error["code"] == "invalid_scenario");
    REQUIRE(error["problems"].size() >= 2);
    CHECK(error["problems"][0].get<std::string>().rfind("my.json:2:", 0) == 0);
    CHECK(error["problems"][1].get<std::string>().rfind("my.json:3:", 0) == 0);
    for (const json& problem : error["problems"]) {
        const std::string text = problem;
        CAPTURE(text);
        // my.json:LINE:COL: message
        const auto line_end = text.find(':', 8);
        REQUIRE(line_end != std::string::npos);
        const auto col_end = text.find(':', line_end + 1);
        REQUIRE(col_end != std::string::npos);
        CHECK(text.substr(8, line_end - 8).find_first_not_of("0123456789") == std::string::npos);
        CHECK(text.substr(line_end + 1, col_end - line_end - 1).find_first_not_of("0123456789") ==
              std::string::npos);
        CHECK(text.compare(col_end, 2, ": ") == 0);
    }
    CHECK(error["message"].get<std::string>().rfind(error["problems"][0].get<std::string>(), 0) == 0);
    // Unnamed, the body is "body"; the scenario did not change.
    const auto unnamed = sim.client().Put("/_sim/scenario", "{\"name\": 5}", "application/json");
    CHECK(json::parse(unnamed->body)["error"]["problems"][0].get<std::string>().rfind("body:1:", 0) == 0);
    CHECK(sim.get_json("/_sim/scenario")["name"] == "default");
}

TEST_CASE("after a successful PUT, GET /_sim/scenario shows the new source, file and tokens") {
    RunningSimulator sim;
    const std::string source =
        R"({"name": "loaded", "description": "from PUT", "tokens": [{"token": "t", "id": "tok-9"}]})";
    const std::string shown =
        R"({"name": "loaded", "description": "from PUT", "tokens": [{"token": "****", "id": "tok-9"}]})";
    const auto res = sim.client().Put("/_sim/scenario?file=my.json", source, "application/json");
    REQUIRE(res);
    REQUIRE(res->status == 200);
    const json loaded = json::parse(res->body);
    CHECK(loaded["status"] == "loaded");
    CHECK(loaded["name"] == "loaded");
    CHECK(loaded["description"] == "from PUT");
    const json scenario = sim.get_json("/_sim/scenario");
    CHECK(scenario["name"] == "loaded");
    CHECK(scenario["file"] == "my.json");
    CHECK(scenario["source"] == shown);
    CHECK(scenario["tokens"] ==
          json::array(
              {{{"id", "tok-9"}, {"numbers", json::array()}, {"dlrUrl", nullptr}, {"inboundUrl", nullptr}}}));
}

// ---- The web page ----------------------------------------------------------------------------

TEST_CASE("GET / serves the page's index.html, which loads its script as a module") {
    RunningSimulator sim;
    const auto res = sim.get("/");
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(res->get_header_value("Content-Type").rfind("text/html", 0) == 0);
    CHECK(res->body.find("<script type=\"module\"") != std::string::npos);
    CHECK(res->get_header_value("Cache-Control") == "no-cache");
    CHECK(res->get_header_value("Content-Security-Policy").find("default-src 'self'") != std::string::npos);
}

TEST_CASE(
    "GET /ui/app.js is JavaScript with no-cache and a Content-Security-Policy; /ui/ serves nested files; an "
    "unknown file is 404") {
    RunningSimulator sim;
    const auto res = sim.get("/ui/app.js");
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(res->get_header_value("Content-Type").rfind("text/javascript", 0) == 0);
    CHECK(res->get_header_value("Cache-Control") == "no-cache");
    CHECK(res->has_header("Content-Security-Policy"));
    CHECK_FALSE(res->body.empty());
    const auto nested = sim.get("/ui/views/messages.js");  // a file in a folder of simulator/web/
    REQUIRE(nested);
    CHECK(nested->status == 200);
    CHECK(nested->get_header_value("Content-Type").rfind("text/javascript", 0) == 0);
    const auto style = sim.get("/ui/style.css");
    REQUIRE(style);
    CHECK(style->status == 200);
    CHECK(style->get_header_value("Content-Type").rfind("text/css", 0) == 0);

    const auto missing = sim.get("/ui/x.js");
    REQUIRE(missing);
    CHECK(missing->status == 404);
    CHECK(missing->get_header_value("Content-Type").rfind("application/json", 0) == 0);
    CHECK(json::parse(missing->body)["error"]["code"] == "not_found");
}

TEST_CASE("without the web page (--no-ui), / and /ui/ are 404 JSON errors and the control API answers") {
    sim::Options options = test_options();
    options.web_page = false;
    RunningSimulator sim(std::move(options));
    for (const char* path : {"/", "/ui/app.js"}) {
        CAPTURE(path);
        const auto res = sim.get(path);
        REQUIRE(res);
        CHECK(res->status == 404);
        CHECK(json::parse(res->body)["error"]["code"] == "not_found");
    }
    const auto health = sim.get("/_sim/health");
    REQUIRE(health);
    CHECK(health->status == 200);
    CHECK(json::parse(health->body) == json{{"status", "ok"}});
}

TEST_CASE("answers are gzip-compressed for a browser, never brotli (cpp-httplib's brotli is 100 times slower)") {
    RunningSimulator sim;
    for (const char* path : {"/ui/style.css", "/_sim/scenario"}) {
        CAPTURE(path);
        // The client must not decompress: raw headers are what is checked.
        httplib::Client raw("127.0.0.1", sim.simulator().port());
        raw.set_decompress(false);
        const auto res = raw.Get(path, {{"Accept-Encoding", "gzip, deflate, br"}});
        REQUIRE(res);
        CHECK(res->status == 200);
        CHECK(res->get_header_value("Content-Encoding") == "gzip");
        const auto brotli_only = raw.Get(path, {{"Accept-Encoding", "br"}});
        REQUIRE(brotli_only);
        CHECK(brotli_only->get_header_value("Content-Encoding") == "");
    }
}
