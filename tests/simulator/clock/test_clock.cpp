// The scheduler on a virtual clock, and the duration syntax of scenarios and the control API.
#include <doctest/doctest.h>

#include <atomic>
#include <vector>

#include "clock/scheduler.hpp"

using namespace std::chrono_literals;
using sim::ClockSetting;
using sim::Duration;
using sim::Scheduler;
using sim::Time;

namespace {

const Time epoch{std::chrono::seconds(1577836800)};
Scheduler virtual_scheduler() {
    return Scheduler(ClockSetting{ClockSetting::Kind::Virtual, 1.0}, epoch);
}

}  // namespace

TEST_CASE("durations: every unit, fractions, and what is refused") {
    CHECK(sim::parse_duration("250ms") == Duration(250'000));
    CHECK(sim::parse_duration("2s") == Duration(2'000'000));
    CHECK(sim::parse_duration("1.5s") == Duration(1'500'000));
    CHECK(sim::parse_duration("5m") == Duration(300'000'000));
    CHECK(sim::parse_duration("48h") == Duration(48LL * 3'600'000'000));
    CHECK(sim::parse_duration("0s") == Duration(0));
    CHECK(sim::parse_duration("10us") == Duration(10));
    for (const char* bad : {"", "s", "5", "-1s", "1.s", ".5s", "5 s", "5sec", "1e3s", "5S", "99999999999999999999h"})
        CHECK_MESSAGE(!sim::parse_duration(bad), bad);
}

TEST_CASE("durations and dates format the way the gateway writes them") {
    CHECK(sim::format_duration(Duration(1'500'000)) == "1500ms");
    CHECK(sim::format_duration(Duration(7'200'000'000)) == "2h");
    CHECK(sim::format_duration(Duration(0)) == "0s");
    CHECK(sim::format_date(epoch + 14h + 5s) == "2020-01-01 14:00:05");
    CHECK(sim::format_iso(epoch + 1500ms) == "2020-01-01T00:00:01.500000Z");
}

TEST_CASE("a virtual clock stands still until advanced") {
    Scheduler scheduler = virtual_scheduler();
    CHECK(scheduler.now() == epoch);
    CHECK(scheduler.advance(5s) == 0);
    CHECK(scheduler.now() == epoch + 5s);
}

TEST_CASE("advance runs what is due in time order, each at its own time, and nothing later") {
    Scheduler scheduler = virtual_scheduler();
    std::vector<std::pair<int, Time>> ran;
    for (int i : {3, 1, 2}) scheduler.at(epoch + std::chrono::seconds(i), [&, i] { ran.push_back({i, scheduler.now()}); });
    scheduler.at(epoch + 10s, [&] { ran.push_back({10, scheduler.now()}); });
    CHECK(scheduler.advance(3s) == 3);
    REQUIRE(ran.size() == 3);
    for (int i = 0; i < 3; ++i) {
        CHECK(ran[i].first == i + 1);
        CHECK(ran[i].second == epoch + std::chrono::seconds(i + 1));
    }
    CHECK(scheduler.pending() == 1);
    CHECK(scheduler.now() == epoch + 3s);
}

TEST_CASE("tasks due at one instant run in the order they were scheduled") {
    Scheduler scheduler = virtual_scheduler();
    std::vector<int> ran;
    for (int i = 0; i < 50; ++i) scheduler.at(epoch + 1s, [&, i] { ran.push_back(i); });
    scheduler.advance(1s);
    REQUIRE(ran.size() == 50);
    for (int i = 0; i < 50; ++i) CHECK(ran[i] == i);
}

TEST_CASE("a task scheduled by a task inside the window runs in the same advance") {
    Scheduler scheduler = virtual_scheduler();
    int chain = 0;
    std::function<void()> step = [&] {
        if (++chain < 5) scheduler.at(scheduler.now() + 1s, step);
    };
    scheduler.at(epoch + 1s, step);
    CHECK(scheduler.advance(10s) == 5);
    CHECK(chain == 5);
}

TEST_CASE("a task already due when scheduled runs on the next advance, even by zero") {
    Scheduler scheduler = virtual_scheduler();
    scheduler.advance(10s);
    bool ran = false;
    scheduler.at(epoch, [&] { ran = true; });
    CHECK(scheduler.advance(0s) == 1);
    CHECK(ran);
}

TEST_CASE("clear drops every pending task") {
    Scheduler scheduler = virtual_scheduler();
    bool ran = false;
    scheduler.at(epoch + 1s, [&] { ran = true; });
    scheduler.clear();
    CHECK(scheduler.pending() == 0);
    scheduler.advance(1h);
    CHECK_FALSE(ran);
}

TEST_CASE("a cancelled task never runs, the others keep their order, and the queue sheds what is cancelled") {
    Scheduler scheduler = virtual_scheduler();
    std::vector<int> ran;
    std::vector<Scheduler::TaskId> ids;
    for (int i = 0; i < 10; ++i) ids.push_back(scheduler.at(epoch + std::chrono::seconds(10 - i), [&ran, i] { ran.push_back(i); }));
    scheduler.cancel(ids[9]);  // the earliest: a cancelled task at the front is skipped too
    scheduler.cancel(ids[2]);
    CHECK(scheduler.pending() == 8);
    for (int i : {0, 1, 3, 4}) scheduler.cancel(ids[static_cast<std::size_t>(i)]);  // past half: rebuilt
    CHECK(scheduler.pending() == 4);
    CHECK(scheduler.advance(1h) == 4);
    CHECK(ran == std::vector<int>{8, 7, 6, 5});
    CHECK(scheduler.pending() == 0);
}

TEST_CASE("a sped-up clock runs its tasks on its own thread, sooner than real time") {
    // 1000x: a task 2 simulated seconds ahead runs after about 2 real milliseconds.
    Scheduler scheduler(ClockSetting{ClockSetting::Kind::Scaled, 1000.0}, epoch);
    std::mutex mutex;
    std::condition_variable done;
    bool ran = false;
    std::atomic<bool> cancelled_ran{false};
    scheduler.cancel(scheduler.at(scheduler.now() + 1s, [&] { cancelled_ran = true; }));
    scheduler.at(scheduler.now() + 2s, [&] {
        std::lock_guard lock(mutex);
        ran = true;
        done.notify_all();
    });
    scheduler.start();
    std::unique_lock lock(mutex);
    CHECK(done.wait_for(lock, 5s, [&] { return ran; }));
    lock.unlock();
    scheduler.stop();
    CHECK_FALSE(cancelled_ran);  // the worker skipped it, and ran the next one
}
