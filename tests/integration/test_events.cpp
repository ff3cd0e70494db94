// GET /_sim/events over real HTTP: every change as a numbered event, in order; resuming with
// Last-Event-ID; many clients at once; and a client that never reads leaves the API alone.
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <set>

#include "callback_receiver.hpp"
#include "event_stream_client.hpp"
#include "sim_fixture.hpp"

using namespace connectel_tests;
using nlohmann::json;

namespace {

std::string send(RunningSimulator& sim, const std::string& recipient, const std::string& message = "Hi") {
    const auto res = sim.post_json("/api/v2/send", {{"authorization", "tok"}, {"sender", "IKEA"},
                                                    {"recipient", recipient}, {"message", message}});
    REQUIRE(res);
    REQUIRE(res->status == 200);
    return json::parse(res->body)["requestid"];
}

// One bulk of `count` (up to 10,000) recipients: `count` message.accepted events. The numbers
// end in x111: none is a magic number (0002, 0005, ...), so each is DELIVRD after 1 s.
void send_bulk(RunningSimulator& sim, int count) {
    json recipients = json::object();
    for (int i = 0; i < count; ++i) recipients["k" + std::to_string(i)] = "467" + std::to_string(10000111 + i * 1000);
    const auto res = sim.post_json("/api/v2/send", {{"authorization", "tok"}, {"sender", "IKEA"}, {"bulk", true},
                                                    {"recipient", recipients}, {"message", "Hi"}});
    REQUIRE(res);
    REQUIRE(res->status == 200);
}

std::vector<std::string> types(const std::vector<StreamEvent>& events) {
    std::vector<std::string> out;
    for (const auto& e : events) out.push_back(e.type);
    return out;
}

void check_consecutive_ids(const std::vector<StreamEvent>& events) {
    for (std::size_t i = 1; i < events.size(); ++i) CHECK(events[i].id == events[i - 1].id + 1);
}

}  // namespace

TEST_CASE("the event stream tells each change in order, with consecutive ids") {
    RunningSimulator sim;
    EventStreamClient stream(sim.simulator().port());
    const std::string first = send(sim, "46700000001");
    const std::string second = send(sim, "46700000002", "Price: 5€");
    sim.advance("1s");
    const auto events = stream.wait_for(5);
    CHECK(types(events) == std::vector<std::string>{"message.accepted", "message.accepted", "message.status",
                                                    "message.status", "clock"});
    check_consecutive_ids(events);
    CHECK(events[0].data["requestid"] == first);
    CHECK(events[0].data["status"] == "ENROUTE");
    CHECK(events[1].data["message"] == "Price: 5€");
    CHECK(events[1].data["recipient"] == "46700000002");
    CHECK(events[2].data["requestid"] == first);
    CHECK(events[2].data["status"] == "DELIVRD");
    CHECK(events[2].data["at"] == "2020-01-01T00:00:01.000000Z");
    CHECK(events[4].data["now"] == "2020-01-01T00:00:01.000000Z");
}

