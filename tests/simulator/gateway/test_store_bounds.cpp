// The gateway's bound on messages and inbound SMS (--max-messages), on a virtual clock: which
// message is forgotten first, and that lookups, bulks and paging cursors stay consistent.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "gateway/gateway.hpp"
#include "send_requests.hpp"
#include "scenario/loader.hpp"

using sim::PageSpec;
using sim::gateway::Gateway;
using namespace std::chrono_literals;

namespace {

// 46700000001 is delivered after 1s; 46700000099 only after an hour; anything else at once
// (a lifecycle of one step at 0s).
constexpr const char* scenario_text = R"({"name": "bounds",
    "tokens": [{"token": "tok", "id": "t", "inbound": {"url": "http://127.0.0.1:9/sms", "numbers": ["46700000100"]}}],
    "lifecycle": [{"after": "0s", "status": "DELIVRD"}],
    "rules": [
      {"match": {"recipient": "46700000001"}, "lifecycle": [{"after": "1s", "status": "DELIVRD"}]},
      {"match": {"recipient": "46700000099"}, "lifecycle": [{"after": "1h", "status": "DELIVRD"}]}]})";

struct Store {
    explicit Store(std::size_t max_messages, std::size_t max_bytes = SIZE_MAX)
        : scenario(std::make_shared<sim::scenario::Scenario>(sim::scenario::load_scenario(scenario_text, "test"))),
          scheduler(sim::ClockSetting{sim::ClockSetting::Kind::Virtual, 1.0}, sim::Time{}),
          gateway(scenario, scheduler, 7, sim::StoreLimits{max_messages, max_bytes}) {
        gateway.on_warning([this](const std::string& warning) { warnings.push_back(warning); });
    }

    std::string send(const std::string& recipient, const std::string& text = "hi") {
        return gateway.accept_single(connectel_tests::single_send("tok", "IKEA", recipient, text)).request_id;
    }

    // The ids of the messages kept, oldest first, over pages of `limit`.
    std::vector<std::string> kept(std::size_t limit = 1000) const {
        std::vector<std::string> ids;
        PageSpec spec;
        spec.limit = limit;
        for (;;) {
            const auto page = gateway.messages({}, spec);
            for (const auto& message : page.items) ids.push_back(message.request_id);
            if (!page.more) return ids;
            spec.after = gateway.message_position(ids.back());
        }
    }

    std::shared_ptr<const sim::scenario::Scenario> scenario;
    sim::Scheduler scheduler;
    Gateway gateway;
    std::vector<std::string> warnings;
};

}  // namespace

TEST_CASE("past the bound the oldest settled message goes, not an older one awaiting its lifecycle") {
    Store store(3);
    const auto waiting = store.send("46700000001");  // DELIVRD after 1s
    const auto a = store.send("46700000020");
    const auto b = store.send("46700000021");
    store.scheduler.advance(0s);  // a and b are delivered; `waiting` is not yet
    const auto c = store.send("46700000022");
    CHECK(store.kept() == std::vector{waiting, b, c});
    CHECK_FALSE(store.gateway.message(a));
    CHECK(store.gateway.message_count() == 3);
    CHECK(store.warnings.empty());

    store.scheduler.advance(1s);  // `waiting` is delivered: now the oldest settled
    CHECK(store.gateway.message(waiting)->current().status == connectel::Status::Delivered);
    const auto d = store.send("46700000023");
    CHECK(store.kept() == std::vector{b, c, d});
}

TEST_CASE("when every message awaits its lifecycle the oldest goes, its steps with it, and a warning says so") {
    Store store(2);
    std::vector<std::string> ids;
    for (int i = 0; i < 5; ++i) ids.push_back(store.send("46700000099"));  // an hour each
    CHECK(store.kept() == std::vector{ids[3], ids[4]});
    CHECK(store.gateway.forgotten_unsettled() == 3);
    // The 1st and 2nd are told (then the 4th, 8th...), with the flag to raise.
    REQUIRE(store.warnings.size() == 2);
    CHECK(store.warnings[0].find("forgot message " + ids[0]) != std::string::npos);
    CHECK(store.warnings[0].find("--max-messages is 2") != std::string::npos);

    // The steps of the forgotten ones went with them: only the kept ones' wait, and run.
    CHECK(store.scheduler.pending() == 2);
    CHECK(store.scheduler.advance(1h) == 2);
    CHECK(store.kept() == std::vector{ids[3], ids[4]});
    for (const auto& id : {ids[3], ids[4]})
        CHECK(store.gateway.message(id)->current().status == connectel::Status::Delivered);
}

