// One field list per record, two writers: the streaming writer (the hot path) writes exactly
// what the nlohmann view dumps, for every record, with awkward texts and numbers; and each
// record's bytes are the ones the control API and the event stream have always written.
#include <doctest/doctest.h>

#include <limits>
#include <random>
#include <set>

#include "connectel/api/responses.hpp"
#include "embedded.hpp"
#include "events/domain_events.hpp"

using namespace connectel::api;
namespace events = sim::events;

namespace {

// Random text with the characters that need escapes, multi-byte UTF-8, and plain ASCII.
std::string random_text(std::mt19937& random) {
    static const std::string pieces[] = {"a", "Z", "0", " ", "\"", "\\", "/", "\b", "\f", "\n", "\r", "\t",
                                         "\x01", "\x1f", "\x7f", "é", "€", "😀", "+", "&", "=", "\u2028"};
    std::string text;
    const int length = static_cast<int>(random() % 12);
    for (int i = 0; i < length; ++i) text += pieces[random() % std::size(pieces)];
    return text;
}

// Both writers of one record: the streaming writer must write it (not fall back to the tree),
// and write the tree's bytes.
template <class Record>
void check_writers_agree(const Record& record) {
    std::string written = "kept";
    CHECK(events::append_fields(written, record));
    CHECK(written == "kept" + events::field_tree(record).dump());
}

sim::gateway::MessageRecord random_message(std::mt19937& random) {
    sim::gateway::MessageRecord m;
    m.request_id = random_text(random);
    if (random() % 2) {
        m.bulk_id = random_text(random);
        m.key = random_text(random);
    }
    m.recipient = random_text(random);
    m.token_id = random_text(random);
    auto content = std::make_shared<sim::gateway::Content>();
    content->request.sender = random_text(random);
    content->request.message = random_text(random);
    content->encoding = random() % 2 ? connectel::sms::Encoding::Ucs2 : connectel::sms::Encoding::Gsm7;
    content->characters = random() % 3 ? static_cast<std::uint32_t>(random() % 1601)
                                       : std::numeric_limits<std::uint32_t>::max();
    content->segments = static_cast<std::uint32_t>(random() % 11);
    m.content = content;
    const connectel::Status statuses[] = {connectel::Status::Enroute, connectel::Status::Delivered,
                                          connectel::Status::Undeliverable, connectel::Status::Expired};
    for (int h = 1 + static_cast<int>(random() % 3); h > 0; --h)
        m.history.push_back({sim::Time{std::chrono::microseconds(random())}, statuses[random() % 4], random_text(random)});
    return m;
}

sim::callbacks::Attempt random_attempt(std::mt19937& random) {
    sim::callbacks::Attempt a;
    a.callback_id = random() % 2 ? random() : std::numeric_limits<std::uint64_t>::max();
    a.number = static_cast<unsigned>(random() % 5 + 1);
    a.kind = random() % 2 ? sim::callbacks::Kind::Dlr : sim::callbacks::Kind::Inbound;
    a.url = random_text(random);
    a.order_key = random_text(random);
    switch (random() % 3) {
        case 0:
            a.content_type = "application/json";
            a.body = nlohmann::json{{"status", random_text(random)}, {"n", random()}}.dump();
            break;
        case 1: a.content_type = "application/x-www-form-urlencoded", a.body = "a=b%22c&d=%E2%82%AC"; break;
        default: a.content_type = random_text(random), a.body = random_text(random);
    }
    a.at = sim::Time{std::chrono::microseconds(random())};
    a.http_status = random() % 2 ? 503 : -1;
    a.result = random_text(random);
    a.latency_ms = random() % 2 ? 0.1 * random() : 1e300;
    a.outcome = random() % 2 ? sim::callbacks::Attempt::Outcome::WillRetry : sim::callbacks::Attempt::Outcome::Failed;
    if (random() % 2) a.retry_at = sim::Time{std::chrono::seconds(random())};
    a.id = random() % 2 ? random() : std::numeric_limits<std::uint64_t>::max();
    return a;
}

}  // namespace