TEST_CASE("a forced status, an inbound SMS, a callback attempt, a reset and a scenario load are events") {
    CallbackReceiver receiver;
    const std::string scenario = R"({"name": "events", "tokens": [{"token": "tok", "id": "tok-1",
        "dlr": {"url": ")" + receiver.url("/dlr") + R"(", "format": "json"},
        "inbound": {"url": ")" + receiver.url("/sms") + R"(", "format": "json", "numbers": ["46700000099"]}}]})";
    RunningSimulator sim(test_options(scenario));
    EventStreamClient stream(sim.simulator().port());
    const std::string id = send(sim, "46700000001");
    sim.control("/_sim/messages/" + id + "/status", {{"status", "UNDELIV"}, {"desc", "forced"}});
    sim.control("/_sim/inbound", {{"from", "46700000001"}, {"to", "46700000099"}, {"message", "STOP"}});
    sim.control("/_sim/reset");
    REQUIRE(sim.client().Put("/_sim/scenario", R"({"name": "next"})", "application/json")->status == 200);

    const auto loaded = stream.wait_for_type("scenario.loaded");
    CHECK(loaded.data["name"] == "next");
    const auto events = stream.events();
    check_consecutive_ids(events);
    const auto find = [&](const std::string& type) {
        for (const auto& e : events)
            if (e.type == type) return e.data;
        FAIL("no event " << type);
        return json();
    };
    CHECK(find("message.status")["status"] == "UNDELIV");
    CHECK(find("message.status")["statusDesc"] == "forced");
    CHECK(find("inbound")["message"] == "STOP");
    CHECK(find("inbound")["to"] == "46700000099");
    const json attempt = find("callback.attempt");
    CHECK(attempt["outcome"] == "delivered");
    CHECK(attempt["kind"] == "dlr");
    CHECK(attempt["payload"]["requestid"] == id);
    CHECK(find("reset") == json::object());
}

TEST_CASE("Last-Event-ID resumes after the last event seen, with nothing lost or repeated") {
    RunningSimulator sim;
    std::uint64_t seen = 0;
    {
        EventStreamClient stream(sim.simulator().port());
        send(sim, "46700000001");
        seen = stream.wait_for(1).back().id;
    }
    send(sim, "46700000002");
    send(sim, "46700000003");
    EventStreamClient resumed(sim.simulator().port(), seen);
    const auto events = resumed.wait_for(2);
    CHECK(events[0].id == seen + 1);
    CHECK(events[0].data["recipient"] == "46700000002");
    CHECK(events[1].data["recipient"] == "46700000003");
    send(sim, "46700000004");
    CHECK(resumed.wait_for(3)[2].data["recipient"] == "46700000004");
    CHECK(resumed.events().size() == 3);

    // ?lastEventId=0 replays every event kept: all four.
    auto replay = sim.client().Get("/_sim/events?lastEventId=0", [&](const char* data, std::size_t size) {
        return std::string(data, size).find("46700000004") == std::string::npos;
    });
    CHECK_FALSE(replay);  // the receiver stopped it once the last event came
}

TEST_CASE("the stream is text/event-stream, uncached, not chunked, and ends with its connection") {
    RunningSimulator sim;
    httplib::Headers seen;
    sim.client().Get(
        "/_sim/events", httplib::Headers{},
        [&](const httplib::Response& res) {
            seen = res.headers;
            return false;  // the headers are all this test reads
        },
        [](const char*, std::size_t) { return true; });
    CHECK(seen.find("Content-Type")->second == "text/event-stream");
    CHECK(seen.find("Cache-Control")->second == "no-cache");
    CHECK(seen.find("Connection")->second == "close");
    CHECK(seen.count("Transfer-Encoding") == 0);
    CHECK(seen.count("Content-Length") == 0);
}

TEST_CASE("before the first stream opens nothing is kept, and ids count only the events kept") {
    RunningSimulator sim;
    send(sim, "46700000001");
    send(sim, "46700000002");
    EventStreamClient everything(sim.simulator().port(), 0);
    send(sim, "46700000003");
    const auto events = everything.wait_for(1);
    CHECK(events[0].id == 1);
    CHECK(events[0].type == "message.accepted");
    CHECK(events[0].data["recipient"] == "46700000003");
}

TEST_CASE("a client behind the events kept is told to resync, then gets what is kept") {
    RunningSimulator sim;
    { EventStreamClient opened(sim.simulator().port()); }  // the hub keeps events from now on
    send_bulk(sim, 10000);
    send_bulk(sim, 10000);  // 20,000 events: more than the 16,384 kept
    EventStreamClient late(sim.simulator().port(), 1);
    const auto first = late.wait_for(2);
    CHECK(first[0].type == "resync");
    const std::uint64_t oldest = first[0].data["oldest"];
    CHECK(oldest == 20000 - 16384 + 1);
    CHECK(first[1].id == oldest);
    CHECK(first[1].type == "message.accepted");
}

