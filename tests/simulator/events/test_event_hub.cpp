// The change feed's store: what it keeps and when, the text readers get, and one writing of
// each event shared by every reader.
#include <doctest/doctest.h>

#include <atomic>
#include <stdexcept>
#include <string>
#include <thread>

#include "events/event_hub.hpp"

using sim::events::EventHub;
using namespace std::chrono_literals;

namespace {

// An event's data: `text` (JSON), counting how often it is written.
auto data(std::string text, int* writes = nullptr) {
    return [text = std::move(text), writes](std::string& out) {
        if (writes) ++*writes;
        out += text;
    };
}

std::string text_of(const EventHub::Batch& batch) {
    std::string out;
    for (const auto piece : batch.pieces()) out += piece;
    return out;
}

}  // namespace

TEST_CASE("until a stream starts it keeping, the hub drops events and counts no ids") {
    EventHub hub;
    CHECK_FALSE(hub.keeping());
    CHECK(hub.publish("reset", data("{}")) == 0);
    CHECK(hub.last_id() == 0);
    hub.start_keeping();
    CHECK(hub.keeping());
    CHECK(hub.publish("reset", data("{}")) == 1);
    const auto batch = hub.wait_after(0, 0ms);
    CHECK(text_of(batch) == "id: 1\nevent: reset\ndata: {}\n\n");
    CHECK(batch.first == 1);
    CHECK(batch.last == 1);
    CHECK_FALSE(batch.lost);
}

TEST_CASE("readers get the events after the id they name, as server-sent events, in order") {
    EventHub hub;
    hub.start_keeping();
    hub.publish("a", data(R"({"n":1})"));
    hub.publish("b", data(R"({"n":2})"));
    CHECK(text_of(hub.wait_after(0, 0ms)) == "id: 1\nevent: a\ndata: {\"n\":1}\n\nid: 2\nevent: b\ndata: {\"n\":2}\n\n");
    hub.publish("c", data(R"({"n":3})"));
    // From the middle of a block: the text starts at the event asked for.
    const auto later = hub.wait_after(1, 0ms);
    CHECK(text_of(later) == "id: 2\nevent: b\ndata: {\"n\":2}\n\nid: 3\nevent: c\ndata: {\"n\":3}\n\n");
    CHECK(later.first == 2);
    CHECK(later.last == 3);
    CHECK(hub.wait_after(3, 0ms).empty());
}

TEST_CASE("an event is written once, when published, however many read it; not at all when not kept") {
    EventHub hub;
    int writes = 0;
    hub.publish("e", data("{}", &writes));
    CHECK(writes == 0);
    hub.start_keeping();
    for (int i = 0; i < 100; ++i) hub.publish("e", data("{}", &writes));
    CHECK(writes == 100);
    std::vector<std::thread> readers;
    std::atomic<int> complete{0};
    for (int r = 0; r < 8; ++r)
        readers.emplace_back([&] {
            const auto batch = hub.wait_after(0, 1s);
            if (batch.first == 1 && batch.last == 100 && batch.pieces().front().rfind("id: 1\n", 0) == 0) ++complete;
        });
    for (auto& t : readers) t.join();
    CHECK(complete == 8);
    CHECK(writes == 100);
}

TEST_CASE("an event whose data fails to be written leaves no trace and takes no id") {
    EventHub hub;
    hub.start_keeping();
    hub.publish("a", data("{}"));
    CHECK_THROWS_AS(hub.publish("b", [](std::string& out) {
        out += "{\"half";
        throw std::runtime_error("no memory");
    }), std::runtime_error);
    CHECK(hub.last_id() == 1);
    CHECK(hub.publish("c", data("{}")) == 2);
    CHECK(text_of(hub.wait_after(0, 0ms)) == "id: 1\nevent: a\ndata: {}\n\nid: 2\nevent: c\ndata: {}\n\n");
}

TEST_CASE("the newest `keep` events are kept, exactly, and a reader behind them is told") {
    EventHub hub(10);
    hub.start_keeping();
    for (int i = 0; i < 6; ++i) hub.publish("e", data("{}"));
    CHECK(hub.wait_after(0, 0ms).last == 6);  // ids 1-6 rendered into a block
    for (int i = 0; i < 7; ++i) hub.publish("e", data("{}"));  // 13 in all: 1-3 are dropped
    const auto batch = hub.wait_after(0, 0ms);
    CHECK(batch.lost);
    CHECK(batch.first == 4);
    CHECK(batch.last == 13);
    CHECK(text_of(batch).rfind("id: 4\n", 0) == 0);
    CHECK_FALSE(hub.wait_after(3, 0ms).lost);  // 4 is the oldest kept: nothing after 3 is lost
    for (int i = 0; i < 25; ++i) hub.publish("e", data("{}"));  // unread, in the open block: dropped too
    const auto last = hub.wait_after(0, 0ms);
    CHECK(last.lost);
    CHECK(last.first == 29);
    CHECK(last.last == 38);
}