TEST_CASE("an old message awaiting its lifecycle goes once the store spans twice the bound behind it") {
    Store store(2);
    const auto waiting = store.send("46700000099");  // an hour
    std::vector<std::string> settled;
    for (int i = 0; i < 3; ++i) {
        settled.push_back(store.send("4670000003" + std::to_string(i)));
        store.scheduler.advance(0s);
    }
    // Kept: `waiting` and the newest settled one; forgotten slots behind `waiting` are 2.
    CHECK(store.kept() == std::vector{waiting, settled[2]});
    CHECK(store.gateway.forgotten_unsettled() == 0);
    store.send("46700000040");
    // Five slots from `waiting` on would be more than 2 x 2: it goes, though it still waits.
    CHECK(store.gateway.forgotten_unsettled() == 1);
    CHECK_FALSE(store.gateway.message(waiting));
}

TEST_CASE("a forgotten message is no longer found by id, but its id still pages from its place") {
    Store store(3);
    std::vector<std::string> ids;
    for (int i = 0; i < 6; ++i) ids.push_back(store.send("4670000005" + std::to_string(i)));
    store.scheduler.advance(0s);
    CHECK(store.kept() == std::vector{ids[3], ids[4], ids[5]});
    for (int i = 0; i < 3; ++i) {
        CHECK_FALSE(store.gateway.message(ids[i]));
        CHECK_FALSE(store.gateway.find_message("tok", ids[i]));
        REQUIRE(store.gateway.message_position(ids[i]));
    }
    PageSpec after_forgotten;
    after_forgotten.after = store.gateway.message_position(ids[1]);
    const auto newer = store.gateway.messages({}, after_forgotten);
    CHECK(newer.items.size() == 3);  // everything kept is newer
    CHECK(newer.items.front().request_id == ids[3]);
    PageSpec before_forgotten;
    before_forgotten.before = store.gateway.message_position(ids[1]);
    before_forgotten.newest_first = true;
    const auto older = store.gateway.messages({}, before_forgotten);
    CHECK(older.items.empty());  // nothing older is kept
    CHECK_FALSE(older.more);
    CHECK(older.total == 3);
    // An id never given is still no cursor.
    CHECK_FALSE(store.gateway.message_position("RAAAAAAAAAAAAAAA.15778368000000000"));
    // Paging one at a time meets each kept message once.
    CHECK(store.kept(1) == std::vector{ids[3], ids[4], ids[5]});
}

TEST_CASE("a bulk's report lists the members kept, and the bulk is gone with its last member") {
    Store store(3);
    const auto bulk = store.gateway.accept_bulk(connectel_tests::bulk_send(
        "tok", "IKEA", {{"A", "46700000061"}, {"B", "46700000062"}, {"C", "46700000063"}}, "hi"));
    store.scheduler.advance(0s);
    store.send("46700000064");
    auto report = store.gateway.find_bulk("tok", bulk.bulk_id);
    REQUIRE(report);
    REQUIRE(report->members.size() == 2);
    CHECK(report->members[0].request_id == bulk.request_ids[1]);
    sim::gateway::MessageFilter of_bulk;
    of_bulk.bulk_id = bulk.bulk_id;
    CHECK(store.gateway.messages(of_bulk, {}).total == 2);
    CHECK(store.gateway.message(bulk.request_ids[2])->bulk_id == bulk.bulk_id);

    store.scheduler.advance(0s);
    store.send("46700000065");  // B goes
    report = store.gateway.find_bulk("tok", bulk.bulk_id);
    REQUIRE(report);
    REQUIRE(report->members.size() == 1);
    CHECK(report->members[0].request_id == bulk.request_ids[2]);
    store.send("46700000066");  // C goes, and the bulk with it
    CHECK_FALSE(store.gateway.find_bulk("tok", bulk.bulk_id));
    CHECK(store.gateway.messages(of_bulk, {}).total == 0);
}

