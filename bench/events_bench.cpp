// The API's send throughput while page clients listen to GET /_sim/events, against the same
// sends with nobody listening (target: at least 90%; docs/performance.md has the figures).
// In-process: the simulator's core on 127.0.0.1, the default scenario on the real clock (each
// message is accepted, then DELIVRD a second later: two events per send), keep-alive senders,
// and readers that take every byte of the stream as an EventSource would.
#include <httplib.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <ctime>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "bench_report.hpp"
#include "line_splitter.hpp"
#include "simulator.hpp"

using bench::Clock;

namespace {

constexpr int senders = 4;
constexpr int sends_per_sender = 5000;
constexpr long sends = senders * sends_per_sender;  // per burst
constexpr int listeners = 10;
constexpr int runs = 7;  // of each kind, alternating; the median counts (with 3 it swung by 0.1 here)

// One page client: reads the stream until told to stop, counting accepted events. A plain
// socket read in large pieces, as a browser's network stack does (cpp-httplib's client would
// read 4 KiB at a time and cost more CPU than the server it measures).
class Listener {
public:
    explicit Listener(int port) : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(static_cast<std::uint16_t>(port));
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        const std::string request = "GET /_sim/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n";
        if (fd_ < 0 || ::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
            ::send(fd_, request.data(), request.size(), 0) != static_cast<ssize_t>(request.size()))
            throw std::runtime_error("a listener could not connect");
        thread_ = std::thread([this] { read_all(); });
        while (!connected_) std::this_thread::yield();  // the greeting comes at once
    }
    ~Listener() {
        if (!stopped_) stop_and_cpu_seconds();
        ::close(fd_);
    }
    long accepted() const { return accepted_; }
    long resyncs() const { return resyncs_; }
    // Ends the stream; returns the CPU time the listener's thread used.
    double stop_and_cpu_seconds() {
        ::shutdown(fd_, SHUT_RDWR);
        thread_.join();
        stopped_ = true;
        return cpu_seconds_;
    }

private:
    void read_all() {
        std::vector<char> buffer(256 * 1024);
        bench::LineSplitter lines;
        for (ssize_t got; (got = ::recv(fd_, buffer.data(), buffer.size(), 0)) > 0;) {
            lines.feed(std::string_view(buffer.data(), static_cast<std::size_t>(got)),
                       [this](std::string_view line) { count(line); });
            connected_ = true;
        }
        connected_ = true;
        timespec used{};
        ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &used);
        cpu_seconds_ = static_cast<double>(used.tv_sec) + static_cast<double>(used.tv_nsec) / 1e9;
    }

    void count(std::string_view line) {
        if (line == "event: message.accepted")
            ++accepted_;
        else if (line == "event: resync")
            ++resyncs_;
    }

    int fd_;
    std::thread thread_;
    std::atomic<bool> connected_{false};
    std::atomic<long> accepted_{0}, resyncs_{0};
    double cpu_seconds_ = 0;
    bool stopped_ = false;
};

// The process's CPU time (user + system, every thread) so far.
double process_cpu_seconds() {
    rusage usage{};
    ::getrusage(RUSAGE_SELF, &usage);
    const auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

// One burst's figures: requests per second, and CPU microseconds per send (everything in the
// process: server, senders and listeners).
struct Burst {
    double rate;
    double cpu_us;
};

// Sends from `senders` keep-alive connections at once.
Burst send_burst(int port) {
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    const double cpu_before = process_cpu_seconds();
    const auto started = Clock::now();
    for (int s = 0; s < senders; ++s)
        threads.emplace_back([&, s] {
            httplib::Client client("127.0.0.1", port);
            client.set_keep_alive(true);
            client.set_tcp_nodelay(true);
            for (int i = 0; i < sends_per_sender; ++i) {
                const std::string body = R"({"authorization":"T","sender":"IKEA","recipient":"4670)" +
                                         std::to_string(1000000 + s * sends_per_sender + i) +
                                         R"(","message":"Your order has shipped"})";
                auto res = client.Post("/api/v2/send/", body, "application/json");
                if (!res || res->status != 200) ++failures;
            }
        });
    for (auto& t : threads) t.join();
    const double seconds = bench::ms_since(started) / 1000;
    const double cpu = process_cpu_seconds() - cpu_before;
    if (failures) throw std::runtime_error(std::to_string(failures.load()) + " sends failed");
    return {sends / seconds, cpu * 1e6 / sends};
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

}  // namespace