TEST_CASE("the send answers: both writers agree, and agree with the library's to_json") {
    std::mt19937 random(5);
    for (int i = 0; i < 1000; ++i) {
        SendResponse r;
        r.href = random_text(random);
        r.recipient = random_text(random);
        r.requestid = random_text(random);
        r.sender = random_text(random);
        r.status = StatusField::of(i % 2 ? connectel::Status::Enroute : connectel::Status::Unknown);
        check_writers_agree(r);
        std::string written;
        events::append_fields(written, r);
        CHECK(written == nlohmann::json(r).dump());

        BulkSendResponse bulk;
        bulk.bulkid = random_text(random);
        bulk.href = random_text(random);
        bulk.sender = random_text(random);
        for (int m = static_cast<int>(random() % 4); m > 0; --m)
            bulk.recipients.push_back({random_text(random), random_text(random), random_text(random)});
        check_writers_agree(bulk);
        written.clear();
        events::append_fields(written, bulk);
        CHECK(written == nlohmann::json(bulk).dump());
    }
}

TEST_CASE("the send answers' bytes, the vendor's oddities included") {
    SendResponse r;
    r.href = "http://h/status?token=t&requestid=R1";
    r.recipient = "46700000001";
    r.requestid = "R1";
    r.sender = "Acme";
    std::string written;
    events::append_fields(written, r);
    CHECK(written == R"({"href":"http://h/status?token=t&requestid=R1","method":"GET","recipient":"46700000001",)"
                     R"("requestid":"R1","sender":"Acme","setusInt":0,"statusInt":0,"statusStr":"ENROUTE"})");
    BulkSendResponse bulk;
    bulk.bulkid = "B1";
    bulk.href = "h";
    bulk.sender = "Acme";
    bulk.recipients = {{"k\"1", "4670", "R1"}};
    written.clear();
    events::append_fields(written, bulk);
    CHECK(written == R"({"bulkid":"B1","href":"h","method":"GET","recipient":[{"key":"k\"1","recipient":"4670",)"
                     R"("requestid":"R1"}],"sender":"Acme","statusInt":0,"statusStr":"QUEUED"})");
}

TEST_CASE("every domain event record: both writers agree, with awkward texts and big numbers") {
    std::mt19937 random(7);
    for (int i = 0; i < 500; ++i) {
        const auto m = random_message(random);
        check_writers_agree(events::MessageAccepted{m});
        const std::string token = random_text(random);
        const sim::gateway::Token owner{token, m.token_id};
        const sim::gateway::StatusChangeNotice notice{m, owner};
        check_writers_agree(events::StatusChanged{notice});

        sim::gateway::InboundRecord sms{random_text(random), random_text(random), random_text(random),
                                        random_text(random), token,               random_text(random),
                                        sim::Time{std::chrono::microseconds(random())}, random_text(random)};
        check_writers_agree(events::InboundReceived{sms});

        const auto attempt = random_attempt(random);
        check_writers_agree(events::CallbackAttempted{attempt});

        const events::ClockMoved clock{i % 2 ? "virtual" : "scaled", i % 3 ? 1.0 : 0.125,
                                       sim::Time{std::chrono::microseconds(random())},
                                       i % 5 ? std::size_t(random()) : std::numeric_limits<std::size_t>::max()};
        check_writers_agree(clock);

        sim::scenario::Scenario scenario;
        scenario.name = random_text(random);
        scenario.description = random_text(random);
        scenario.source_name = random_text(random);
        scenario.source_text = random_text(random);
        if (i % 2) {
            scenario.tokens.emplace();
            sim::scenario::TokenSettings with_urls;
            with_urls.token = random_text(random);
            with_urls.id = random_text(random);
            with_urls.callbacks.dlr = sim::scenario::CallbackTarget{random_text(random)};
            with_urls.callbacks.inbound = sim::scenario::InboundSettings{{random_text(random)}, {random_text(random), "4670"}};
            scenario.tokens->push_back(with_urls);
            scenario.tokens->push_back({});
        }
        check_writers_agree(events::ScenarioLoaded{scenario});
        check_writers_agree(events::ScenarioDetail{scenario, "real"});
        check_writers_agree(events::Resync{random()});
    }
    check_writers_agree(events::Reset{});
    check_writers_agree(events::Resync{std::numeric_limits<std::uint64_t>::max()});
}

