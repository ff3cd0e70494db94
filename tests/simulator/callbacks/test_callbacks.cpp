// The callback dispatcher against real HTTP receivers, driven by the virtual clock.
#include <doctest/doctest.h>

#include <httplib.h>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "callbacks/dispatcher.hpp"
#include "clock/scheduler.hpp"
#include "unresponsive_ports.hpp"

using namespace std::chrono_literals;
using namespace connectel_tests;
using sim::ClockSetting;
using sim::Duration;
using sim::Scheduler;
using sim::Time;
using sim::callbacks::Attempt;
using sim::callbacks::Callback;
using sim::callbacks::Dispatcher;
using sim::callbacks::Kind;
using sim::callbacks::RetryPolicy;
using Outcome = sim::callbacks::Attempt::Outcome;

namespace {

const Time epoch{std::chrono::seconds(1577836800)};
const ClockSetting virtual_clock{ClockSetting::Kind::Virtual, 1.0};

struct Received {
    std::string path, query_x, content_type, body;
    int remote_port;
};

// An HTTP server on 127.0.0.1 that records every POST and answers with status_for(n), n being
// the 1-based number of the request (across all paths).
class Receiver {
public:
    using StatusFor = std::function<int(std::size_t n, const std::string& body)>;

    explicit Receiver(
        StatusFor status_for = [](std::size_t, const std::string&) { return 200; },
        std::chrono::milliseconds delay = 0ms)
        : status_for_(std::move(status_for)), delay_(delay) {
        server_.set_keep_alive_max_count(1'000'000);  // the default, 5, would defeat keep-alive
        server_.set_tcp_nodelay(true);  // cpp-httplib writes a response in pieces: Nagle would add 40 ms
        server_.Post(".*", [this](const httplib::Request& request, httplib::Response& response) {
            std::size_t n;
            {
                std::lock_guard lock(mutex_);
                received_.push_back({request.path, request.get_param_value("x"),
                                     request.get_header_value("Content-Type"), request.body,
                                     request.remote_port});
                n = received_.size();
            }
            arrived_.notify_all();
            if (delay_ > 0ms) std::this_thread::sleep_for(delay_);
            response.status = status_for_(n, request.body);
            response.set_content("ok", "text/plain");
        });
        port_ = server_.bind_to_any_port("127.0.0.1");
        thread_ = std::thread([this] { server_.listen_after_bind(); });
    }

    ~Receiver() {
        // stop() is a no-op until the accept loop runs; the socket listens already, so this is short.
        while (!server_.is_running()) std::this_thread::yield();
        server_.stop();
        thread_.join();
    }

    std::string url(const std::string& path) const {
        return "http://127.0.0.1:" + std::to_string(port_) + path;
    }

    std::vector<Received> received() const {
        std::lock_guard lock(mutex_);
        return received_;
    }

    std::vector<std::string> bodies() const {
        std::vector<std::string> out;
        for (const auto& r : received()) out.push_back(r.body);
        return out;
    }

    // Waits (real time) until `count` requests arrived; false after `deadline`.
    bool wait_for(std::size_t count, std::chrono::seconds deadline = 20s) {
        std::unique_lock lock(mutex_);
        return arrived_.wait_for(lock, deadline, [&] { return received_.size() >= count; });
    }

private:
    StatusFor status_for_;
    std::chrono::milliseconds delay_;
    httplib::Server server_;
    int port_ = 0;
    std::thread thread_;
    mutable std::mutex mutex_;  // guards received_
    std::condition_variable arrived_;
    std::vector<Received> received_;
};

Receiver::StatusFor failing_first(std::size_t n, int status = 503) {
    return [n, status](std::size_t i, const std::string&) { return i <= n ? status : 200; };
}

// Collects the dispatcher's warnings; called from its worker threads.
struct Warnings {
    std::vector<std::string> all() const {
        std::lock_guard lock(mutex);
        return lines;
    }
    std::function<void(const std::string&)> sink() {
        return [this](const std::string& line) {
            std::lock_guard lock(mutex);
            lines.push_back(line);
        };
    }
    mutable std::mutex mutex;
    std::vector<std::string> lines;
};

Callback dlr(const std::string& url, const std::string& body, const std::string& key = "R1") {
    return Callback{Kind::Dlr, url, "application/json", body, key};
}

RetryPolicy policy(unsigned retries, Duration backoff = 500ms, Duration max_backoff = 30s,
                   Duration timeout = 2s) {
    RetryPolicy p;
    p.retries = retries;
    p.backoff = backoff;
    p.max_backoff = max_backoff;
    p.timeout = timeout;
    return p;
}

}  // namespace

