// The API's send throughput while page clients listen to GET /_sim/events, against the same
// sends with nobody listening (issue 7's target: at least 90%). In-process: the simulator's
// core on 127.0.0.1, the default scenario on the real clock (each message is accepted, then
// DELIVRD a second later: two events per send), keep-alive senders, and readers that take
// every byte of the stream as an EventSource would.
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "bench_report.hpp"
#include "simulator.hpp"

using bench::Clock;

namespace {

constexpr int senders = 4;
constexpr int sends_per_sender = 5000;
constexpr int listeners = 10;
constexpr int runs = 3;  // of each kind, alternating; the median counts

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
        ::shutdown(fd_, SHUT_RDWR);
        thread_.join();
        ::close(fd_);
    }
    long accepted() const { return accepted_; }
    long resyncs() const { return resyncs_; }

private:
    void read_all() {
        static const std::string marker = "event: message.accepted\n";
        std::vector<char> buffer(256 * 1024);
        std::string carry;
        for (ssize_t got; (got = ::recv(fd_, buffer.data(), buffer.size(), 0)) > 0;) {
            // A marker may straddle two reads: keep what could be its start, never a whole one.
            carry.append(buffer.data(), static_cast<std::size_t>(got));
            for (std::size_t at = 0; (at = carry.find(marker, at)) != std::string::npos; at += marker.size())
                ++accepted_;
            if (carry.find("event: resync") != std::string::npos) ++resyncs_;
            const std::size_t keep = marker.size() - 1;
            carry.erase(0, carry.size() > keep ? carry.size() - keep : 0);
            connected_ = true;
        }
        connected_ = true;
    }

    int fd_;
    std::thread thread_;
    std::atomic<bool> connected_{false};
    std::atomic<long> accepted_{0}, resyncs_{0};
};

// Sends from `senders` keep-alive connections at once; returns requests per second.
double send_burst(int port) {
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
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
    if (failures) throw std::runtime_error(std::to_string(failures.load()) + " sends failed");
    return senders * sends_per_sender / seconds;
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
        "   real clock, 64 threads); %d runs of each kind, alternating, the median counts; reset between runs.\n",
        listeners, senders, sends_per_sender, runs);
    bench::print_load_average(3);
    sim::Options options;
    options.port = 0;
    options.log = nullptr;
    sim::Simulator simulator(options);
    simulator.start();
    const int port = simulator.port();
    httplib::Client control("127.0.0.1", port);

    std::vector<double> alone, listened;
    bool all_heard = true;
    send_burst(port);  // warm-up
    for (int run = 0; run < runs; ++run) {
        control.Post("/_sim/reset");
        alone.push_back(send_burst(port));
        control.Post("/_sim/reset");
        std::vector<std::unique_ptr<Listener>> pages;
        for (int i = 0; i < listeners; ++i) pages.push_back(std::make_unique<Listener>(port));
        listened.push_back(send_burst(port));
        // Every listener must have heard every send; give the streams a moment to drain.
        const auto deadline = Clock::now() + std::chrono::seconds(10);
        for (const auto& page : pages)
            while (page->accepted() < senders * sends_per_sender && Clock::now() < deadline)
                std::this_thread::sleep_for(std::chrono::milliseconds(5));
        for (const auto& page : pages) {
            if (page->accepted() != senders * sends_per_sender || page->resyncs())
                std::printf("   a listener heard %ld of %d sends (%ld resyncs)\n", page->accepted(),
                            senders * sends_per_sender, page->resyncs());
            all_heard = all_heard && page->accepted() == senders * sends_per_sender;
        }
        std::printf("   run %d: alone %.0f req/s, with %d listeners %.0f req/s\n", run + 1, alone.back(), listeners,
                    listened.back());
    }
    simulator.stop();

    const double ratio = median(listened) / median(alone);
    std::printf("\n");
    const bool pass = bench::print_verdicts(
        {{"sends with " + std::to_string(listeners) + " listeners", bench::format("%.0f/s", median(listened)),
          bench::format("alone %.0f/s", median(alone)), bench::format("%.2f", ratio), ">= 0.90", ratio >= 0.90},
         {"every listener heard every send", all_heard ? "yes" : "no", "", "", "yes", all_heard}},
        32, 8);
    return pass ? 0 : 2;
}
