// Waiting lists under load: 16 keep-alive senders send as fast as they are answered while 50
// tests wait (GET /_sim/messages?recipient=...&wait=10s), each for a message that a companion
// of its own sends a moment later. Against the same 16 senders with nobody waiting, in the same
// run, alternating. Targets: the senders keep at least 90% of their rate, and each wait is
// answered within 10 ms of its message being sent (p99, real clock; measured from before the
// companion's send, so the figure includes that send's own answer time). In-process: the
// simulator's core on 127.0.0.1, the default scenario on the real clock, 64 threads.
//
//   wait_bench            WAIT_BENCH_SECONDS (default 30): the time with waiters, in two rounds
#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "bench_report.hpp"
#include "simulator.hpp"

using bench::Clock;

namespace {

constexpr int senders = 16;
constexpr int waiters = 50;
constexpr int rounds = 2;
// How long after a wait is asked for its message is sent: long enough for the wait to have
// reached the simulator, short enough for each test to wait many times.
constexpr std::chrono::milliseconds trigger_delay{100};

std::atomic<long> next_number{0};

std::string send_body(const std::string& recipient) {
    return R"({"authorization":"T","sender":"IKEA","recipient":")" + recipient + R"(","message":"Your code is 123456"})";
}

httplib::Client client_for(int port) {
    httplib::Client client("127.0.0.1", port);
    client.set_keep_alive(true);
    client.set_tcp_nodelay(true);
    client.set_read_timeout(30, 0);
    return client;
}

// One test that waits for a message, again and again, and its companion that sends it.
class WaitingTest {
public:
    WaitingTest(int port, int index, const std::atomic<bool>& stop)
        : port_(port), index_(index), stop_(stop), companion_([this] { send_when_asked(); }),
          waiter_([this] { wait_again_and_again(); }) {}
    ~WaitingTest() { finish(); }
    WaitingTest(const WaitingTest&) = delete;
    WaitingTest& operator=(const WaitingTest&) = delete;

    // Once `stop` is set: returns when its last wait has been answered.
    void finish() {
        if (!waiter_.joinable()) return;
        waiter_.join();
        {
            std::lock_guard lock(mutex_);
            finished_ = true;
        }
        asked_.notify_one();
        companion_.join();
    }

    // Read after finish().
    const std::vector<double>& latencies_ms() const { return latencies_ms_; }
    long bad_answers() const { return bad_; }

private:
    void wait_again_and_again() {
        auto client = client_for(port_);
        for (long round = 0; !stop_; ++round) {
            const std::string recipient = "4679" + std::to_string(1000000 + index_ * 100000 + round % 100000);
            {
                std::lock_guard lock(mutex_);
                recipient_ = recipient;
                sent_at_.reset();
            }
            asked_.notify_one();
            // A fresh recipient each time: only this wait's own message satisfies it.
            const auto res = client.Get("/_sim/messages?recipient=" + recipient + "&wait=10s");
            const auto answered = Clock::now();
            std::optional<Clock::time_point> sent_at;
            {
                std::unique_lock lock(mutex_);
                done_.wait(lock, [&] { return recipient_.empty(); });  // the companion's send has returned
                sent_at = sent_at_;
            }
            const bool found = res && res->status == 200 && res->body.find("\"timedOut\":false") != std::string::npos;
            if (!found || !sent_at) {
                ++bad_;
                continue;
            }
            latencies_ms_.push_back(
                std::max(0.0, std::chrono::duration<double, std::milli>(answered - *sent_at).count()));
        }
    }

    void send_when_asked() {
        auto client = client_for(port_);
        for (;;) {
            std::string recipient;
            {
                std::unique_lock lock(mutex_);
                asked_.wait(lock, [&] { return !recipient_.empty() || finished_; });
                if (recipient_.empty()) return;
                recipient = recipient_;
            }
            std::this_thread::sleep_for(trigger_delay);
            {
                std::lock_guard lock(mutex_);
                sent_at_ = Clock::now();
            }
            client.Post("/api/v2/send/", send_body(recipient), "application/json");
            {
                std::lock_guard lock(mutex_);
                recipient_.clear();
            }
            done_.notify_one();
        }
    }