TEST_CASE("a bulk larger than the bound keeps its newest members; the answer still has every id") {
    Store store(2);
    const auto bulk = store.gateway.accept_bulk(connectel_tests::bulk_send(
        "tok", "IKEA", {{"A", "46700000071"}, {"B", "46700000072"}, {"C", "46700000073"}}, "hi"));
    REQUIRE(bulk.request_ids.size() == 3);
    CHECK(store.kept() == std::vector{bulk.request_ids[1], bulk.request_ids[2]});
    CHECK(store.gateway.find_bulk("tok", bulk.bulk_id)->members.size() == 2);
}

TEST_CASE("inbound SMS: the newest --max-messages are kept, and a forgotten one's id still pages") {
    Store store(2);
    std::vector<std::string> ids;
    for (int i = 0; i < 4; ++i)
        ids.push_back(store.gateway.receive_inbound("4670000011" + std::to_string(i), "46700000100", "hi", "control")
                          ->request_id);
    const auto kept = store.gateway.inbound({}, PageSpec{}).items;
    REQUIRE(kept.size() == 2);
    CHECK(kept[0].request_id == ids[2]);
    CHECK(kept[1].request_id == ids[3]);
    PageSpec after_forgotten;
    after_forgotten.after = store.gateway.inbound_position(ids[0]);
    REQUIRE(after_forgotten.after);
    CHECK(store.gateway.inbound({}, after_forgotten).items.size() == 2);
}

TEST_CASE("a reset forgets everything and the numbering starts again") {
    Store store(2);
    for (int i = 0; i < 5; ++i) store.send("46700000099");
    store.gateway.reset();
    CHECK(store.gateway.message_count() == 0);
    const auto id = store.send("46700000080");
    CHECK(store.kept() == std::vector{id});
}

