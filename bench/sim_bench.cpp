// connectel-sim's startup time, bulk acceptance time and memory per stored message, each against
// a baseline measured in the same run (bench/bare_server, or the same work done in-process).
//
//   sim_bench [CONNECTEL_SIM [BARE_SERVER]]   (the defaults are the build's, compiled in by meson)
//
// Servers are spawned with fork/exec, their ready line is read from a pipe (never a sleep), and
// they are spoken to over HTTP on 127.0.0.1. Exit status 1 when a target is missed, 2 on an error.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <httplib.h>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "bench_report.hpp"
#include "connectel/api/send_request.hpp"

#ifndef CONNECTEL_SIM_PATH
#define CONNECTEL_SIM_PATH "connectel-sim"
#endif
#ifndef BARE_SERVER_PATH
#define BARE_SERVER_PATH "bare_server"
#endif

namespace {

using bench::Clock;
using bench::format;
using bench::ms_since;
using bench::Verdict;

constexpr int startup_runs = 20;
constexpr int bulk_runs = 10;
constexpr std::size_t bulk_size = 10'000;
constexpr std::size_t memory_bulks = 100;  // of bulk_size each: a million stored messages

constexpr double startup_target_ms = 50;
constexpr double bulk_target_ms = 100;
constexpr double memory_target_bytes = 1024;

// The simulator under test for bulk and memory: lifecycle steps never fire on a virtual clock
// that nobody advances, and one log line per request would be measured rather than the store.
const std::vector<std::string> quiet_flags = {"--clock", "virtual", "--log-level", "warn", "--seed", "1"};

struct Stats {
    double median = 0, min = 0, max = 0;
};

Stats stats(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    const std::size_t n = values.size();
    const double median = n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    return {median, values.front(), values.back()};
}

// A server process: spawned, read up to its ready line, stopped with SIGTERM.
class Server {
public:
    Server(const std::string& path, const std::vector<std::string>& flags) {
        std::vector<std::string> args = {path, "--port", "0"};
        args.insert(args.end(), flags.begin(), flags.end());
        std::vector<char*> argv;
        for (auto& arg : args) argv.push_back(arg.data());
        argv.push_back(nullptr);

        int fds[2];
        if (::pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe2 failed");
        started_ = Clock::now();
        pid_ = ::fork();
        if (pid_ < 0) throw std::runtime_error("fork failed");
        if (pid_ == 0) {
            // Only async-signal-safe calls between fork and exec.
            ::dup2(fds[1], STDOUT_FILENO);
            const int null = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
            if (null >= 0) ::dup2(null, STDERR_FILENO);
            ::execv(argv[0], argv.data());
            ::_exit(127);
        }
        ::close(fds[1]);
        out_ = fds[0];
        try {
            read_ready_line(path);
        } catch (...) {
            stop();  // the destructor does not run for a constructor that throws
            throw;
        }
    }
    ~Server() {
        try {
            stop();
        } catch (...) {
        }
    }
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    int port() const { return port_; }
    pid_t pid() const { return pid_; }
    // From just before fork() to the ready line read by this process.
    double startup_ms() const { return startup_ms_; }

    // SIGTERM, then waits up to 5 s for the exit (SIGKILL after); returns the exit status.
    int stop() {
        if (pid_ <= 0) return exit_status_;
        ::kill(pid_, SIGTERM);
        const int pidfd = static_cast<int>(::syscall(SYS_pidfd_open, pid_, 0));
        if (pidfd >= 0) {
            pollfd p{pidfd, POLLIN, 0};
            if (::poll(&p, 1, 5000) == 0) ::kill(pid_, SIGKILL);
            ::close(pidfd);
        }
        int status = 0;
        ::waitpid(pid_, &status, 0);
        pid_ = -1;
        ::close(out_);
        exit_status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        return exit_status_;
    }

private:
    void read_ready_line(const std::string& path) {
        std::string line;
        const auto deadline = Clock::now() + std::chrono::seconds(10);
        while (line.find('\n') == std::string::npos) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
            pollfd p{out_, POLLIN, 0};
            if (left.count() <= 0 || ::poll(&p, 1, static_cast<int>(left.count())) <= 0)
                throw std::runtime_error(path + ": no ready line within 10 s");
            char buffer[256];
            const ssize_t n = ::read(out_, buffer, sizeof buffer);
            if (n <= 0) throw std::runtime_error(path + ": exited before its ready line");
            line.append(buffer, static_cast<std::size_t>(n));
        }
        startup_ms_ = ms_since(started_);
        const auto colon = line.rfind(':');
        if (line.find(" listening on http://") == std::string::npos || colon == std::string::npos)
            throw std::runtime_error(path + ": unexpected ready line: " + line);
        port_ = std::atoi(line.c_str() + colon + 1);
    }