    const int port_, index_;
    const std::atomic<bool>& stop_;
    std::mutex mutex_;  // guards the members below
    std::condition_variable asked_, done_;
    std::string recipient_;  // what the waiter waits for; empty once its message is sent
    std::optional<Clock::time_point> sent_at_;
    bool finished_ = false;
    std::vector<double> latencies_ms_;  // the waiter's own
    long bad_ = 0;
    std::thread companion_, waiter_;
};

struct Phase {
    double sends_per_second = 0;
    std::vector<double> latencies_ms;  // of every wait answered
    long bad = 0;                      // waits answered without their message
};

// `senders` keep-alive connections sending for `seconds`, with `waiters` tests waiting meanwhile
// when `with_waiters`.
Phase run_phase(int port, bool with_waiters, double seconds) {
    std::atomic<bool> stop{false};
    std::atomic<long> sent{0}, failed{0};
    std::vector<std::unique_ptr<WaitingTest>> tests;
    if (with_waiters)
        for (int i = 0; i < waiters; ++i) tests.push_back(std::make_unique<WaitingTest>(port, i, stop));
    std::vector<std::thread> threads;
    const auto started = Clock::now();
    for (int s = 0; s < senders; ++s)
        threads.emplace_back([&] {
            auto client = client_for(port);
            while (!stop) {
                const std::string recipient = "4670" + std::to_string(1000000 + next_number++ % 8000000);
                const auto res = client.Post("/api/v2/send/", send_body(recipient), "application/json");
                if (res && res->status == 200)
                    ++sent;
                else
                    ++failed;
            }
        });
    std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
    stop = true;
    for (auto& t : threads) t.join();
    Phase phase;
    phase.sends_per_second = static_cast<double>(sent) / (bench::ms_since(started) / 1000);
    for (auto& test : tests) {
        test->finish();
        phase.latencies_ms.insert(phase.latencies_ms.end(), test->latencies_ms().begin(), test->latencies_ms().end());
        phase.bad += test->bad_answers();
    }
    if (failed) throw std::runtime_error(std::to_string(failed.load()) + " sends failed");
    return phase;
}

double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

double median(std::vector<double> v) { return percentile(std::move(v), 0.5); }

}  // namespace

int main() {
    const char* seconds_text = std::getenv("WAIT_BENCH_SECONDS");
    const double with_seconds = seconds_text ? std::atof(seconds_text) : 30;
    const double phase_seconds = with_seconds / rounds;
    std::printf(
        "Send throughput with %d tests waiting on GET /_sim/messages?wait=, against none.\n"
        "   %d keep-alive senders of single JSON sends to an in-process connectel-sim (default scenario, real\n"
        "   clock, 64 threads); %d rounds of %.0f s alone then %.0f s with the waiters; reset between phases.\n"
        "   Each waiting test waits for a recipient of its own, whose message its companion sends %lld ms\n"
        "   after the wait is asked for; its latency runs from before that send to the wait's answer.\n",
        waiters, senders, rounds, phase_seconds, phase_seconds, static_cast<long long>(trigger_delay.count()));
    bench::print_load_average(3);
    sim::Options options;
    options.port = 0;
    options.log = nullptr;
    sim::Simulator simulator(options);
    simulator.start();
    const int port = simulator.port();
    httplib::Client control("127.0.0.1", port);

    std::vector<double> alone, waited, latencies;
    long bad = 0;
    run_phase(port, false, 1);  // warm-up
    for (int round = 0; round < rounds; ++round) {
        control.Post("/_sim/reset");
        const Phase quiet = run_phase(port, false, phase_seconds);
        control.Post("/_sim/reset");
        const Phase busy = run_phase(port, true, phase_seconds);
        alone.push_back(quiet.sends_per_second);
        waited.push_back(busy.sends_per_second);
        latencies.insert(latencies.end(), busy.latencies_ms.begin(), busy.latencies_ms.end());
        bad += busy.bad;
        std::printf("   round %d: alone %.0f sends/s; with %d waiting %.0f sends/s, %zu waits answered, p99 %.2f ms\n",
                    round + 1, quiet.sends_per_second, waiters, busy.sends_per_second, busy.latencies_ms.size(),
                    percentile(busy.latencies_ms, 0.99));
    }
    simulator.stop();

    const double ratio = median(waited) / median(alone);
    const double p99 = percentile(latencies, 0.99);
    std::printf("\n   %zu waits answered: median %.2f ms, p99 %.2f ms, max %.2f ms from the send to the answer.\n\n",
                latencies.size(), median(latencies), p99, percentile(latencies, 1.0));
    const bool pass = bench::print_verdicts(
        {{"sends with " + std::to_string(waiters) + " tests waiting", bench::format("%.0f/s", median(waited)),
          bench::format("alone %.0f/s", median(alone)), bench::format("%.2f", ratio), ">= 0.90", ratio >= 0.90},
         {"wait answered after its send, p99", bench::format("%.2f ms", p99), "", "", "<= 10 ms", p99 <= 10},
         {"every wait found its message", bad == 0 ? "yes" : std::to_string(bad) + " not", "", "", "yes", bad == 0}},
        34, 8);
    return pass ? 0 : 2;
}
