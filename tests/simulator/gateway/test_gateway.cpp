// The gateway on a virtual clock: ids, tokens, lifecycles, forced statuses and reset.
#include <doctest/doctest.h>

#include <regex>
#include <set>

#include "embedded.hpp"
#include "gateway/gateway.hpp"
#include "send_requests.hpp"
#include "scenario/loader.hpp"

using connectel::Status;
using connectel_tests::bulk_send;
using connectel_tests::single_send;
using sim::gateway::Gateway;
using namespace std::chrono_literals;

namespace {

const sim::Time epoch{std::chrono::seconds(1577836800)};

struct World {
    explicit World(const std::string& scenario_text, std::uint64_t seed = 7)
        : scenario(std::make_shared<sim::scenario::Scenario>(sim::scenario::load_scenario(scenario_text, "test"))),
          scheduler(sim::ClockSetting{sim::ClockSetting::Kind::Virtual, 1.0}, epoch),
          gateway(scenario, scheduler, seed) {}

    std::vector<Status> statuses(const std::string& id, const std::string& token = "tok") const {
        std::vector<Status> out;
        const auto message = gateway.find_message(token, id);
        REQUIRE(message);
        for (const auto& change : message->history) out.push_back(change.status);
        return out;
    }

    std::shared_ptr<const sim::scenario::Scenario> scenario;
    sim::Scheduler scheduler;
    Gateway gateway;
};

std::string default_scenario() {
    return std::string(sim::embedded::default_scenario);
}

}  // namespace

TEST_CASE("ids have the reference's shapes and never repeat, even at one instant") {
    World world(default_scenario());
    const std::regex request_id("R[A-Z0-9]{15}\\.[0-9]{17}");
    const std::regex bulk_id("B[A-Z0-9]{8}\\.[0-9]{17}");
    std::set<std::string> seen;
    for (int i = 0; i < 200; ++i) {
        const auto id = world.gateway.accept_single(single_send("tok", "IKEA", "46700000000", "hi")).request_id;
        CHECK(std::regex_match(id, request_id));
        CHECK(seen.insert(id).second);
    }
    const auto bulk = world.gateway.accept_bulk(bulk_send("tok", "IKEA", {{"A", "46700000001"}, {"B", "46700000002"}}, "hi"));
    CHECK(std::regex_match(bulk.bulk_id, bulk_id));
    // The digits are the clock's Unix time in 100 ns units.
    CHECK(bulk.bulk_id.substr(10, 10) == "1577836800");
}

TEST_CASE("the same seed on a virtual clock gives the same ids") {
    World a(default_scenario(), 99), b(default_scenario(), 99), c(default_scenario(), 100);
    const auto id_a = a.gateway.accept_single(single_send("tok", "IKEA", "46700000000", "hi")).request_id;
    CHECK(id_a == b.gateway.accept_single(single_send("tok", "IKEA", "46700000000", "hi")).request_id);
    CHECK(id_a != c.gateway.accept_single(single_send("tok", "IKEA", "46700000000", "hi")).request_id);
}

TEST_CASE("a single send starts ENROUTE and is DELIVRD one second later, not before") {
    World world(default_scenario());
    const auto id = world.gateway.accept_single(single_send("tok", "IKEA", "46700000000", "hi")).request_id;
    CHECK(world.statuses(id) == std::vector{Status::Enroute});
    world.scheduler.advance(999ms);
    CHECK(world.statuses(id) == std::vector{Status::Enroute});
    world.scheduler.advance(1ms);
    CHECK(world.statuses(id) == std::vector{Status::Enroute, Status::Delivered});
    CHECK(world.gateway.find_message("tok", id)->current().at == epoch + 1s);
}