    Clock::time_point started_;
    pid_t pid_ = -1;
    int out_ = -1;
    int port_ = 0;
    int exit_status_ = 0;
    double startup_ms_ = 0;
};

// One keep-alive connection with Nagle off, as a load generator would use.
struct Connection {
    explicit Connection(int port) : client("127.0.0.1", port) {
        client.set_keep_alive(true);
        client.set_tcp_nodelay(true);
        client.set_read_timeout(60, 0);
        client.set_write_timeout(60, 0);
    }
    std::string post_json(const std::string& body, const std::string& path = "/api/v2/send/") {
        auto result = client.Post(path, body, "application/json");
        if (!result) throw std::runtime_error("POST failed: " + httplib::to_string(result.error()));
        if (result->status != 200)
            throw std::runtime_error("POST answered " + std::to_string(result->status) + ": " +
                                     result->body.substr(0, 300));
        return std::move(result->body);
    }
    httplib::Client client;
};

// A bulk send of `count` recipients keyed K1..Kcount, numbers counted up from `first`: the
// documented list of pairs [{"K1":"..."}, ...], or one object {"K1":"...", ...}.
enum class BulkShape { List, Object };
std::string bulk_body(std::size_t count, long long first, BulkShape shape = BulkShape::List) {
    const bool list = shape == BulkShape::List;
    std::string body = R"({"authorization":"T","sender":"IKEA","bulk":true,"recipient":)";
    body += list ? '[' : '{';
    body.reserve(count * 30 + 100);
    for (std::size_t i = 0; i < count; ++i) {
        if (i) body += ',';
        const std::string pair =
            "\"K" + std::to_string(i + 1) + "\":\"" + std::to_string(first + static_cast<long long>(i)) + "\"";
        body += list ? "{" + pair + "}" : pair;
    }
    body += list ? ']' : '}';
    body += R"(,"message":"Hello"})";
    return body;
}

// The bytes the simulator must keep of each accepted recipient: its request-id, number and key.
std::size_t raw_bytes_of_bulk_response(const std::string& response, std::size_t expected) {
    const auto doc = nlohmann::json::parse(response);
    const auto& recipients = doc.at("recipient");
    if (recipients.size() != expected)
        throw std::runtime_error("a bulk response lists " + std::to_string(recipients.size()) +
                                 " recipients, not " + std::to_string(expected));
    std::size_t bytes = 0;
    for (const auto& r : recipients)
        bytes += r.at("requestid").get_ref<const std::string&>().size() +
                 r.at("recipient").get_ref<const std::string&>().size() +
                 r.at("key").get_ref<const std::string&>().size();
    return bytes;
}

// VmRSS (or another field) of /proc/PID/status, in KiB.
long long status_kib(pid_t pid, const std::string& field) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(in, line))
        if (line.compare(0, field.size() + 1, field + ":") == 0)
            return std::atoll(line.c_str() + field.size() + 1);
    throw std::runtime_error("no " + field + " in /proc/" + std::to_string(pid) + "/status");
}

void check_exit(const std::string& name, int status) {
    if (status != 0)
        std::printf("  NOTE: %s exited with status %d on SIGTERM (0 expected)\n", name.c_str(), status);
}

Verdict bench_startup(const std::string& sim, const std::string& bare) {
    std::printf(
        "2. Startup: from just before fork() to the ready line read from the child's stdout pipe.\n"
        "   connectel-sim --port 0 (default settings otherwise) against bare_server --port 0; stderr\n"
        "   discarded; one warm-up run each, then %d runs each, alternating.\n",
        startup_runs);
    Server(sim, {}).stop();
    Server(bare, {}).stop();
    std::vector<double> sim_ms, bare_ms;
    for (int i = 0; i < startup_runs; ++i) {
        Server b(bare, {});
        bare_ms.push_back(b.startup_ms());
        check_exit("bare_server", b.stop());
        Server s(sim, {});
        sim_ms.push_back(s.startup_ms());
        check_exit("connectel-sim", s.stop());
    }
    const Stats s = stats(sim_ms), b = stats(bare_ms);
    std::printf("   %-28s %9s %9s %9s\n", "", "median", "min", "max");
    std::printf("   %-28s %6.2f ms %6.2f ms %6.2f ms\n", "bare cpp-httplib server", b.median, b.min, b.max);
    std::printf("   %-28s %6.2f ms %6.2f ms %6.2f ms\n\n", "connectel-sim", s.median, s.min, s.max);
    return {"startup to ready line (median)",       format("%.2f ms", s.median),
            format("%.2f ms bare", b.median),       format("%.1fx", s.median / b.median),
            format("< %.0f ms", startup_target_ms), s.median < startup_target_ms};
}