TEST_CASE("each record's bytes, as the control API and the event stream write them") {
    const sim::Time at{std::chrono::seconds(1577836800)};
    const std::string iso = "2020-01-01T00:00:00.000000Z";
    sim::gateway::MessageRecord m;
    m.request_id = "R1";
    m.bulk_id = "B1";
    m.key = "k";
    m.recipient = "4670";
    m.token_id = "T";
    auto content = std::make_shared<sim::gateway::Content>();
    content->request.sender = "Acme";
    content->request.message = "h\u00e9j\n\"";
    content->encoding = connectel::sms::Encoding::Ucs2;
    content->characters = 5;
    m.content = content;
    m.history = {{at, connectel::Status::Enroute, "queued"}, {at, connectel::Status::Delivered, "ok"}};
    std::string out;
    events::append_fields(out, events::MessageAccepted{m});
    CHECK(out == R"({"bulkid":"B1","characters":5,"encoding":"UCS-2","history":[{"at":")" + iso +
                     R"(","desc":"queued","status":"ENROUTE","statusInt":0},{"at":")" + iso +
                     R"(","desc":"ok","status":"DELIVRD","statusInt":1}],"key":"k","message":"h)"
                     "\u00e9"
                     R"(j\n\"","recipient":"4670","requestid":"R1","segments":1,"sender":"Acme","status":"DELIVRD",)"
                     R"("statusDesc":"ok","statusInt":1,"tokenid":"T"})");

    m.bulk_id.clear();  // a single send: no bulkid, no key
    const sim::gateway::Token owner{"secret", m.token_id};
    const sim::gateway::StatusChangeNotice notice{m, owner};
    out.clear();
    events::append_fields(out, events::StatusChanged{notice});
    CHECK(out == R"({"at":")" + iso +
                     R"(","recipient":"4670","requestid":"R1","status":"DELIVRD","statusDesc":"ok","statusInt":1,)"
                     R"("tokenid":"T"})");

    const sim::gateway::InboundRecord sms{"I1", "4671", "4670", "hi", "secret", "T", at, "control"};
    out.clear();
    events::append_fields(out, events::InboundReceived{sms});
    CHECK(out == R"({"at":")" + iso +
                     R"(","from":"4671","message":"hi","origin":"control","requestid":"I1","to":"4670","tokenid":"T"})");

    sim::callbacks::Attempt a{};
    a.callback_id = 2, a.number = 1, a.kind = sim::callbacks::Kind::Dlr, a.url = "http://r/dlr";
    a.content_type = "application/x-www-form-urlencoded", a.body = "status=DELIVRD&n=1", a.order_key = "R1";
    a.at = at, a.http_status = 503, a.result = "http 503", a.latency_ms = 1.5;
    a.outcome = sim::callbacks::Attempt::Outcome::WillRetry, a.retry_at = at, a.id = 7, a.token_id = "T";
    out.clear();
    events::append_fields(out, events::CallbackAttempted{a});
    CHECK(out == R"({"at":")" + iso +
                     R"(","attempt":1,"callback":2,"contentType":"application/x-www-form-urlencoded","fault":null,"httpStatus":503,)"
                     R"("id":7,"kind":"dlr","latencyMs":1.5,"outcome":"will_retry","payload":{"n":"1","status":"DELIVRD"},)"
                     R"("requestid":"R1","result":"http 503","retryAt":")" +
                     iso + R"(","tokenid":"T","url":"http://r/dlr"})");
    a.retry_at.reset();
    CHECK(events::field_tree(events::CallbackAttempted{a})["retryAt"].is_null());

    out.clear();
    events::append_fields(out, events::ClockMoved{"virtual", 1.0, at, 3});
    CHECK(out == R"({"clock":"virtual","now":")" + iso + R"(","pending":3,"speed":1.0})");

    out.clear();
    events::append_fields(out, events::Reset{});
    CHECK(out == "{}");
    out.clear();
    events::append_fields(out, events::Reset{"T"});
    CHECK(out == R"({"tokenid":"T"})");

    sim::scenario::Scenario scenario;
    scenario.name = "n";
    scenario.description = "d";
    scenario.source_name = "f.json";
    scenario.source_text = "{}";
    out.clear();
    events::append_fields(out, events::ScenarioLoaded{scenario});
    CHECK(out == R"({"description":"d","file":"f.json","name":"n"})");
    out.clear();
    events::append_fields(out, events::ScenarioDetail{scenario, "real"});
    CHECK(out == R"({"clock":"real","description":"d","file":"f.json","name":"n","source":"{}","tokens":null})");
    scenario.tokens.emplace();
    sim::scenario::TokenSettings t;
    t.id = "T";
    t.callbacks.dlr = sim::scenario::CallbackTarget{"http://r/dlr"};
    scenario.tokens->push_back(t);
    out.clear();
    events::append_fields(out, events::ScenarioDetail{scenario, "real"});
    CHECK(out == R"({"clock":"real","description":"d","file":"f.json","name":"n","source":"{}","tokens":[)"
                 R"({"dlrUrl":"http://r/dlr","id":"T","inboundUrl":null,"numbers":[]}]})");
}