int main() {
    std::printf(
        "Send throughput with %d event-stream listeners, against none.\n"
        "   %d keep-alive senders x %d single JSON sends to an in-process connectel-sim (default scenario,\n"
        "   real clock, 64 threads); %d runs of each kind, alternating, the median counts; reset between runs.\n"
        "   Two simulators in the process: the one measured alone never has a listener, so it does no work\n"
        "   for the feed at all; the other has had ten since its first run.\n",
        listeners, senders, sends_per_sender, runs);
    bench::print_load_average(3);
    sim::Options options;
    options.port = 0;
    options.log = nullptr;
    sim::Simulator quiet_sim(options), heard_sim(options);
    quiet_sim.start();
    heard_sim.start();
    const int quiet_port = quiet_sim.port(), heard_port = heard_sim.port();
    httplib::Client quiet_control("127.0.0.1", quiet_port), heard_control("127.0.0.1", heard_port);

    std::vector<double> alone, listened, alone_cpu, listened_cpu, reading_cpu;
    bool all_heard = true;
    send_burst(quiet_port);  // warm-up
    send_burst(heard_port);
    // Both are reset before each burst: no lifecycle step left from one burst runs in the next.
    const auto reset_both = [&] {
        quiet_control.Post("/_sim/reset");
        heard_control.Post("/_sim/reset");
    };
    for (int run = 0; run < runs; ++run) {
        reset_both();
        const Burst quiet = send_burst(quiet_port);
        reset_both();
        std::vector<std::unique_ptr<Listener>> pages;
        for (int i = 0; i < listeners; ++i) pages.push_back(std::make_unique<Listener>(heard_port));
        const Burst heard = send_burst(heard_port);
        // Every listener must have heard every send; give the streams a moment to drain.
        const auto deadline = Clock::now() + std::chrono::seconds(10);
        for (const auto& page : pages)
            while (page->accepted() < sends && Clock::now() < deadline)
                std::this_thread::sleep_for(std::chrono::milliseconds(5));
        double reading = 0;
        for (const auto& page : pages) {
            if (page->accepted() != sends || page->resyncs())
                std::printf("   a listener heard %ld of %ld sends (%ld resyncs)\n", page->accepted(), sends,
                            page->resyncs());
            all_heard = all_heard && page->accepted() == sends;
            reading += page->stop_and_cpu_seconds();
        }
        alone.push_back(quiet.rate);
        listened.push_back(heard.rate);
        alone_cpu.push_back(quiet.cpu_us);
        listened_cpu.push_back(heard.cpu_us);
        reading_cpu.push_back(reading * 1e6 / sends);
        std::printf("   run %d: alone %.0f req/s, %.1f us CPU/send; with %d listeners %.0f req/s, %.1f us CPU/send"
                    " (the listeners' reading: %.1f us)\n",
                    run + 1, quiet.rate, quiet.cpu_us, listeners, heard.rate, heard.cpu_us, reading_cpu.back());
    }
    quiet_sim.stop();
    heard_sim.stop();

    const double ratio = median(listened) / median(alone);
    const double cpu_ratio = median(alone_cpu) / median(listened_cpu);
    std::printf("\n   CPU per send (everything in the process: server, senders, listeners): alone %.1f us, with\n"
                "   %d listeners %.1f us, of which the listeners' own reading %.1f us (medians).\n\n",
                median(alone_cpu), listeners, median(listened_cpu), median(reading_cpu));
    const bool pass = bench::print_verdicts(
        {{"sends with " + std::to_string(listeners) + " listeners", bench::format("%.0f/s", median(listened)),
          bench::format("alone %.0f/s", median(alone)), bench::format("%.2f", ratio), ">= 0.90", ratio >= 0.90},
         {"CPU per send, alone / listened", bench::format("%.1f us", median(listened_cpu)),
          bench::format("alone %.1f us", median(alone_cpu)), bench::format("%.2f", cpu_ratio), "(info)", true},
         {"every listener heard every send", all_heard ? "yes" : "no", "", "", "yes", all_heard}},
        32, 8);
    return pass ? 0 : 2;
}