// Times `runs` POSTs of `body` on one keep-alive connection; checks each answer with `check`.
template <typename Check>
std::vector<double> time_posts(Connection& connection, const std::string& path, const std::string& body,
                               int runs, Check check) {
    std::vector<double> ms;
    for (int i = 0; i < runs; ++i) {
        const auto start = Clock::now();
        const std::string response = connection.post_json(body, path);
        ms.push_back(ms_since(start));
        check(response);
    }
    return ms;
}

// Times `runs` calls of `work` in this process.
template <typename Work>
std::vector<double> time_calls(int runs, Work work) {
    std::vector<double> ms;
    for (int i = 0; i < runs; ++i) {
        const auto start = Clock::now();
        work();
        ms.push_back(ms_since(start));
    }
    return ms;
}

Verdict bench_bulk(const std::string& sim, const std::string& bare) {
    const std::string body = bulk_body(bulk_size, 46700000000LL);
    std::printf(
        "3. Bulk: one POST /api/v2/send/ of %zu recipients (JSON, %zu bytes), from sending the request\n"
        "   to having read the whole answer, on one keep-alive connection; %d runs each, the first one\n"
        "   included (each run stores %zu more messages). connectel-sim runs with --clock virtual\n"
        "   --log-level warn --seed 1. Baselines: bare_server answering the same POST with its fixed\n"
        "   small JSON, and with a padded JSON as long as the simulator's answer (the transport any\n"
        "   implementation pays: the summary's baseline); the body parsed in this process.\n",
        bulk_size, body.size(), bulk_runs, bulk_size);
    std::vector<double> sim_ms, small_ms, sized_ms;
    std::size_t answer_bytes = 0;
    {
        Server server(sim, quiet_flags);
        Connection connection(server.port());
        sim_ms = time_posts(connection, "/api/v2/send/", body, bulk_runs, [&](const std::string& response) {
            raw_bytes_of_bulk_response(response, bulk_size);
            answer_bytes = response.size();
        });
        connection.client.stop();  // an idle keep-alive connection would delay the server's exit
        check_exit("connectel-sim", server.stop());
    }
    {
        Server server(bare, {});
        Connection connection(server.port());
        const auto ignore = [](const std::string&) {};
        small_ms = time_posts(connection, "/api/v2/send/", body, bulk_runs, ignore);
        sized_ms = time_posts(connection, "/api/v2/send/?answer_bytes=" + std::to_string(answer_bytes), body,
                              bulk_runs, [&](const std::string& response) {
                                  if (response.size() != answer_bytes)
                                      throw std::runtime_error("bad padding");
                              });
        connection.client.stop();
        check_exit("bare_server", server.stop());
    }
    const auto parse_ms = time_calls(bulk_runs, [&] {
        if (nlohmann::json::parse(body).at("recipient").size() != bulk_size)
            throw std::runtime_error("bad parse");
    });
    const auto time_reading = [](const std::string& text) {
        return time_calls(bulk_runs, [&] {
            connectel::api::SendRequest request;
            if (connectel::api::parse_send_json(text, request) || connectel::api::check_send(request))
                throw std::runtime_error("the bulk body does not read as a valid send request");
        });
    };
    const auto read_ms = time_reading(body);
    // Once quadratic (ordered_json's insert scans every key): 100,000 members took 8 s.
    const auto read_object_ms = time_reading(bulk_body(bulk_size, 46700000000LL, BulkShape::Object));
    const Stats s = stats(sim_ms), small = stats(small_ms), sized = stats(sized_ms), p = stats(parse_ms),
                r = stats(read_ms), r_object = stats(read_object_ms);
    const auto row = [](const std::string& what, const Stats& t) {
        std::printf("   %-56s %6.2f ms %6.2f ms %6.2f ms\n", what.c_str(), t.median, t.min, t.max);
    };
    std::printf("   %-56s %9s %9s %9s\n", "", "median", "min", "max");
    row("bare cpp-httplib server, fixed small answer", small);
    row("bare cpp-httplib server, answer of " + std::to_string(answer_bytes) + " bytes", sized);
    row("nlohmann::json::parse of the body, in-process", p);
    row("parse_send_json + check_send (the sim's reader), in-proc.", r);
    row("the same, recipients as one object {\"K1\": ...}, in-proc.", r_object);
    row("connectel-sim (answer of " + std::to_string(answer_bytes) + " bytes)", s);
    std::printf("   connectel-sim, every run in order:");
    for (double ms : sim_ms) std::printf(" %.1f", ms);
    std::printf(" ms\n\n");
    return {"10,000-recipient bulk (median; max " + format("%.1f", s.max) + ")",
            format("%.2f ms", s.median),
            format("%.2f ms bare", sized.median),
            format("%.1fx", s.median / sized.median),
            format("< %.0f ms", bulk_target_ms),
            s.median < bulk_target_ms};
}