TEST_CASE("a hub that keeps nothing counts ids and gives readers nothing") {
    EventHub hub(0);
    hub.start_keeping();
    CHECK(hub.publish("e", data("{}")) == 1);
    CHECK(hub.publish("e", data("{}")) == 2);
    CHECK(hub.wait_after(0, 0ms).empty());
    CHECK(hub.wait_after(1, 0ms).empty());
}

TEST_CASE("a batch stops adding blocks at the byte limit, and the next one goes on from there") {
    EventHub hub;
    hub.start_keeping();
    const std::string big = "\"" + std::string(1000, 'x') + "\"";
    for (int block = 0; block < 3; ++block) {
        for (int i = 0; i < 10; ++i) hub.publish("e", data(big));
        hub.wait_after(static_cast<std::uint64_t>(block * 10), 0ms);  // a reader hands each ten over as one block
    }
    const auto first = hub.wait_after(0, 0ms, 5000);  // at least one block, even past the limit
    CHECK(first.last == 10);
    const auto second = hub.wait_after(first.last, 0ms, 15000);
    CHECK(second.first == 11);
    CHECK(second.last == 30);
}

TEST_CASE("a waiting reader wakes for a new event, and for good when the hub closes") {
    EventHub hub;
    hub.start_keeping();
    std::thread publisher([&] {
        std::this_thread::sleep_for(20ms);
        hub.publish("e", data("{}"));
    });
    const auto batch = hub.wait_after(0, 10s);
    publisher.join();
    CHECK(batch.last == 1);
    CHECK(hub.wait_after(1, 0ms).empty());
    hub.close();
    CHECK(hub.wait_after(1, 10s).closed);
}

TEST_CASE("the hub keeps at most keep_bytes of written blocks: the oldest blocks go whole, and a reader is told") {
    const std::size_t kilobyte_events = 10 * 1024;  // ten blocks of 1,024 events of a kilobyte
    const std::string kilobyte(1000, 'x');
    EventHub bounded(1'000'000, 3 * 1024 * 1024), unbounded(1'000'000);
    for (EventHub* hub : {&bounded, &unbounded}) {
        hub->start_keeping();
        for (std::size_t i = 0; i < kilobyte_events; ++i) hub->publish("m", data("\"" + kilobyte + "\""));
    }
    CHECK(unbounded.wait_after(0, 0ms).first == 1);  // every event kept: the count allows it

    std::size_t text_bytes = 0;
    std::uint64_t first = 0;
    for (std::uint64_t after = 0;;) {  // everything the bounded hub still has, batch by batch
        const auto batch = bounded.wait_after(after, 0ms);
        if (batch.empty()) break;
        if (after == 0) {
            CHECK(batch.lost);
            first = batch.first;
        }
        text_bytes += text_of(batch).size();
        after = batch.last;
    }
    // Blocks of about 1.05 MB: the newest two fit in 3 MiB (the last event filled the tenth).
    CHECK(first == 8 * 1024 + 1);
    CHECK(text_bytes <= 3 * 1024 * 1024);
}

TEST_CASE("a reader of one token's events gets its own and those of no token, in order") {
    EventHub hub(100);
    hub.start_keeping();
    const auto a = hub.tag_of("tok-a");
    CHECK(hub.tag_of("") == 0);
    CHECK(a != 0);
    CHECK(hub.tag_of("tok-b") != a);
    hub.publish("m", data(R"({"n":1})"), "tok-a");
    hub.publish("m", data(R"({"n":2})"), "tok-b");
    hub.publish("clock", data(R"({"n":3})"));
    hub.publish("m", data(R"({"n":4})"), "tok-a");
    const auto batch = hub.wait_after(0, 0ms);
    std::string own;
    for (const auto piece : batch.pieces(a)) own += piece;
    CHECK(own == "id: 1\nevent: m\ndata: {\"n\":1}\n\nid: 3\nevent: clock\ndata: {\"n\":3}\n\n"
                 "id: 4\nevent: m\ndata: {\"n\":4}\n\n");
    CHECK(batch.pieces(a).size() == 2);  // a run of events it gets is one piece
    CHECK(text_of(batch).find("\"n\":2") != std::string::npos);  // every event, without a tag
    // From the middle of a block, the events before the one asked for stay out.
    std::string later;
    for (const auto piece : hub.wait_after(1, 0ms).pieces(a)) later += piece;
    CHECK(later.rfind("id: 3\n", 0) == 0);
}