TEST_CASE("retry delays double from backoff and stop at max_backoff") {
    const RetryPolicy p = policy(1000, 500ms, 30s);
    CHECK(sim::callbacks::retry_delay(p, 1) == 500ms);
    CHECK(sim::callbacks::retry_delay(p, 2) == 1s);
    CHECK(sim::callbacks::retry_delay(p, 3) == 2s);
    CHECK(sim::callbacks::retry_delay(p, 6) == 16s);
    CHECK(sim::callbacks::retry_delay(p, 7) == 30s);
    CHECK(sim::callbacks::retry_delay(p, 4'000'000'000u) == 30s);  // no overflow
}

TEST_CASE("a callback is delivered on its first attempt, as given") {
    Receiver receiver;
    Scheduler scheduler(virtual_clock, epoch);
    Warnings warnings;
    Dispatcher dispatcher(scheduler, RetryPolicy{}, warnings.sink(), 4);

    dispatcher.enqueue(Callback{Kind::Inbound, receiver.url("/in/sms?x=1+2"),
                                "application/x-www-form-urlencoded", "from=4670000000&message=hi", "R1"});
    // On a virtual clock, nothing goes out before the clock is advanced.
    dispatcher.wait_idle();
    CHECK(receiver.received().empty());
    CHECK(dispatcher.pending() == 1);

    scheduler.advance(0s);
    const auto received = receiver.received();
    REQUIRE(received.size() == 1);
    CHECK(received[0].path == "/in/sms");
    CHECK(received[0].query_x == "1 2");  // the URL is posted to as written, not re-encoded
    CHECK(received[0].content_type == "application/x-www-form-urlencoded");
    CHECK(received[0].body == "from=4670000000&message=hi");

    const auto attempts = dispatcher.attempts();
    REQUIRE(attempts.size() == 1);
    CHECK(attempts[0].callback_id == 1);
    CHECK(attempts[0].number == 1);
    CHECK(attempts[0].kind == Kind::Inbound);
    CHECK(attempts[0].at == epoch);
    CHECK(attempts[0].http_status == 200);
    CHECK(attempts[0].result == "delivered");
    CHECK(attempts[0].outcome == Outcome::Delivered);
    CHECK(!attempts[0].retry_at);
    CHECK(attempts[0].body == "from=4670000000&message=hi");
    CHECK(dispatcher.pending() == 0);
    CHECK(warnings.all().empty());
}

TEST_CASE("a receiver failing the first attempts gets the callback after retries at backoff times") {
    Receiver receiver(failing_first(2));
    Scheduler scheduler(virtual_clock, epoch);
    Warnings warnings;
    Dispatcher dispatcher(scheduler, policy(5), warnings.sink(), 4);
    dispatcher.enqueue(dlr(receiver.url("/dlr"), R"({"statusInt":1})"));

    SUBCASE("within one advance") {
        scheduler.advance(2s);
    }
    SUBCASE("step by step, each retry at its virtual time") {
        scheduler.advance(499ms);
        CHECK(receiver.received().size() == 1);
        scheduler.advance(1ms);
        CHECK(receiver.received().size() == 2);
        scheduler.advance(999ms);
        CHECK(receiver.received().size() == 2);
        scheduler.advance(1ms);
    }
    CHECK(receiver.received().size() == 3);
    const auto attempts = dispatcher.attempts();
    REQUIRE(attempts.size() == 3);
    for (unsigned i = 0; i < 3; ++i) {
        CHECK(attempts[i].callback_id == 1);
        CHECK(attempts[i].number == i + 1);
    }
    CHECK(attempts[0].at == epoch);
    CHECK(attempts[0].http_status == 503);
    CHECK(attempts[0].result == "http 503");
    CHECK(attempts[0].outcome == Outcome::WillRetry);
    CHECK(attempts[0].retry_at == epoch + 500ms);
    CHECK(attempts[1].at == epoch + 500ms);
    CHECK(attempts[1].outcome == Outcome::WillRetry);
    CHECK(attempts[1].retry_at == epoch + 1500ms);
    CHECK(attempts[2].at == epoch + 1500ms);
    CHECK(attempts[2].outcome == Outcome::Delivered);
    CHECK(!attempts[2].retry_at);
    CHECK(warnings.all().empty());
}

TEST_CASE("a callback that exhausts its retries is marked failed and warned about once") {
    Receiver receiver([](std::size_t, const std::string&) { return 500; });
    Scheduler scheduler(virtual_clock, epoch);
    Warnings warnings;
    Dispatcher dispatcher(scheduler, policy(2, 100ms), warnings.sink(), 2);
    dispatcher.enqueue(dlr(receiver.url("/dlr"), "{}"));

    scheduler.advance(10s);
    auto attempts = dispatcher.attempts();
    REQUIRE(attempts.size() == 3);
    CHECK(attempts[1].at == epoch + 100ms);
    CHECK(attempts[2].at == epoch + 300ms);
    CHECK(attempts[2].outcome == Outcome::Failed);
    CHECK(attempts[2].result == "http 500");
    CHECK(!attempts[2].retry_at);
    CHECK(dispatcher.pending() == 0);
    REQUIRE(warnings.all().size() == 1);
    CHECK(warnings.all()[0].find("failed after 3 attempts: http 500") != std::string::npos);
    CHECK(warnings.all()[0].find(receiver.url("/dlr")) != std::string::npos);

    scheduler.advance(1h);
    CHECK(dispatcher.attempts().size() == 3);
    CHECK(warnings.all().size() == 1);
}

TEST_CASE("unreachable URLs fail fast with a clear result") {
    Scheduler scheduler(virtual_clock, epoch);
    Warnings warnings;
    Dispatcher dispatcher(scheduler, policy(0), warnings.sink(), 2);

    dispatcher.enqueue(dlr("http://127.0.0.1:" + std::to_string(dead_port()) + "/dlr", "{}", "a"));
    dispatcher.enqueue(dlr("https://127.0.0.1:1/dlr", "{}", "b"));
    dispatcher.enqueue(dlr("ftp://example.com/", "{}", "c"));
    dispatcher.enqueue(dlr("http://127.0.0.1:99999/", "{}", "d"));
    scheduler.advance(0s);

    auto attempts = dispatcher.attempts();
    REQUIRE(attempts.size() == 4);
    std::sort(attempts.begin(), attempts.end(),
              [](const Attempt& a, const Attempt& b) { return a.callback_id < b.callback_id; });
    CHECK(attempts[0].result == "connection refused");
    CHECK(attempts[0].http_status == 0);
    CHECK(attempts[0].latency_ms < 1000);
    CHECK(attempts[1].result.find("https is not supported") != std::string::npos);
    CHECK(attempts[2].result.find("invalid url") != std::string::npos);
    CHECK(attempts[3].result.find("invalid url") != std::string::npos);
    for (const auto& attempt : attempts) CHECK(attempt.outcome == Outcome::Failed);
    CHECK(warnings.all().size() == 4);
}

TEST_CASE("a receiver down for a virtual hour gets the callback, with max_backoff capping the waits") {
    Scheduler scheduler(virtual_clock, epoch);
    const Time back_up = epoch + 1h;
    Receiver receiver([&](std::size_t, const std::string&) { return scheduler.now() < back_up ? 503 : 200; });
    Warnings warnings;
    Dispatcher dispatcher(scheduler, policy(1000, 500ms, 30s), warnings.sink(), 2);
    dispatcher.enqueue(dlr(receiver.url("/dlr"), "{}"));

    scheduler.advance(2h);
    const auto attempts = dispatcher.attempts();
    REQUIRE(attempts.size() > 100);
    CHECK(attempts.back().outcome == Outcome::Delivered);
    CHECK(attempts.back().at >= back_up);
    CHECK(attempts.back().at < back_up + 30s);
    // Waits 0.5 1 2 4 8 16 (31.5 s), then 30 s each until the hour is over.
    CHECK(attempts.size() == 6 + 1 + static_cast<std::size_t>((1h - 31500ms) / 30s) + 1);
    for (std::size_t i = 1; i < attempts.size(); ++i) {
        CHECK(attempts[i].at == attempts[i - 1].retry_at);
        CHECK(attempts[i].at - attempts[i - 1].at <= 30s);
    }
    CHECK(attempts[7].at - attempts[6].at == 30s);
    CHECK(warnings.all().empty());
}

TEST_CASE("callbacks of one key arrive in enqueue order, one at a time") {
    Receiver receiver(failing_first(2));
    Scheduler scheduler(virtual_clock, epoch);
    Warnings warnings;
    Dispatcher dispatcher(scheduler, policy(5), warnings.sink(), 8);
    for (const char* body : {"1", "2", "3"}) dispatcher.enqueue(dlr(receiver.url("/dlr"), body, "R1"));

    scheduler.advance(600ms);  // the first callback is delivered only at 1.5 s
    CHECK(receiver.bodies() == std::vector<std::string>{"1", "1"});
    scheduler.advance(1s);
    CHECK(receiver.bodies() == std::vector<std::string>{"1", "1", "1", "2", "3"});

    std::vector<std::string> delivered;
    for (const auto& attempt : dispatcher.attempts())
        if (attempt.outcome == Outcome::Delivered) {
            delivered.push_back(attempt.body);
            CHECK(attempt.at == epoch + 1500ms);
        }
    CHECK(delivered == std::vector<std::string>{"1", "2", "3"});
}

TEST_CASE("a callback that failed for good lets the next one of its key go") {
    Receiver receiver([](std::size_t, const std::string& body) { return body == "1" ? 503 : 200; });
    Scheduler scheduler(virtual_clock, epoch);
    Warnings warnings;
    Dispatcher dispatcher(scheduler, policy(1, 1s), warnings.sink(), 2);
    dispatcher.enqueue(dlr(receiver.url("/dlr"), "1"));
    dispatcher.enqueue(dlr(receiver.url("/dlr"), "2"));

    scheduler.advance(1s);
    CHECK(receiver.bodies() == std::vector<std::string>{"1", "1", "2"});
    CHECK(warnings.all().size() == 1);
    CHECK(dispatcher.pending() == 0);
}

TEST_CASE("a failing key does not hold up another key") {
    Receiver failing([](std::size_t, const std::string&) { return 503; });
    Receiver healthy;
    Scheduler scheduler(virtual_clock, epoch);
    Warnings warnings;
    Dispatcher dispatcher(scheduler, policy(3, 1s), warnings.sink(), 4);

    dispatcher.enqueue(dlr(failing.url("/dlr"), "a", "A"));
    dispatcher.enqueue(dlr(healthy.url("/dlr"), "b1", "B"));
    scheduler.advance(100ms);
    dispatcher.enqueue(dlr(healthy.url("/dlr"), "b2", "B"));
    scheduler.advance(0s);

    CHECK(healthy.bodies() == std::vector<std::string>{"b1", "b2"});
    CHECK(failing.received().size() == 1);
    for (const auto& attempt : dispatcher.attempts())
        if (attempt.order_key == "B") CHECK(attempt.outcome == Outcome::Delivered);
    const auto attempts = dispatcher.attempts();
    CHECK(attempts.back().body == "b2");
    CHECK(attempts.back().at == epoch + 100ms);
    CHECK(dispatcher.pending() == 1);
}

TEST_CASE("a slow receiver times out, without holding up a fast one") {
    Receiver slow([](std::size_t, const std::string&) { return 200; }, 400ms);
    Receiver fast;
    Scheduler scheduler(virtual_clock, epoch);
    Warnings warnings;
    Dispatcher dispatcher(scheduler, policy(0, 500ms, 30s, 200ms), warnings.sink(), 2);

    const auto before = std::chrono::steady_clock::now();
    dispatcher.enqueue(dlr(slow.url("/dlr"), "slow", "A"));
    dispatcher.enqueue(dlr(fast.url("/dlr"), "fast", "B"));
    CHECK(std::chrono::steady_clock::now() - before < 50ms);  // enqueue never waits on the network
    scheduler.advance(0s);

    const auto attempts = dispatcher.attempts();
    REQUIRE(attempts.size() == 2);
    CHECK(attempts[0].body == "fast");  // finished first, while the slow one still waited
    CHECK(attempts[0].outcome == Outcome::Delivered);
    CHECK(attempts[0].latency_ms < 200);
    CHECK(attempts[1].result == "timeout");
    CHECK(attempts[1].http_status == 0);
    CHECK(attempts[1].latency_ms >= 180);
    CHECK(attempts[1].outcome == Outcome::Failed);
}

TEST_CASE("reset forgets queued callbacks, pending retries and the record") {
    Receiver receiver([](std::size_t, const std::string&) { return 503; });
    Scheduler scheduler(virtual_clock, epoch);
    Warnings warnings;
    Dispatcher dispatcher(scheduler, policy(5), warnings.sink(), 2);
    dispatcher.enqueue(dlr(receiver.url("/dlr"), "1"));
    dispatcher.enqueue(dlr(receiver.url("/dlr"), "2"));
    scheduler.advance(0s);
    REQUIRE(dispatcher.attempts().size() == 1);

    dispatcher.reset();
    CHECK(dispatcher.attempts().empty());
    CHECK(dispatcher.pending() == 0);
    scheduler.advance(1min);
    CHECK(receiver.received().size() == 1);
    CHECK(dispatcher.attempts().empty());
    CHECK(warnings.all().empty());

    dispatcher.enqueue(dlr(receiver.url("/dlr"), "3"));
    scheduler.advance(0s);
    REQUIRE(dispatcher.attempts().size() == 1);
    CHECK(dispatcher.attempts()[0].callback_id == 1);  // a fresh run numbers from 1 again
}

TEST_CASE("forgetting a token drops its queued callbacks, retries and attempts; another token's go on") {
    Receiver receiver([](std::size_t, const std::string& body) { return body == "b1" ? 200 : 503; });
    Scheduler scheduler(virtual_clock, epoch);
    Warnings warnings;
    Dispatcher dispatcher(scheduler, policy(5), warnings.sink(), 2);
    const auto of = [&](std::string body, std::string key, std::string token) {
        Callback callback = dlr(receiver.url("/dlr"), std::move(body), std::move(key));
        callback.token_id = std::move(token);
        return callback;
    };
    dispatcher.enqueue(of("a1", "RA", "tok-a"));  // fails: a retry pending
    dispatcher.enqueue(of("a2", "RA", "tok-a"));  // queued behind it
    dispatcher.enqueue(of("b1", "RB", "tok-b"));  // delivered
    dispatcher.enqueue(of("b2", "RB2", "tok-b"));  // fails: a retry pending
    scheduler.advance(0s);
    REQUIRE(dispatcher.attempts().size() == 3);
    REQUIRE(dispatcher.pending() == 3);

    CHECK(dispatcher.forget_token("tok-a") == 1);
    CHECK(dispatcher.pending() == 1);
    sim::callbacks::AttemptFilter of_b;
    of_b.token_id = "tok-b";
    CHECK(dispatcher.attempts(of_b, {}).total == 2);
    const auto kept = dispatcher.attempts();
    REQUIRE(kept.size() == 2);
    for (const auto& attempt : kept) CHECK(attempt.token_id == "tok-b");
    // tok-b's retry still goes; tok-a's neither retries nor sends its next.
    scheduler.advance(1min);
    std::map<std::string, int> posted;
    for (const auto& got : receiver.received()) ++posted[got.body];
    CHECK(posted == std::map<std::string, int>{{"a1", 1}, {"b1", 1}, {"b2", 6}});
    const auto after = dispatcher.attempts();
    CHECK(after.back().token_id == "tok-b");
    CHECK(after.back().id == 8);  // ids count on past the forgotten one
    CHECK(dispatcher.attempts(of_b, {}).total == 7);
}

TEST_CASE("the policy the dispatcher is built with sets when a retry goes") {
    Receiver receiver(failing_first(1));
    Scheduler scheduler(virtual_clock, epoch);
    Warnings warnings;
    Dispatcher dispatcher(scheduler, policy(5, 2s), warnings.sink(), 2);
    dispatcher.enqueue(dlr(receiver.url("/dlr"), "1"));
    scheduler.advance(3s);
    const auto attempts = dispatcher.attempts();
    REQUIRE(attempts.size() == 2);
    CHECK(attempts[1].at == epoch + 2s);
}

TEST_CASE("on a real clock callbacks go out at once and retries fire from the scheduler") {
    Receiver receiver(failing_first(1));
    Scheduler scheduler(ClockSetting{ClockSetting::Kind::Real, 1.0}, epoch);
    scheduler.start();
    Warnings warnings;
    Dispatcher dispatcher(scheduler, policy(3, 50ms), warnings.sink(), 2);
    dispatcher.enqueue(dlr(receiver.url("/dlr"), "1"));

    REQUIRE(receiver.wait_for(2));
    dispatcher.wait_idle();  // the second attempt is being recorded
    const auto attempts = dispatcher.attempts();
    REQUIRE(attempts.size() == 2);
    CHECK(attempts[0].outcome == Outcome::WillRetry);
    CHECK(attempts[1].outcome == Outcome::Delivered);
    CHECK(attempts[1].at - attempts[0].at >= 50ms);
    scheduler.stop();
}

TEST_CASE("many callbacks share a few keep-alive connections") {
    Receiver receiver;
    Scheduler scheduler(ClockSetting{ClockSetting::Kind::Real, 1.0}, epoch);
    scheduler.start();
    Warnings warnings;
    constexpr std::size_t workers = 4;
    constexpr std::size_t count = 400;
    Dispatcher dispatcher(scheduler, RetryPolicy{}, warnings.sink(), workers);
    for (std::size_t i = 0; i < count; ++i)
        dispatcher.enqueue(dlr(receiver.url("/dlr"), std::to_string(i), "R" + std::to_string(i % 50)));

    REQUIRE(receiver.wait_for(count));
    dispatcher.wait_idle();
    CHECK(dispatcher.attempts().size() == count);
    CHECK(dispatcher.pending() == 0);
    std::set<int> connections;
    for (const auto& r : receiver.received()) connections.insert(r.remote_port);
    CHECK(connections.size() <= workers);
    scheduler.stop();
}

TEST_CASE("a receiver that never answers holds only its own attempts; another receiver's go at once") {
    SilentPort silent;
    Receiver healthy;
    Scheduler scheduler(virtual_clock, epoch);
    Warnings warnings;
    constexpr std::size_t per_receiver = 2;
    Dispatcher dispatcher(scheduler, policy(1, 1min, 1min, 300ms), warnings.sink(), per_receiver);
    for (int i = 0; i < 6; ++i) dispatcher.enqueue(dlr(silent.url("/dlr"), "silent", "S" + std::to_string(i)));
    dispatcher.enqueue(dlr(healthy.url("/dlr"), "healthy", "H"));

    const auto before = std::chrono::steady_clock::now();
    scheduler.advance(0s);  // returns once every attempt due has run: three rounds of two timeouts
    const auto took = std::chrono::steady_clock::now() - before;
    const auto attempts = dispatcher.attempts();
    REQUIRE(attempts.size() == 7);
    CHECK(attempts[0].body == "healthy");  // done while the silent receiver's first two hung
    CHECK(attempts[0].outcome == Outcome::Delivered);
    for (std::size_t i = 1; i < attempts.size(); ++i) {
        CHECK(attempts[i].result == "timeout");
        CHECK(attempts[i].outcome == Outcome::WillRetry);
    }
    CHECK(took >= 3 * 300ms * 9 / 10);  // never more than two in flight at the silent receiver
    CHECK(dispatcher.pending() == 6);   // none dropped
}

TEST_CASE("a reset while attempts hang records none of them; the next callbacks go out as the first") {
    SilentPort silent;
    Receiver healthy;
    Scheduler scheduler(ClockSetting{ClockSetting::Kind::Real, 1.0}, epoch);
    scheduler.start();
    Warnings warnings;
    Dispatcher dispatcher(scheduler, policy(0, 500ms, 30s, 300ms), warnings.sink(), 2);
    dispatcher.enqueue(dlr(silent.url("/dlr"), "1", "A"));
    dispatcher.enqueue(dlr(silent.url("/dlr"), "2", "B"));
    dispatcher.enqueue(dlr(silent.url("/dlr"), "3", "C"));

    dispatcher.reset();
    dispatcher.enqueue(dlr(healthy.url("/dlr"), "4", "D"));
    REQUIRE(healthy.wait_for(1));
    dispatcher.wait_idle();  // the silent receiver's attempts are over too
    const auto attempts = dispatcher.attempts();
    REQUIRE(attempts.size() == 1);
    CHECK(attempts[0].callback_id == 1);
    CHECK(attempts[0].body == "4");
    CHECK(dispatcher.pending() == 0);
    CHECK(warnings.all().empty());
    scheduler.stop();
}

TEST_CASE("destroying the dispatcher while attempts hang waits one timeout, not one per callback") {
    SilentPort silent;
    Scheduler scheduler(ClockSetting{ClockSetting::Kind::Real, 1.0}, epoch);
    scheduler.start();
    Warnings warnings;
    auto dispatcher = std::make_unique<Dispatcher>(scheduler, policy(0, 500ms, 30s, 500ms), warnings.sink(), 4);
    for (int i = 0; i < 12; ++i) dispatcher->enqueue(dlr(silent.url("/dlr"), "x", "K" + std::to_string(i)));

    const auto before = std::chrono::steady_clock::now();
    dispatcher = nullptr;
    CHECK(std::chrono::steady_clock::now() - before < 3 * 500ms);  // the four in flight, side by side
    scheduler.stop();
}