Verdict bench_memory(const std::string& sim) {
    std::printf(
        "4. Memory: connectel-sim --clock virtual --log-level warn --seed 1 --max-messages 1000000 (every\n"
        "   message kept); VmRSS from /proc/PID/status\n"
        "   after one GET /_sim/health, then after %zu bulk sends of %zu distinct recipients on one\n"
        "   keep-alive connection (%zu messages). Baseline: the raw bytes of what each message must keep\n"
        "   (request-id + recipient + key, summed from the answers).\n",
        memory_bulks, bulk_size, memory_bulks * bulk_size);
    std::vector<std::string> flags = quiet_flags;
    flags.insert(flags.end(), {"--max-messages", std::to_string(memory_bulks * bulk_size)});
    Server server(sim, flags);
    Connection connection(server.port());
    if (auto health = connection.client.Get("/_sim/health"); !health || health->status != 200)
        throw std::runtime_error("GET /_sim/health failed");
    const long long before_kib = status_kib(server.pid(), "VmRSS");
    std::size_t raw_bytes = 0;
    std::vector<double> ms;
    for (std::size_t i = 0; i < memory_bulks; ++i) {
        const std::string body = bulk_body(bulk_size, 46700000000LL + static_cast<long long>(i * bulk_size));
        const auto start = Clock::now();
        const std::string response = connection.post_json(body);
        ms.push_back(ms_since(start));
        raw_bytes += raw_bytes_of_bulk_response(response, bulk_size);
    }
    const long long after_kib = status_kib(server.pid(), "VmRSS");
    const long long peak_kib = status_kib(server.pid(), "VmHWM");
    connection.client.stop();
    check_exit("connectel-sim", server.stop());

    const double messages = static_cast<double>(memory_bulks * bulk_size);
    const double per_message = static_cast<double>(after_kib - before_kib) * 1024 / messages;
    const double raw_per_message = static_cast<double>(raw_bytes) / messages;
    const Stats t = stats(ms);
    std::printf(
        "   VmRSS before %lld KiB, after %lld KiB (peak VmHWM %lld KiB): %.0f bytes per message;\n"
        "   raw data %.1f bytes per message.\n"
        "   Bulk sends while filling: median %.1f ms; the slowest, with the messages stored before\n"
        "   each:",
        before_kib, after_kib, peak_kib, per_message, raw_per_message, t.median);
    std::vector<std::size_t> order(ms.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return ms[a] > ms[b]; });
    for (std::size_t i = 0; i < 3 && i < order.size(); ++i)
        std::printf("%s %.1f ms (%zu)", i ? "," : "", ms[order[i]], order[i] * bulk_size);
    std::printf("\n\n");
    return {"memory per stored message",
            format("%.0f B", per_message),
            format("%.1f B raw", raw_per_message),
            format("%.1fx", per_message / raw_per_message),
            format("<= %.0f B", memory_target_bytes),
            per_message <= memory_target_bytes};
}

}  // namespace

int main(int argc, char** argv) {
    const std::string sim = argc > 1 ? argv[1] : CONNECTEL_SIM_PATH;
    const std::string bare = argc > 2 ? argv[2] : BARE_SERVER_PATH;
    // A server that dies mid-request must not kill the benchmark with SIGPIPE.
    ::signal(SIGPIPE, SIG_IGN);
    std::printf("sim_bench: connectel-sim %s\n           bare server   %s\n", sim.c_str(), bare.c_str());
    bench::print_load_average(11);
    std::vector<Verdict> verdicts;
    try {
        verdicts.push_back(bench_startup(sim, bare));
        verdicts.push_back(bench_bulk(sim, bare));
        verdicts.push_back(bench_memory(sim));
    } catch (const std::exception& e) {
        std::fprintf(stderr, "sim_bench: %s\n", e.what());
        return 2;
    }
    return bench::print_verdicts(verdicts, 44, 10) ? 0 : 1;
}
