// The registry of list calls that wait: a change wakes exactly the waiters whose filter accepts
// it, a re-armed waiter sleeps until the next such change, and the registry is bounded.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "waits/waiters.hpp"

using namespace sim;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

namespace {

struct Message {
    std::string request_id = "R1", bulk_id, key, recipient = "46700001234", token_id = "tok-1";
    gateway::Content content;
    std::vector<gateway::StatusChange> history{{Time{}, connectel::Status::Enroute, ""}};

    gateway::MessageView view() const {
        return {request_id, bulk_id, key, recipient, token_id, content, history};
    }
};

gateway::MessageFilter to(const std::string& recipient) {
    gateway::MessageFilter filter;
    filter.recipient = recipient;
    return filter;
}

// Whether `waiter`, whose deadline is still ahead, sleeps until it (no change woke it).
bool sleeps_through(waits::Waiter& waiter) {
    REQUIRE(Clock::now() < waiter.deadline());
    waiter.sleep();
    return Clock::now() >= waiter.deadline();
}

}  // namespace

TEST_CASE("a change wakes the waiters whose filter accepts it, and only them") {
    waits::Waiters waiters(8);
    const auto soon = Clock::now() + milliseconds(50);
    auto mine = waiters.wait_for(to("46700001234"), Clock::now() + std::chrono::seconds(30));
    auto other = waiters.wait_for(to("46700009999"), soon);
    auto inbound = waiters.wait_for(gateway::InboundFilter{}, soon + milliseconds(50));  // after `other`'s
    REQUIRE(mine);
    REQUIRE(other);
    CHECK(waiters.waiting() == 3);

    Message message;
    waiters.message_changed(message.view());
    const auto began = Clock::now();
    mine->sleep();  // woken already: returns at once
    CHECK(Clock::now() - began < milliseconds(1000));
    CHECK(sleeps_through(*other));
    CHECK(sleeps_through(*inbound));
}

TEST_CASE("a re-armed waiter sleeps until the next change it watches; its status filter reads the current status") {
    waits::Waiters waiters(8);
    gateway::MessageFilter delivered;
    delivered.status = connectel::Status::Delivered;
    auto waiter = waiters.wait_for(delivered, Clock::now() + std::chrono::seconds(30));
    Message message;
    waiters.message_changed(message.view());  // ENROUTE: not what it waits for
    message.history.push_back({Time{}, connectel::Status::Delivered, ""});
    waiter->rearm();
    // Told of the change only later: the waiter must sleep until then, though the message is
    // already DELIVRD (a flag, not a time, says which came first: a loaded machine may pause
    // this thread for longer than the delay).
    std::atomic<bool> told{false};
    std::thread later([&] {
        std::this_thread::sleep_for(milliseconds(20));
        told = true;
        waiters.message_changed(message.view());
    });
    const auto began = Clock::now();
    waiter->sleep();
    CHECK(told);
    CHECK(Clock::now() - began < milliseconds(10'000));
    later.join();
    CHECK_FALSE(waiter->expired());
}

TEST_CASE("the registry holds `capacity` waiters; a waiter leaves it when it goes; close() ends every wait") {
    waits::Waiters waiters(2);
    const auto later = Clock::now() + std::chrono::seconds(30);
    auto a = waiters.wait_for(callbacks::AttemptFilter{}, later);
    auto b = waiters.wait_for(callbacks::AttemptFilter{}, later);
    CHECK(a);
    CHECK(b);
    CHECK_FALSE(waiters.wait_for(callbacks::AttemptFilter{}, later));
    b.reset();
    CHECK(waiters.waiting() == 1);
    CHECK(waiters.wait_for(callbacks::AttemptFilter{}, later));  // and gone again at once
    waiters.close();
    CHECK(a->expired());
    const auto began = Clock::now();
    a->sleep();
    CHECK(Clock::now() - began < milliseconds(1000));
}