TEST_CASE("bulk members start QUEUED") {
    World world(default_scenario());
    const auto bulk = world.gateway.accept_bulk(bulk_send("tok", "IKEA", {{"A", "46700000001"}, {"B", "46700000002"}}, "hi"));
    for (const auto& id : bulk.request_ids) CHECK(world.statuses(id) == std::vector{Status::Queued});
    world.scheduler.advance(1s);
    CHECK(world.statuses(bulk.request_ids[0]) == std::vector{Status::Queued, Status::Delivered});
    CHECK(world.statuses(bulk.request_ids[1]) == std::vector{Status::Queued, Status::Rejected});
}

TEST_CASE("the default scenario's magic numbers end in their status") {
    World world(default_scenario());
    const std::pair<const char*, Status> cases[] = {{"46700000002", Status::Rejected},
                                                    {"46700000005", Status::Undeliverable},
                                                    {"46700000008", Status::Expired},
                                                    {"46700000009", Status::Unknown},
                                                    {"46700000001", Status::Delivered},
                                                    {"46700000020", Status::Delivered},
                                                    {"+46700010002", Status::Rejected}};
    std::vector<std::string> ids;
    for (const auto& [number, status] : cases) ids.push_back(world.gateway.accept_single(single_send("tok", "IKEA", number, "hi")).request_id);
    world.scheduler.advance(1s);
    for (std::size_t i = 0; i < ids.size(); ++i) {
        const auto message = world.gateway.find_message("tok", ids[i]);
        CHECK_MESSAGE(message->current().status == cases[i].second, cases[i].first);
    }
    CHECK(world.gateway.find_message("tok", ids[0])->current().desc.find("0002") != std::string::npos);
}

TEST_CASE("a lifecycle's steps happen at their offsets from acceptance") {
    World world(R"({"name":"steps","lifecycle":[
        {"after":"0s","status":"ENROUTE","desc":"again"},
        {"after":"10s","status":"ENROUTE","desc":"again"},
        {"after":"48h","status":"EXPIRED","desc":"validity"}]})");
    world.scheduler.advance(5s);
    const auto id = world.gateway.accept_single(single_send("tok", "IKEA", "46700000000", "hi")).request_id;
    world.scheduler.advance(0s);
    auto history = world.gateway.find_message("tok", id)->history;
    REQUIRE(history.size() == 2);  // the same status with a new desc is a change
    CHECK(history[1].desc == "again");
    world.scheduler.advance(20s);
    CHECK(world.gateway.find_message("tok", id)->history.size() == 2);  // nothing changed at 10s
    world.scheduler.advance(48h);
    history = world.gateway.find_message("tok", id)->history;
    REQUIRE(history.size() == 3);
    CHECK(history[2].status == Status::Expired);
    CHECK(history[2].at == epoch + 5s + 48h);
}

TEST_CASE("a token never sees another token's messages or bulks") {
    World world(default_scenario());
    const auto id = world.gateway.accept_single(single_send("alice", "IKEA", "46700000000", "hi")).request_id;
    const auto bulk = world.gateway.accept_bulk(bulk_send("alice", "IKEA", {{"A", "46700000001"}}, "hi"));
    CHECK(world.gateway.find_message("alice", id));
    CHECK_FALSE(world.gateway.find_message("bob", id));
    CHECK(world.gateway.find_bulk("alice", bulk.bulk_id));
    CHECK_FALSE(world.gateway.find_bulk("bob", bulk.bulk_id));
    CHECK_FALSE(world.gateway.find_message("alice", "RNOSUCHMESSAGE00.15778368000000000"));
}

TEST_CASE("listed tokens are the only ones accepted, and carry their ids") {
    World world(R"({"name":"t","tokens":[{"token":"secret","id":"tok-1"}]})");
    CHECK(world.gateway.authenticate("secret") == Gateway::Auth::Accepted);
    CHECK(world.gateway.authenticate("other") == Gateway::Auth::Unknown);
    CHECK(world.gateway.authenticate("") == Gateway::Auth::Missing);
    const auto id = world.gateway.accept_single(single_send("secret", "IKEA", "46700000000", "hi")).request_id;
    CHECK(world.gateway.find_message("secret", id)->token_id == "tok-1");
}