TEST_CASE("text that is not UTF-8 is written with nlohmann's replacement, by the tree") {
    std::mt19937 random(9);
    auto m = random_message(random);
    auto content = std::make_shared<sim::gateway::Content>(*m.content);
    content->request.message = "caf\xC3";
    m.content = content;
    std::string written = "kept";
    CHECK_FALSE(events::append_fields(written, events::MessageAccepted{m}));
    CHECK(written == "kept" + events::field_tree(events::MessageAccepted{m})
                                  .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    CHECK(nlohmann::json::parse(written.substr(4))["message"] == "caf\uFFFD");

    SendResponse r;
    r.sender = "\xFF";
    written.clear();
    CHECK_FALSE(events::append_fields(written, r));
    CHECK(written == nlohmann::json(r).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

namespace {

struct OutOfOrder {
    template <class F>
    void fields(F&& f) const {
        f("b", 1);
        f("a", "x");
    }
};

}  // namespace

TEST_CASE("a field list out of key order still gives nlohmann's (sorted) bytes, through the tree") {
    std::string written;
    CHECK_FALSE(events::append_fields(written, OutOfOrder{}));
    CHECK(written == R"({"a":"x","b":1})");
}

TEST_CASE("publishing a record writes its name and its streamed bytes, once") {
    events::EventHub hub;
    hub.start_keeping();
    const sim::gateway::InboundRecord sms{"I1", "4671", "4670", "hi", "secret", "T", {}, "timeline"};
    CHECK(events::publish(hub, events::InboundReceived{sms}) == 1);
    const auto batch = hub.wait_after(0, std::chrono::milliseconds(0));
    std::string text;
    for (const auto piece : batch.pieces()) text += piece;
    std::string data;
    events::append_fields(data, events::InboundReceived{sms});
    CHECK(text == "id: 1\nevent: inbound\ndata: " + data + "\n\n");
}

TEST_CASE("the event names: one table, each name once, and the page imports them from it") {
    std::set<std::string_view> names;
    for (const auto& entry : events::event_names) names.insert(entry.name);
    CHECK(names.size() == std::size(events::event_names));
    CHECK(events::event_name(events::EventType::MessageStatus) == "message.status");

    std::string_view module;
    for (std::size_t i = 0; i < sim::embedded::web_files_count; ++i)
        if (sim::embedded::web_files[i].path == "event-types.js") module = sim::embedded::web_files[i].content;
    CHECK(module == events::event_types_module());
    // No other module of the page spells an event's name: they use EVENT.<key> from the module.
    for (std::size_t i = 0; i < sim::embedded::web_files_count; ++i) {
        const auto& file = sim::embedded::web_files[i];
        const bool js = file.path.size() > 3 && file.path.substr(file.path.size() - 3) == ".js";
        if (!js || file.path == "event-types.js") continue;
        for (const auto& entry : events::event_names) {
            for (const char quote : {'\'', '"', '`'}) {
                const std::string literal = quote + std::string(entry.name) + quote;
                INFO(file.path << " spells " << literal);
                CHECK(file.content.find(literal) == std::string_view::npos);
            }
        }
    }
}