TEST_CASE("--max-store-bytes: long texts fill the store sooner; a bulk's text counts once") {
    const std::string long_text(6000, 'x');  // about 6.5 KB a message with its fixed part
    Store store(1000, 20'000);
    std::vector<std::string> ids;
    for (int i = 0; i < 5; ++i) ids.push_back(store.send("4670000009" + std::to_string(i), long_text));
    CHECK(store.kept() == std::vector{ids[2], ids[3], ids[4]});

    // Ten members sharing one text take about 11.4 KB, not ten texts' 65 KB: they fit beside
    // the newest single.
    std::vector<connectel::api::BulkRecipient> members;
    for (int i = 0; i < 10; ++i) members.push_back({"k" + std::to_string(i), "4670000010" + std::to_string(i)});
    const auto bulk = store.gateway.accept_bulk(connectel_tests::bulk_send("tok", "IKEA", members, long_text));
    std::vector<std::string> expected{ids[4]};
    expected.insert(expected.end(), bulk.request_ids.begin(), bulk.request_ids.end());
    CHECK(store.kept() == expected);

    // Inbound SMS likewise, on their own.
    for (int i = 0; i < 5; ++i) store.gateway.receive_inbound("46700000111", "46700000100", long_text, "control");
    CHECK(store.gateway.inbound({}, PageSpec{}).items.size() == 3);
    CHECK(store.kept().size() == 11);
}

TEST_CASE("a list by recipient (the recipient index) agrees with a pass over every message: forgotten ones, cursors, orders, a reset") {
    Store store(40);
    const std::vector<std::string> recipients = {"46700000099", "46700000010", "46700000011", "46700000012"};
    for (int i = 0; i < 150; ++i) store.send(recipients[static_cast<std::size_t>(i * 7 % 4)]);
    store.scheduler.advance(0s);  // the 0s steps: all but the hour-long ones are settled, and go first
    const auto check_all = [&] {
        PageSpec every;
        const auto all = store.gateway.messages({}, every).items;
        for (const auto& recipient : recipients) {
            CAPTURE(recipient);
            std::vector<std::string> expected;
            for (const auto& message : all)
                if (message.recipient == recipient) expected.push_back(message.request_id);
            sim::gateway::MessageFilter filter;
            filter.recipient = recipient;
            const auto ids_of = [&](const PageSpec& spec) {
                const auto page = store.gateway.messages(filter, spec);
                CHECK(page.total == expected.size());
                std::vector<std::string> ids;
                for (const auto& message : page.items) ids.push_back(message.request_id);
                return std::pair{ids, page.more};
            };
            CHECK(ids_of(every).first == expected);
            if (expected.size() < 3) continue;
            PageSpec newest_two;
            newest_two.limit = 2;
            newest_two.newest_first = true;
            CHECK(ids_of(newest_two) == std::pair{std::vector{expected.back(), expected[expected.size() - 2]}, true});
            PageSpec after_first;
            after_first.after = store.gateway.message_position(expected.front());
            CHECK(ids_of(after_first).first == std::vector(expected.begin() + 1, expected.end()));
            PageSpec before_last;
            before_last.before = store.gateway.message_position(expected.back());
            before_last.limit = 1;
            CHECK(ids_of(before_last) == std::pair{std::vector{expected.front()}, expected.size() > 2});
        }
    };
    check_all();
    store.gateway.reset();
    for (int i = 0; i < 9; ++i) store.send(recipients[static_cast<std::size_t>(i % 4)]);
    check_all();
}

TEST_CASE("forgetting a token's messages and SMS leaves the others', their cursors, and room in the bound") {
    auto scenario = std::make_shared<sim::scenario::Scenario>(sim::scenario::load_scenario(R"({"name": "two",
        "tokens": [{"token": "a", "id": "ta", "inbound": {"url": "http://127.0.0.1:9/a", "numbers": ["46700000100"]}},
                   {"token": "b", "id": "tb", "inbound": {"url": "http://127.0.0.1:9/b", "numbers": ["46700000200"]}}],
        "lifecycle": [{"after": "1s", "status": "DELIVRD"}]})", "test"));
    sim::Scheduler scheduler(sim::ClockSetting{sim::ClockSetting::Kind::Virtual, 1.0}, sim::Time{});
    Gateway gateway(scenario, scheduler, 7, sim::StoreLimits{4, SIZE_MAX});
    const auto send = [&](const char* token, const std::string& recipient) {
        return gateway.accept_single(connectel_tests::single_send(token, "IKEA", recipient, "hi")).request_id;
    };
    const std::string a1 = send("a", "46700000001"), b1 = send("b", "46700000001");
    const auto bulk = gateway.accept_bulk(
        connectel_tests::bulk_send("a", "IKEA", {{"k1", "46700000002"}, {"k2", "46700000003"}}, "hi"));
    gateway.receive_inbound("46700000009", "46700000100", "to a", "control");
    gateway.receive_inbound("46700000009", "46700000200", "to b", "control");
    REQUIRE(gateway.message_count() == 4);

    const auto forgotten = gateway.forget_token("ta");
    CHECK(forgotten.messages == 3);
    CHECK(forgotten.inbound == 1);
    CHECK(gateway.message_count() == 1);
    CHECK_FALSE(gateway.message(a1));
    CHECK_FALSE(gateway.find_bulk("a", bulk.bulk_id));
    // By recipient (the index's chain runs through the forgotten) and in full, only b's is left.
    sim::gateway::MessageFilter to_first;
    to_first.recipient = "46700000001";
    REQUIRE(gateway.messages(to_first).size() == 1);
    CHECK(gateway.messages(to_first)[0].request_id == b1);
    // A forgotten message's id still pages: after it comes b's.
    PageSpec after_a1;
    after_a1.after = gateway.message_position(a1);
    REQUIRE(after_a1.after);
    const auto after = gateway.messages({}, after_a1).items;
    REQUIRE(after.size() == 1);
    CHECK(after[0].request_id == b1);
    PageSpec before_end;
    before_end.after = gateway.message_position(bulk.request_ids[0]);
    REQUIRE(before_end.after);
    CHECK(gateway.messages({}, before_end).items.empty());
    const auto inbound = gateway.inbound({}, PageSpec{}).items;
    REQUIRE(inbound.size() == 1);
    CHECK(inbound[0].message == "to b");

    // a's step does not run; b's does; and the bound counts only what is kept.
    scheduler.advance(2s);
    CHECK(gateway.messages({}).at(0).history.back().status == connectel::Status::Delivered);
    for (int i = 0; i < 3; ++i) send("a", "4670000002" + std::to_string(i));
    CHECK(gateway.message_count() == 4);
    CHECK(gateway.message(b1));
}