TEST_CASE("a status change names its token with the token's DLR URL; an inbound SMS, its owner") {
    World world(R"({"name":"t","tokens":[
        {"token":"secret","id":"tok-1","dlr":{"url":"http://127.0.0.1:9/dlr","format":"form"},
         "inbound":{"url":"http://127.0.0.1:9/in","numbers":["46700000100"]}},
        {"token":"quiet"}]})");
    std::vector<std::string> seen;
    world.gateway.on_status_change([&](const sim::gateway::StatusChangeNotice& notice) {
        seen.push_back(notice.token.token + " " + (notice.token.dlr ? notice.token.dlr->url : "-") + " " +
                       notice.message.request_id + " " + std::string(connectel::status_str(notice.change().status)));
    });
    world.gateway.on_inbound([&](const sim::gateway::InboundRecord& sms, const sim::gateway::Token& owner,
                                 const sim::scenario::CallbackFaults*) {
        seen.push_back(owner.token + " " + (owner.inbound ? owner.inbound->target.url : "-") + " " + sms.from);
    });
    const auto a = world.gateway.accept_single(single_send("secret", "IKEA", "46700000000", "hi")).request_id;
    const auto b = world.gateway.accept_single(single_send("quiet", "IKEA", "46700000000", "hi")).request_id;
    world.scheduler.advance(1s);
    CHECK(world.gateway.receive_inbound("46700000001", "46700000100", "yes", "control"));
    CHECK_FALSE(world.gateway.receive_inbound("46700000001", "46700000999", "no", "control"));
    CHECK(seen == std::vector<std::string>{"secret http://127.0.0.1:9/dlr " + a + " DELIVRD",
                                           "quiet - " + b + " DELIVRD",
                                           "secret http://127.0.0.1:9/in 46700000001"});
}

TEST_CASE("a message keeps its send request, less the token and recipients kept elsewhere") {
    World world(default_scenario());
    const auto bulk = world.gateway.accept_bulk(
        bulk_send("tok", "IKEA", {{"A", "46700000001"}, {"B", "46700000002"}}, "hi"));
    const auto member = world.gateway.find_message("tok", bulk.request_ids[1]);
    REQUIRE(member);
    CHECK(member->recipient == "46700000002");
    CHECK(member->key == "B");
    const connectel::api::SendRequest& kept = member->content->request;
    CHECK(kept.sender == "IKEA");
    CHECK(kept.message == "hi");
    CHECK(kept.bulk);
    CHECK(kept.token.empty());
    CHECK(kept.recipients.empty());
    // Nor their buffers: a bulk's Content would otherwise hold 64 bytes a member.
    CHECK(kept.recipients.capacity() == 0);
    // One request's members share what it sent.
    CHECK(world.gateway.find_message("tok", bulk.request_ids[0])->content == member->content);
}

TEST_CASE("any token is accepted without a token list, with a stable derived id") {
    World world(default_scenario());
    CHECK(world.gateway.authenticate("anything") == Gateway::Auth::Accepted);
    const auto a = world.gateway.accept_single(single_send("anything", "IKEA", "46700000000", "hi")).request_id;
    const auto b = world.gateway.accept_single(single_send("anything", "IKEA", "46700000000", "hi")).request_id;
    const auto token_id = world.gateway.find_message("anything", a)->token_id;
    CHECK(token_id.rfind("tok-", 0) == 0);
    CHECK(token_id.find("anything") == std::string::npos);
    CHECK(world.gateway.find_message("anything", b)->token_id == token_id);
}