TEST_CASE("event ids keep counting through resets and scenario loads") {
    RunningSimulator sim;
    EventStreamClient stream(sim.simulator().port());
    send(sim, "46700000001");
    sim.control("/_sim/reset");
    REQUIRE(sim.client().Put("/_sim/scenario", R"({"name": "again"})", "application/json")->status == 200);
    send(sim, "46700000002");
    const auto events = stream.wait_for(4);
    CHECK(types(events) == std::vector<std::string>{"message.accepted", "reset", "scenario.loaded", "message.accepted"});
    check_consecutive_ids(events);
}

TEST_CASE("many clients at once each get every event, in the same order") {
    auto options = test_options();
    options.tuning.threads = 64;  // up to 32 streams
    RunningSimulator sim(std::move(options));
    std::vector<std::unique_ptr<EventStreamClient>> clients;
    for (int i = 0; i < 20; ++i) clients.push_back(std::make_unique<EventStreamClient>(sim.simulator().port()));
    send_bulk(sim, 500);
    sim.advance("1s");
    for (const auto& client : clients) {
        const auto events = client->wait_for(1001);  // 500 accepted, 500 delivered, the clock
        CHECK(events.size() == 1001);
        check_consecutive_ids(events);
        CHECK(events.front().id == clients.front()->events().front().id);
        CHECK(events.back().type == "clock");
    }
}

TEST_CASE("streams beyond half the worker threads get 503, and the API still answers") {
    auto options = test_options();
    options.tuning.threads = 8;  // 4 streams at most
    RunningSimulator sim(std::move(options));
    std::vector<std::unique_ptr<EventStreamClient>> clients;
    for (int i = 0; i < 4; ++i) clients.push_back(std::make_unique<EventStreamClient>(sim.simulator().port()));
    const auto refused = sim.get("/_sim/events");
    REQUIRE(refused);
    CHECK(refused->status == 503);
    CHECK(json::parse(refused->body)["error"]["code"] == "too_many_streams");
    CHECK(sim.get("/_sim/health")->status == 200);
    clients.pop_back();
    // The stream notices its client has gone within a second or so, and its place is free again.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    bool streamed = false;
    while (!streamed && std::chrono::steady_clock::now() < deadline)
        sim.client().Get("/_sim/events", [&](const char* data, std::size_t size) {
            streamed = std::string(data, size).find(": connected") != std::string::npos;
            return false;  // a 503's body ends it too
        });
    CHECK(streamed);
}

TEST_CASE("a client that never reads the stream does not hold up the API") {
    RunningSimulator sim;
    // Far more event data than the socket buffers hold (about 300 bytes per event, 40,000
    // events), so a stuck stream's writer is blocked while the API goes on.
    const auto work = [&sim] {
        sim.control("/_sim/reset");
        const auto started = std::chrono::steady_clock::now();
        for (int i = 0; i < 2; ++i) send_bulk(sim, 10000);
        sim.advance("1s");
        CHECK(sim.get_json("/_sim/messages?status=DELIVRD&limit=1")["total"] == 20000);
        return std::chrono::steady_clock::now() - started;
    };
    const auto alone = work();

    // A raw socket asks for the stream and then never reads a byte.
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    int small = 4096;
    ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(sim.simulator().port()));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    const std::string request = "GET /_sim/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    REQUIRE(::write(fd, request.data(), request.size()) == static_cast<ssize_t>(request.size()));
    const auto stuck = work();
    ::close(fd);
    // Generous, for loaded and sanitized runs: the same work takes about as long either way,
    // where a publisher that waited for the reader would take the stream's write timeout (5 s)
    // or hang.
    CHECK(stuck < 3 * alone + std::chrono::seconds(2));
}