TEST_CASE("the stored message knows its encoding and segment count") {
    World world(default_scenario());
    const auto gsm = world.gateway.accept_single(single_send("tok", "IKEA", "46700000000", std::string(161, 'a'))).request_id;
    const auto ucs = world.gateway.accept_single(single_send("tok", "IKEA", "46700000000", "Hej 😀")).request_id;
    CHECK(world.gateway.find_message("tok", gsm)->content->segments == 2);
    CHECK(world.gateway.find_message("tok", gsm)->content->encoding == connectel::sms::Encoding::Gsm7);
    CHECK(world.gateway.find_message("tok", ucs)->content->encoding == connectel::sms::Encoding::Ucs2);
    CHECK(world.gateway.find_message("tok", ucs)->content->characters == 5);
}

TEST_CASE("a forced final status ends the lifecycle; a forced status is recorded at the clock's time") {
    World world(default_scenario());
    const auto id = world.gateway.accept_single(single_send("tok", "IKEA", "46700000000", "hi")).request_id;
    world.scheduler.advance(300ms);
    const auto forced = world.gateway.force_status(id, Status::Undeliverable, "forced");
    REQUIRE(forced);
    CHECK(forced->current().at == epoch + 300ms);
    world.scheduler.advance(5s);
    CHECK(world.statuses(id) == std::vector{Status::Enroute, Status::Undeliverable});
    CHECK_FALSE(world.gateway.force_status("RNOPE", Status::Delivered, ""));
}

TEST_CASE("filters select messages by recipient, status, bulk and token id") {
    World world(R"({"name":"t","tokens":[{"token":"a","id":"tok-a"},{"token":"b","id":"tok-b"}]})");
    world.gateway.accept_single(single_send("a", "IKEA", "46700000001", "hi")).request_id;
    const auto bulk = world.gateway.accept_bulk(bulk_send("b", "IKEA", {{"K1", "46700000001"}, {"K2", "46700000002"}}, "hi"));
    CHECK(world.gateway.messages({}).size() == 3);
    CHECK(world.gateway.messages({"46700000001", {}, "", "", ""}).size() == 2);
    CHECK(world.gateway.messages({"", Status::Queued, "", "", ""}).size() == 2);
    CHECK(world.gateway.messages({"", {}, bulk.bulk_id, "", ""}).size() == 2);
    CHECK(world.gateway.messages({"", {}, "", "tok-a", ""}).size() == 1);
    CHECK(world.gateway.messages({"", {}, "", "", "IKEA"}).size() == 3);
    CHECK(world.gateway.messages({"", {}, "", "", "Acme"}).empty());
    const auto members = world.gateway.messages({"", {}, bulk.bulk_id, "", ""});
    CHECK(members[0].key == "K1");
    CHECK(members[1].key == "K2");
}

TEST_CASE("reset forgets messages and their pending steps") {
    World world(default_scenario());
    const auto id = world.gateway.accept_single(single_send("tok", "IKEA", "46700000000", "hi")).request_id;
    world.gateway.reset();
    CHECK(world.gateway.message_count() == 0);
    CHECK_FALSE(world.gateway.find_message("tok", id));
    CHECK(world.scheduler.pending() == 0);
    const auto after = world.gateway.accept_single(single_send("tok", "IKEA", "46700000000", "hi")).request_id;
    world.scheduler.advance(1s);
    CHECK(world.statuses(after) == std::vector{Status::Enroute, Status::Delivered});
}

TEST_CASE("many steps due at once all run in one advance") {
    World world(default_scenario());
    std::vector<connectel::api::BulkRecipient> recipients;
    for (int i = 0; i < 5000; ++i) recipients.push_back({"K" + std::to_string(i), "4670001" + std::to_string(1000 + i)});
    const auto bulk = world.gateway.accept_bulk(bulk_send("tok", "IKEA", recipients, "hi"));
    CHECK(world.scheduler.advance(1s) == 5000);
    CHECK(world.gateway.messages({"", Status::Queued, "", "", ""}).empty());
}

TEST_CASE("an id is found only exactly: another letter, length or case is not found") {
    World world(default_scenario());
    const auto id = world.gateway.accept_single(single_send("tok", "IKEA", "46700000000", "hi")).request_id;
    const auto bulk = world.gateway.accept_bulk(bulk_send("tok", "IKEA", {{"A", "46700000001"}}, "hi"));
    CHECK(world.gateway.find_message("tok", id));
    for (std::size_t at : {1u, 7u, 15u, 20u}) {
        std::string changed = id;
        changed[at] = changed[at] == '0' ? '1' : '0';
        CHECK_FALSE(world.gateway.find_message("tok", changed));
    }
    std::string lower = id;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    REQUIRE(lower != id);
    CHECK_FALSE(world.gateway.find_message("tok", lower));
    CHECK_FALSE(world.gateway.find_message("tok", id + "0"));
    CHECK_FALSE(world.gateway.find_message("tok", bulk.bulk_id));
    CHECK_FALSE(world.gateway.find_bulk("tok", id));
    world.gateway.reset();
    world.gateway.accept_single(single_send("tok", "IKEA", "46700000000", "hi")).request_id;  // takes the same index
    CHECK_FALSE(world.gateway.find_message("tok", id));
}

TEST_CASE("tokens take the default entry's settings where they have none, and a change of it follows") {
    using sim::gateway::Tokens;
    using sim::scenario::CallbackTarget;
    using sim::scenario::InboundSettings;
    const auto scenario = sim::scenario::load_scenario(R"({"name": "t", "tokens": [
        {"token": "own", "id": "tok-own", "dlr": {"url": "http://127.0.0.1:9/own"}},
        {"token": "bare", "id": "tok-bare", "inbound": {"url": "http://127.0.0.1:9/bare", "numbers": ["46700000200"]}}]})",
                                                       "test");
    sim::scenario::TokenCallbacks defaults;
    defaults.dlr = CallbackTarget{"http://127.0.0.1:9/default", sim::scenario::PayloadFormat::Form};
    defaults.inbound = InboundSettings{{"http://127.0.0.1:9/default-sms", {}}, {"46700000100", "46700000200"}};
    Tokens tokens(scenario, defaults);
    const auto own = *tokens.find_id("tok-own"), bare = *tokens.find_id("tok-bare");
    CHECK(tokens[own].dlr->url == "http://127.0.0.1:9/own");
    CHECK(tokens[own].inbound->target.url == "http://127.0.0.1:9/default-sms");
    CHECK(tokens[bare].dlr->url == "http://127.0.0.1:9/default");
    CHECK(tokens[bare].dlr->format == sim::scenario::PayloadFormat::Form);
    // The default's numbers are its own; a number a listed token has stays that token's.
    CHECK(tokens.owner_of_number("46700000100") == Tokens::default_index);
    CHECK(tokens.owner_of_number("46700000200") == bare);
    CHECK(tokens.may_be_id("default"));
    CHECK_FALSE(tokens.may_be_id("tok-nope"));

    // A number another token has is refused, and nothing changes.
    sim::scenario::TokenCallbacks taking;
    taking.inbound = InboundSettings{{"http://127.0.0.1:9/x", {}}, {"46700000200"}};
    CHECK(tokens.set_own(own, taking) == std::optional<std::string>("tok-bare"));
    CHECK(tokens[own].inbound->target.url == "http://127.0.0.1:9/default-sms");

    // The default entry changes: every token without its own setting follows, at once.
    sim::scenario::TokenCallbacks moved;
    moved.dlr = CallbackTarget{"http://127.0.0.1:9/moved", {}};
    CHECK_FALSE(tokens.set_own(Tokens::default_index, moved));
    CHECK(tokens[bare].dlr->url == "http://127.0.0.1:9/moved");
    CHECK(tokens[own].dlr->url == "http://127.0.0.1:9/own");
    CHECK(tokens[own].inbound == nullptr);  // the default has no inbound setting now
    CHECK_FALSE(tokens.owner_of_number("46700000100"));  // nor its numbers
    CHECK(tokens[Tokens::default_index].set_at_run_time);
}
