// connectel-sim as a child process, for a test fixture: start it on a free port with a
// scenario and a virtual clock, drive it through its control API, stop it cleanly. POSIX only.
#pragma once

#include <fcntl.h>
#include <httplib.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <initializer_list>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "connectel/form.hpp"
#include "connectel/error.hpp"
#include "connectel/status.hpp"

extern "C" {
extern char** environ;  // posix_spawn passes it on; <unistd.h> declares it only on request
}

namespace connectel::testing {

// The simulator did not start, died, or its control API refused a call. what() says what
// happened and, for a failed start, what the process printed.
class SimulatorError : public Error {
public:
    explicit SimulatorError(const std::string& message, std::string output = {},
                            std::vector<std::string> problems = {},
                            std::optional<int> exit_status = std::nullopt, int http_status = 0)
        : Error(message),
          output_(std::move(output)),
          problems_(std::move(problems)),
          exit_status_(exit_status),
          http_status_(http_status) {}

    // What the process wrote to stderr (and stray stdout) before it failed to start.
    const std::string& output() const noexcept { return output_; }
    // An invalid scenario's problems, one "WHERE:LINE:COL: message" each. WHERE is the
    // scenario file, "scenario_text" for SimulatorOptions::scenario_text, "body" for load_scenario.
    const std::vector<std::string>& problems() const noexcept { return problems_; }
    // The exit code when the process ended (-N: killed by signal N).
    std::optional<int> exit_status() const noexcept { return exit_status_; }
    // The control API's answer when it refused a call; 0 when no HTTP answer is involved.
    int http_status() const noexcept { return http_status_; }

private:
    std::string output_;
    std::vector<std::string> problems_;
    std::optional<int> exit_status_;
    int http_status_;
};

enum class ClockMode {
    Virtual,   // --clock virtual: time moves only with advance(), so tests never sleep
    Real,      // --clock real
    Scenario,  // no flag: the scenario's own "clock" (real when it has none)
};

enum class StderrMode {
    Capture,  // piped: shown in a failed start's error, then kept as a bounded tail (log())
    Inherit,  // the test's own stderr
    Discard,  // /dev/null
};

struct SimulatorOptions {
    std::string binary;         // empty: $CONNECTEL_SIM, else connectel-sim on PATH
    std::string scenario_file;  // a scenario file, or:
    std::string scenario_text;  // a scenario's text, in a temporary file removed once it is read
    ClockMode clock = ClockMode::Virtual;
    std::optional<std::uint64_t> seed;  // --seed: the same ids and dates on every run
    std::string host = "127.0.0.1";
    std::string log_level;  // empty: the simulator's default, info (a line per request on stderr)
    std::vector<std::string> extra_args;
    StderrMode stderr_mode = StderrMode::Capture;
    std::chrono::milliseconds start_timeout{10'000};    // until the ready line
    std::chrono::milliseconds stop_timeout{5'000};      // after SIGTERM, before SIGKILL
    std::chrono::milliseconds request_timeout{30'000};  // each control call
};

// Filters of GET /_sim/messages; empty ones are not sent. Every member has a default, so
// `{"46700001234"}` (a recipient) compiles cleanly under -Wextra. A token is named by its id
// (`tokenid`) or by the token itself (`token`, for one the scenario does not list), not both.
struct MessageFilter {
    std::string recipient{};
    std::string status{};  // any case: "delivrd"
    std::string bulkid{};
    std::string tokenid{};
    std::string sender{};
    std::string token{};
};

// Filters of GET /_sim/inbound; empty ones are not sent.
struct InboundFilter {
    std::string from{};
    std::string to{};
    std::string tokenid{};
    std::string token{};
};

// Filters of GET /_sim/callbacks; empty ones are not sent.
struct CallbackFilter {
    std::string kind{};       // "dlr" or "inbound"
    std::string requestid{};  // a message's DLRs
    std::string url{};        // a part of the callback URL
    bool failed = false;      // only attempts that did not deliver
    std::string tokenid{};
    std::string token{};
};

// A wait_for_...() call whose wait ended before what it waited for came. what() says what was
// asked, what was found and what the simulator's clock has pending (a virtual clock waits for
// advance()).
class WaitTimedOut : public SimulatorError {
public:
    WaitTimedOut(const std::string& message, nlohmann::json found, nlohmann::json clock)
        : SimulatorError(message), found_(std::move(found)), clock_(std::move(clock)) {}
    // The items that matched when the wait ended (fewer than asked for).
    const nlohmann::json& found() const noexcept { return found_; }
    // GET /_sim/clock's answer at that moment: {"clock", "now", "pending", "speed"}.
    const nlohmann::json& clock() const noexcept { return clock_; }

private:
    nlohmann::json found_, clock_;
};

// How a spawned program's standard stream is connected.
enum class Stdio {
    Pipe,     // a pipe to this process (SpawnedProcess holds this end)
    Inherit,  // this process's own
    Null,     // /dev/null
};

// A program started by spawn_process: its pid and this process's ends of the pipes asked for
// (-1 for the others). The caller reads, closes and reaps (wait_for_exit).
struct SpawnedProcess {
    pid_t pid = -1;
    int in = -1, out = -1, err = -1;
};

namespace detail {

inline void close_fd(int& fd) noexcept {
    if (fd >= 0) ::close(fd);
    fd = -1;
}

// pipe() with both ends close-on-exec, so that children started meanwhile by other threads
// do not hold our pipe open (posix_spawn's dup2 gives the child its ends without the flag).
inline void make_pipe(int fds[2]) {
    if (::pipe(fds) != 0) throw SimulatorError(std::string("pipe failed: ") + std::strerror(errno));
    for (int i = 0; i < 2; ++i) ::fcntl(fds[i], F_SETFD, FD_CLOEXEC);
}

// An exit code that says nothing: the child was reaped elsewhere (SIGCHLD set to SIG_IGN).
inline constexpr int unknown_exit = -1000;

inline int exit_code(int wait_status) noexcept {
    if (WIFEXITED(wait_status)) return WEXITSTATUS(wait_status);
    if (WIFSIGNALED(wait_status)) return -WTERMSIG(wait_status);
    return unknown_exit;
}

}  // namespace detail

// Starts `argv` (argv[0] a path, or a bare name looked up on PATH as a shell would) with this
// environment, its streams as asked, and a clean signal state: a test runner that blocks or
// ignores SIGTERM must not make the child deaf to the SIGTERM that stops it. The pipes are
// close-on-exec on this side, so children started meanwhile by other threads do not hold them
// open. Throws SimulatorError when it cannot start.
inline SpawnedProcess spawn_process(const std::vector<std::string>& argv, Stdio in = Stdio::Null,
                                    Stdio out = Stdio::Pipe, Stdio err = Stdio::Pipe) {
    if (argv.empty()) throw SimulatorError("spawn_process: no program given");
    int pipes[3][2] = {{-1, -1}, {-1, -1}, {-1, -1}};
    const Stdio modes[3] = {in, out, err};
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    for (int fd = 0; fd < 3; ++fd) {
        if (modes[fd] == Stdio::Pipe) {
            detail::make_pipe(pipes[fd]);
            posix_spawn_file_actions_adddup2(&actions, pipes[fd][fd == 0 ? 0 : 1], fd);
        } else if (modes[fd] == Stdio::Null) {
            posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0);
        }
    }
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    sigset_t none, defaults;
    sigemptyset(&none);
    sigemptyset(&defaults);
    sigaddset(&defaults, SIGTERM);
    sigaddset(&defaults, SIGINT);
    posix_spawnattr_setsigmask(&attributes, &none);
    posix_spawnattr_setsigdefault(&attributes, &defaults);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

    std::vector<std::string> args = argv;
    std::vector<char*> pointers;
    for (auto& arg : args) pointers.push_back(arg.data());
    pointers.push_back(nullptr);
    pid_t pid = -1;
    const int rc = args[0].find('/') == std::string::npos
                       ? ::posix_spawnp(&pid, pointers[0], &actions, &attributes, pointers.data(), environ)
                       : ::posix_spawn(&pid, pointers[0], &actions, &attributes, pointers.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    SpawnedProcess child;
    int* ours[3] = {&child.in, &child.out, &child.err};
    for (int fd = 0; fd < 3; ++fd) {
        if (modes[fd] != Stdio::Pipe) continue;
        detail::close_fd(pipes[fd][fd == 0 ? 0 : 1]);  // the child's end
        *ours[fd] = pipes[fd][fd == 0 ? 1 : 0];
        if (rc != 0) detail::close_fd(*ours[fd]);
    }
    if (rc != 0) throw SimulatorError("cannot start " + args[0] + ": " + std::strerror(rc));
    child.pid = pid;
    return child;
}

// Waits up to `timeout` for the child `pid` to end and reaps it: its exit code (-N when killed
// by signal N), or nullopt while it still runs. There is no portable waitpid with a timeout
// (pidfd is Linux only), so this polls, with pauses growing from 1 to 20 ms.
inline std::optional<int> wait_for_exit(pid_t pid, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    int pause_ms = 1;
    for (;;) {
        int status = 0;
        const pid_t done = ::waitpid(pid, &status, WNOHANG);
        if (done == pid) return detail::exit_code(status);
        if (done < 0 && errno == EINTR) continue;
        if (done < 0) return detail::unknown_exit;  // ECHILD
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) return std::nullopt;
        ::poll(nullptr, 0, static_cast<int>(std::min<long long>(pause_ms, left.count())));
        pause_ms = std::min(pause_ms * 2, 20);
    }
}

namespace detail {

inline constexpr std::string_view ready_prefix = "connectel-sim listening on ";
inline constexpr std::size_t log_tail_bytes = 256 * 1024;

// Keeps the last `cap` bytes: a chatty simulator never grows the test's memory.
inline void append_capped(std::string& buffer, const char* data, std::size_t size, std::size_t cap) {
    buffer.append(data, size);
    if (buffer.size() > cap) buffer.erase(0, buffer.size() - cap);
}

// One read, retried on EINTR: > 0 bytes, 0 at end of file, < 0 on error.
inline ssize_t read_some(int fd, char* buffer, std::size_t size) noexcept {
    for (;;) {
        const ssize_t n = ::read(fd, buffer, size);
        if (n >= 0 || errno != EINTR) return n;
    }
}

inline std::string describe_exit(int code) {
    if (code == unknown_exit) return "an unknown status";
    if (code >= 0) return "exit status " + std::to_string(code);
    const char* name = ::strsignal(-code);
    return "signal " + std::to_string(-code) + (name ? std::string(" (") + name + ")" : std::string());
}

inline void replace_all(std::string& text, const std::string& from, const std::string& to) {
    if (from.empty()) return;
    for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
}

inline std::string shell_words(const std::vector<std::string>& argv) {
    std::string out;
    for (const auto& arg : argv) {
        if (!out.empty()) out += ' ';
        const bool plain = !arg.empty() && arg.find_first_of(" \t\n'\"\\$`*?") == std::string::npos;
        out += plain ? arg : "'" + arg + "'";
    }
    return out;
}

// The child and the pipes from it. Kept behind a pointer so that SimulatorProcess moves
// freely while the drain thread holds on to this.
class SimulatorChild {
public:
    explicit SimulatorChild(SimulatorOptions options) : options_(std::move(options)) {}
    ~SimulatorChild() { terminate(); }
    SimulatorChild(const SimulatorChild&) = delete;
    SimulatorChild& operator=(const SimulatorChild&) = delete;

    void start() {
        if (!options_.scenario_file.empty() && !options_.scenario_text.empty())
            throw SimulatorError("SimulatorOptions: give scenario_file or scenario_text, not both");
        if (!options_.scenario_text.empty()) write_scenario_text();
        spawn();
        wait_until_ready();
        remove_temp_file();  // read at start-up and never again: gone even if the test crashes later
        int wake[2];
        make_pipe(wake);
        wake_read_ = wake[0];
        wake_write_ = wake[1];
        drainer_ = std::thread([this] { drain(); });
    }

    // SIGTERM, then SIGKILL after the stop timeout; reaps the child, joins the drain thread,
    // removes the temporary scenario. Idempotent. Returns the exit code (-N: signal N).
    int terminate() {
        {
            std::lock_guard lock(process_mutex_);
            if (pid_ > 0 && !exit_code_) {
                ::kill(pid_, SIGTERM);
                exit_code_ = wait_for_exit(pid_, options_.stop_timeout);
                if (!exit_code_) {
                    ::kill(pid_, SIGKILL);
                    exit_code_ = wait_for_exit(pid_, std::chrono::minutes(1));  // SIGKILL cannot be refused
                }
            }
        }
        if (drainer_.joinable()) {
            // The child's end of the pipes closed with it, unless a grandchild holds them: wake
            // the thread anyway.
            const char byte = 0;
            while (::write(wake_write_, &byte, 1) < 0 && errno == EINTR) {
            }
            drainer_.join();
        }
        close_fd(wake_read_);
        close_fd(wake_write_);
        close_fd(out_);
        close_fd(err_);
        remove_temp_file();
        return exit_code_.value_or(unknown_exit);
    }

    // The exit code once the child has ended (reaping it), waiting up to `grace` for that;
    // nullopt while it runs.
    std::optional<int> exited(std::chrono::milliseconds grace = std::chrono::milliseconds(0)) {
        std::lock_guard lock(process_mutex_);
        if (!exit_code_ && pid_ > 0) exit_code_ = wait_for_exit(pid_, grace);
        return exit_code_;
    }

    std::string log() const {
        std::lock_guard lock(log_mutex_);
        return log_;
    }

    const SimulatorOptions& options() const noexcept { return options_; }
    pid_t pid() const noexcept { return pid_; }
    const std::string& host() const noexcept { return host_; }
    int port() const noexcept { return port_; }
    const std::string& base_url() const noexcept { return base_url_; }

private:
    void remove_temp_file() noexcept {
        if (!temp_path_.empty()) ::unlink(temp_path_.c_str());
        temp_path_.clear();
    }

    void write_scenario_text() {
        const char* tmp = std::getenv("TMPDIR");
        std::string path = std::string(tmp && *tmp ? tmp : "/tmp") + "/connectel-sim-scenario-XXXXXX";
        const int fd = ::mkstemp(path.data());
        if (fd < 0)
            throw SimulatorError("cannot create a temporary scenario file " + path + ": " +
                                 std::strerror(errno));
        temp_path_ = path;  // removed once the simulator has read it, or when the start fails
        std::size_t written = 0;
        const std::string& text = options_.scenario_text;
        while (written < text.size()) {
            const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) {
                const std::string reason = std::strerror(errno);
                ::close(fd);
                throw SimulatorError("cannot write the temporary scenario file " + path + ": " + reason);
            }
            written += static_cast<std::size_t>(n);
        }
        ::close(fd);
    }

    std::vector<std::string> arguments() const {
        std::string binary = options_.binary;
        if (binary.empty()) {
            const char* env = std::getenv("CONNECTEL_SIM");
            binary = env && *env ? env : "connectel-sim";
        }
        std::vector<std::string> argv{binary, "--host", options_.host, "--port", "0"};
        const std::string& scenario = temp_path_.empty() ? options_.scenario_file : temp_path_;
        if (!scenario.empty()) argv.insert(argv.end(), {"--scenario", scenario});
        if (options_.clock == ClockMode::Virtual) argv.insert(argv.end(), {"--clock", "virtual"});
        if (options_.clock == ClockMode::Real) argv.insert(argv.end(), {"--clock", "real"});
        if (options_.seed) argv.insert(argv.end(), {"--seed", std::to_string(*options_.seed)});
        if (!options_.log_level.empty()) argv.insert(argv.end(), {"--log-level", options_.log_level});
        argv.insert(argv.end(), options_.extra_args.begin(), options_.extra_args.end());
        return argv;
    }

    void spawn() {
        argv_ = arguments();
        const Stdio err = options_.stderr_mode == StderrMode::Capture   ? Stdio::Pipe
                          : options_.stderr_mode == StderrMode::Discard ? Stdio::Null
                                                                        : Stdio::Inherit;
        try {
            const SpawnedProcess child = spawn_process(argv_, Stdio::Null, Stdio::Pipe, err);
            pid_ = child.pid;
            out_ = child.out;
            err_ = child.err;
        } catch (const SimulatorError& e) {
            throw SimulatorError(std::string(e.what()) +
                                 " (set SimulatorOptions::binary, or CONNECTEL_SIM, or put connectel-sim on PATH)");
        }
    }

    // Reads stdout (and stderr when captured) until the ready line, the end of stdout, or the
    // timeout; the last two end in a SimulatorError with what the process printed.
    void wait_until_ready() {
        const auto deadline = std::chrono::steady_clock::now() + options_.start_timeout;
        std::string out_text, printed;
        char buffer[4096];
        for (;;) {
            if (const std::size_t newline = out_text.find('\n'); newline != std::string::npos) {
                std::string line = out_text.substr(0, newline);
                out_text.erase(0, newline + 1);
                if (!line.empty() && line.back() == '\r') line.pop_back();
                if (line.compare(0, ready_prefix.size(), ready_prefix) == 0) return take_ready_line(line);
                printed += line + '\n';  // not ours to interpret, but worth showing on failure
                continue;
            }
            if (out_ < 0) return fail("exited before it was ready", printed + out_text, true);
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                deadline - std::chrono::steady_clock::now());
            if (left.count() <= 0)
                return fail(
                    "printed no ready line within " + std::to_string(options_.start_timeout.count()) + " ms",
                    printed + out_text);
            pollfd fds[2] = {{out_, POLLIN, 0}, {err_, POLLIN, 0}};
            const int ready = ::poll(fds, err_ >= 0 ? 2 : 1, static_cast<int>(left.count()));
            if (ready < 0 && errno != EINTR)
                return fail(std::string("poll failed: ") + std::strerror(errno), printed);
            if (ready <= 0) continue;
            if (fds[0].revents) {
                const ssize_t n = read_some(out_, buffer, sizeof buffer);
                if (n > 0) {
                    out_text.append(buffer, static_cast<std::size_t>(n));
                } else {
                    close_fd(out_);  // end of stdout: the process is ending
                }
            }
            if (err_ >= 0 && fds[1].revents) read_stderr();
        }
    }

    void take_ready_line(const std::string& line) {
        base_url_ = line.substr(ready_prefix.size());
        // http://HOST:PORT, HOST possibly [v6]
        const std::size_t scheme = base_url_.find("://");
        const std::size_t colon = base_url_.rfind(':');
        if (scheme == std::string::npos || colon == std::string::npos || colon <= scheme + 3)
            return fail("printed a ready line this library does not understand: " + line, "");
        host_ = base_url_.substr(scheme + 3, colon - scheme - 3);
        if (host_.size() >= 2 && host_.front() == '[' && host_.back() == ']')
            host_ = host_.substr(1, host_.size() - 2);
        try {
            port_ = std::stoi(base_url_.substr(colon + 1));
        } catch (const std::exception&) {
            return fail("printed a ready line this library does not understand: " + line, "");
        }
    }

    // Ends a failed start: stops the child if it still runs, collects the rest of its stderr,
    // and throws with all of it.
    [[noreturn]] void fail(const std::string& what, const std::string& stray_stdout, bool ending = false) {
        std::optional<int> code;
        {
            std::lock_guard lock(process_mutex_);
            // A child that closed its stdout is on its way out: give it a moment to say why.
            exit_code_ = wait_for_exit(pid_, std::chrono::milliseconds(ending ? 2000 : 0));
            if (!exit_code_) {
                ::kill(pid_, SIGKILL);
                exit_code_ = wait_for_exit(pid_, std::chrono::minutes(1));
            }
            code = exit_code_;
        }
        // The child is gone, so its end of the pipe is closed: read to the end (bounded, in
        // case a grandchild holds it).
        char buffer[4096];
        while (err_ >= 0) {
            pollfd fd{err_, POLLIN, 0};
            const int ready = ::poll(&fd, 1, 1000);
            if (ready < 0 && errno == EINTR) continue;
            const ssize_t n = ready > 0 ? read_some(err_, buffer, sizeof buffer) : 0;
            if (n <= 0) break;
            std::lock_guard lock(log_mutex_);
            append_capped(log_, buffer, static_cast<std::size_t>(n), log_tail_bytes);
        }
        close_fd(err_);
        close_fd(out_);

        std::string output = log() + stray_stdout;
        const std::string scenario_name = temp_path_.empty() ? options_.scenario_file : "scenario_text";
        replace_all(output, temp_path_, "scenario_text");  // the file is about to go; name its origin
        std::vector<std::string> problems;
        std::size_t start = 0;
        while (start < output.size()) {
            const std::size_t end = std::min(output.find('\n', start), output.size());
            const std::string line = output.substr(start, end - start);
            if (!scenario_name.empty() && line.compare(0, scenario_name.size() + 1, scenario_name + ":") == 0)
                problems.push_back(line);
            start = end + 1;
        }
        std::string message = "connectel-sim " + what;
        if (code && ending) message += " (" + describe_exit(*code) + ")";
        std::string command = shell_words(argv_);
        replace_all(command, temp_path_, "scenario_text");
        message += "\n  command: " + command;
        if (options_.stderr_mode != StderrMode::Capture)
            message += "\n  (stderr is not captured: StderrMode::Capture shows it here)";
        if (!output.empty()) {
            message += "\n  it printed:";
            std::size_t from = 0;
            while (from < output.size()) {
                const std::size_t end = std::min(output.find('\n', from), output.size());
                message += "\n    " + output.substr(from, end - from);
                from = end + 1;
            }
        }
        throw SimulatorError(message, output, std::move(problems), code);
    }

    // One read of the child's stderr into the log's tail; closes the pipe at its end.
    void read_stderr() {
        char buffer[4096];
        const ssize_t n = read_some(err_, buffer, sizeof buffer);
        if (n <= 0) {
            close_fd(err_);
            return;
        }
        std::lock_guard lock(log_mutex_);
        append_capped(log_, buffer, static_cast<std::size_t>(n), log_tail_bytes);
    }

    // After the ready line: keeps reading both pipes so that the child never blocks on a full
    // one (its info log is a line per request), keeping stderr's tail, until both end or
    // terminate() wakes it.
    void drain() {
        char buffer[4096];
        bool woken = false;
        while (out_ >= 0 || err_ >= 0) {
            // Once woken, the child is gone: take what is left in the pipes, without waiting.
            pollfd fds[3] = {{woken ? -1 : wake_read_, POLLIN, 0}, {out_, POLLIN, 0}, {err_, POLLIN, 0}};
            const int ready = ::poll(fds, 3, woken ? 0 : -1);  // poll skips the entries whose fd is -1
            if (ready < 0) {
                if (errno == EINTR) continue;
                break;
            }
            if (ready == 0) break;
            if (fds[0].revents) woken = true;
            if (fds[1].revents && read_some(out_, buffer, sizeof buffer) <= 0) close_fd(out_);
            if (fds[2].revents) read_stderr();
        }
    }

    SimulatorOptions options_;
    std::vector<std::string> argv_;
    std::string temp_path_;
    pid_t pid_ = -1;
    std::string host_, base_url_;
    int port_ = -1;

    // Before the ready line these are read by the starting thread; after it, by the drain
    // thread only, until terminate() has joined it.
    int out_ = -1, err_ = -1;
    int wake_read_ = -1, wake_write_ = -1;
    std::thread drainer_;

    std::mutex process_mutex_;  // guards exit_code_ (reaping happens once, under it)
    std::optional<int> exit_code_;
    mutable std::mutex log_mutex_;  // guards log_, appended by the drain thread
    std::string log_;
};

}  // namespace detail

// connectel-sim started as a child process for a test: `--port 0`, a virtual clock by
// default, a scenario from a file or from text; ready when the constructor returns.
//
//     connectel::testing::SimulatorOptions options;
//     options.scenario_text = R"({"name": "t", "lifecycle": [{"after": "1s", "status": "DELIVRD"}]})";
//     connectel::testing::SimulatorProcess sim(options);
//     // ... send to sim.base_url() ...
//     sim.advance("1s");  // returns once every status change and callback due has run
//
// The destructor stops it (SIGTERM; SIGKILL after options.stop_timeout) and reaps it. Control
// calls may come from several threads (cpp-httplib's client serialises them); start, stop and
// moves belong to one. A moved-from SimulatorProcess may only be destroyed or assigned to.
class SimulatorProcess {
public:
    explicit SimulatorProcess(SimulatorOptions options = {})
        : child_(std::make_unique<detail::SimulatorChild>(std::move(options))) {
        child_->start();  // on a throw, child_'s destructor reaps the child and removes the file
        client_ = std::make_unique<httplib::Client>(child_->host(), child_->port());
        const auto timeout = child_->options().request_timeout;
        client_->set_connection_timeout(std::chrono::duration_cast<std::chrono::microseconds>(timeout));
        client_->set_read_timeout(std::chrono::duration_cast<std::chrono::microseconds>(timeout));
        client_->set_write_timeout(std::chrono::duration_cast<std::chrono::microseconds>(timeout));
        client_->set_tcp_nodelay(true);  // a request goes out in pieces; Nagle would hold one back
    }
    SimulatorProcess(SimulatorProcess&&) noexcept = default;
    SimulatorProcess& operator=(SimulatorProcess&&) noexcept = default;
    SimulatorProcess(const SimulatorProcess&) = delete;
    SimulatorProcess& operator=(const SimulatorProcess&) = delete;
    ~SimulatorProcess() = default;  // the client first, then the child (terminate)

    // "http://127.0.0.1:PORT", from the ready line.
    const std::string& base_url() const { return child().base_url(); }
    const std::string& host() const { return child().host(); }
    int port() const { return child().port(); }
    pid_t pid() const { return child().pid(); }
    // The tail (256 KiB) of what it wrote to stderr, with StderrMode::Capture.
    std::string log() const { return child().log(); }
    bool running() { return !child().exited().has_value(); }
    // Stops it now: SIGTERM, SIGKILL after the stop timeout. Returns the exit code (0 for a
    // clean stop; -N when killed by signal N). Idempotent.
    int stop() { return child().terminate(); }

    // POST /_sim/clock/advance: moves the virtual clock and returns once every lifecycle step
    // and callback attempt due in that window has run. `by` is "250ms", "5s", "48h"...
    nlohmann::json advance(const std::string& by) { return post("/_sim/clock/advance", {{"by", by}}); }
    template <typename Rep, typename Period>
    nlohmann::json advance(std::chrono::duration<Rep, Period> by) {
        return advance(std::to_string(std::chrono::duration_cast<std::chrono::microseconds>(by).count()) +
                       "us");
    }
    // GET /_sim/clock: {"clock", "speed", "now", "pending"}.
    nlohmann::json clock() { return get("/_sim/clock"); }

    // POST /_sim/inbound: an inbound SMS now, to the token listing `to`; returns it.
    nlohmann::json inbound(const std::string& from, const std::string& to, const std::string& message) {
        return post("/_sim/inbound", {{"from", from}, {"to", to}, {"message", message}});
    }
    // GET /_sim/inbound: every inbound SMS kept that `filter` accepts, oldest first (page after page).
    nlohmann::json inbound_messages(const InboundFilter& filter = {}) {
        return every_page("/_sim/inbound" + query_of(filter), "inbound", "requestid");
    }

    // GET /_sim/messages: the stored messages (an array), oldest first (page after page).
    nlohmann::json messages(const MessageFilter& filter = {}) {
        return every_page("/_sim/messages" + query_of(filter), "messages", "requestid");
    }

    // Waits, in the simulator (no polling, and a virtual clock does not move), until at least
    // `min` stored messages match `filter`, then returns them (an array, oldest first; at most
    // 1,000). Throws WaitTimedOut when `timeout` (at most 60 s) ends first. With
    // filter.status, they are the messages whose status is that one now.
    template <typename Rep, typename Period>
    nlohmann::json wait_for_messages(const MessageFilter& filter, std::chrono::duration<Rep, Period> timeout,
                                     std::size_t min = 1) {
        return wait_for_items("/_sim/messages" + query_of(filter), "messages", "message", min, timeout);
    }
    // The first message `filter` matches, once there is one.
    template <typename Rep, typename Period>
    nlohmann::json wait_for_message(const MessageFilter& filter, std::chrono::duration<Rep, Period> timeout) {
        return wait_for_messages(filter, timeout).at(0);
    }
    // Likewise for inbound SMS (GET /_sim/inbound) and callback attempts (GET /_sim/callbacks).
    template <typename Rep, typename Period>
    nlohmann::json wait_for_inbound(const InboundFilter& filter, std::chrono::duration<Rep, Period> timeout,
                                    std::size_t min = 1) {
        return wait_for_items("/_sim/inbound" + query_of(filter), "inbound", "inbound SMS", min, timeout);
    }
    template <typename Rep, typename Period>
    nlohmann::json wait_for_callbacks(const CallbackFilter& filter, std::chrono::duration<Rep, Period> timeout,
                                      std::size_t min = 1) {
        return wait_for_items("/_sim/callbacks" + query_of(filter), "callbacks", "callback attempt", min, timeout);
    }
    // GET /_sim/callbacks: every callback attempt kept that `filter` accepts (an array), in the
    // order they finished.
    nlohmann::json callbacks(const CallbackFilter& filter = {}) {
        return every_page("/_sim/callbacks" + query_of(filter), "callbacks", "id");
    }
    // GET /_sim/requests: the journal of gateway requests (an array), token masked.
    nlohmann::json requests() { return every_page("/_sim/requests", "requests", "id"); }

    // POST /_sim/messages/{requestid}/status: a transition now; returns the message.
    nlohmann::json force_status(const std::string& requestid, const std::string& status,
                                const std::string& desc = "") {
        return post("/_sim/messages/" + connectel::form::encode_component(requestid) + "/status",
                    {{"status", status}, {"desc", desc}});
    }
    nlohmann::json force_status(const std::string& requestid, Status status, const std::string& desc = "") {
        return force_status(requestid, std::string(status_str(status)), desc);
    }

    // POST /_sim/reset: forgets messages, journal and callbacks; keeps the scenario.
    void reset() { post("/_sim/reset", nlohmann::json::object()); }
    // POST /_sim/reset?token=: forgets one token's messages, inbound SMS, callbacks and journal
    // entries, and what they still awaited; the other tokens' go on. For tests that share one
    // simulator, each with a token of its own. Returns {"tokenid", "forgotten": {...}}.
    nlohmann::json reset_token(const std::string& token) {
        return post("/_sim/reset" + query_of({{"token", token}}), nlohmann::json::object());
    }

    // GET /_sim/tokens: where each token's callbacks go ({"open", "tokens": [...]}).
    nlohmann::json tokens() { return get("/_sim/tokens"); }
    // PUT /_sim/tokens?token=: `token`'s own callback settings, as a scenario's tokens[] entry
    // has them ({"dlr": {"url", "format"}, "inbound": {"url", "format", "numbers"}}), from now
    // on; `{}` for the command line's. A token the scenario does not list may be set before its
    // first send. Returns the token as GET /_sim/tokens shows it, with its id.
    nlohmann::json set_token(const std::string& token, const nlohmann::json& settings) {
        const std::string text = settings.dump();
        return call("PUT", "/_sim/tokens" + query_of({{"token", token}}), &text);
    }

    // PUT /_sim/scenario: loads a scenario (a file's text). An invalid one throws
    // SimulatorError with problems() as "body:LINE:COL: message".
    nlohmann::json load_scenario(const std::string& text) { return call("PUT", "/_sim/scenario", &text); }
    // GET /_sim/scenario: the scenario running.
    nlohmann::json scenario() { return get("/_sim/scenario"); }

    // Any control call, for what the methods above do not cover; the parsed answer.
    nlohmann::json get(const std::string& path) { return call("GET", path, nullptr); }
    nlohmann::json post(const std::string& path, const nlohmann::json& body) {
        const std::string text = body.dump();
        return call("POST", path, &text);
    }

private:
    // "?name=value&..." of the non-empty values, each encoded.
    static std::string query_of(std::initializer_list<std::pair<const char*, std::string>> fields) {
        std::string query;
        for (const auto& [name, value] : fields)
            if (!value.empty())
                query += (query.empty() ? "?" : "&") + std::string(name) + "=" + connectel::form::encode_component(value);
        return query;
    }
    static std::string query_of(const MessageFilter& filter) {
        return query_of({{"recipient", filter.recipient},
                         {"status", filter.status},
                         {"bulkid", filter.bulkid},
                         {"tokenid", filter.tokenid},
                         {"sender", filter.sender},
                         {"token", filter.token}});
    }
    static std::string query_of(const InboundFilter& filter) {
        return query_of({{"from", filter.from}, {"to", filter.to}, {"tokenid", filter.tokenid}, {"token", filter.token}});
    }
    static std::string query_of(const CallbackFilter& filter) {
        return query_of({{"kind", filter.kind},
                         {"requestid", filter.requestid},
                         {"url", filter.url},
                         {"failed", filter.failed ? "true" : ""},
                         {"tokenid", filter.tokenid},
                         {"token", filter.token}});
    }

    // One GET of `path` with wait= and min=, on a connection of its own (the wait holds it, and
    // other threads' calls go on meanwhile), read for as long as the wait may last.
    template <typename Rep, typename Period>
    nlohmann::json wait_for_items(const std::string& path, const char* items_key, const char* noun, std::size_t min,
                                  std::chrono::duration<Rep, Period> timeout) {
        const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(timeout);
        if (wait < std::chrono::milliseconds(0) || wait > std::chrono::seconds(60))
            throw SimulatorError("a wait lasts from 0 to 60 s, not " + std::to_string(wait.count()) + " ms");
        if (min < 1 || min > 1000) throw SimulatorError("a wait is for 1 to 1,000 items, not " + std::to_string(min));
        const std::string waited = path + (path.find('?') == std::string::npos ? "?" : "&") +
                                   "limit=1000&wait=" + std::to_string(wait.count()) + "ms&min=" + std::to_string(min);
        httplib::Client client(child().host(), child().port());
        const auto read_for = wait + child().options().request_timeout;
        client.set_read_timeout(std::chrono::duration_cast<std::chrono::microseconds>(read_for));
        client.set_connection_timeout(
            std::chrono::duration_cast<std::chrono::microseconds>(child().options().request_timeout));
        client.set_tcp_nodelay(true);
        nlohmann::json page = call_on(client, "GET", waited, nullptr);
        if (!page.value("timedOut", false)) return std::move(page.at(items_key));
        const nlohmann::json& clock = page["clock"];
        std::string message = "waited " + std::to_string(wait.count()) + " ms for " + std::to_string(min) + " " +
                              noun + (min == 1 ? "" : "s") + " (GET " + path + "), found " +
                              std::to_string(page.at(items_key).size());
        if (clock.value("clock", "") == "virtual")
            message += "; the virtual clock stands at " + clock.value("now", "") + " with " +
                       std::to_string(clock.value("pending", 0)) + " steps pending: advance() it?";
        throw WaitTimedOut(message, std::move(page.at(items_key)), clock);
    }

    // A list's items, oldest first, over as many pages as it takes (a page has at most 1,000).
    nlohmann::json every_page(const std::string& path, const char* items_key, const char* cursor_key) {
        const std::string first = path + (path.find('?') == std::string::npos ? "?" : "&") + "limit=1000";
        nlohmann::json items = nlohmann::json::array();
        for (std::string page_path = first;;) {
            nlohmann::json page = get(page_path);
            for (auto& item : page.at(items_key)) items.push_back(std::move(item));
            if (!page.value("more", false) || items.empty()) return items;
            const nlohmann::json& cursor = items.back().at(cursor_key);
            page_path = first + "&after=" +
                        connectel::form::encode_component(cursor.is_string() ? cursor.get<std::string>() : cursor.dump());
        }
    }

    detail::SimulatorChild& child() const {
        if (!child_) throw SimulatorError("SimulatorProcess: used after it was moved from");
        return *child_;
    }

    nlohmann::json call(const std::string& method, const std::string& path, const std::string* body) {
        child();
        return call_on(*client_, method, path, body);
    }

    nlohmann::json call_on(httplib::Client& client, const std::string& method, const std::string& path,
                           const std::string* body) {
        httplib::Result res = method == "GET"   ? client.Get(path)
                              : method == "PUT" ? client.Put(path, *body, "application/json")
                                                : client.Post(path, *body, "application/json");
        const std::string what = method + " " + path;
        if (!res) {
            std::string message =
                "connectel-sim did not answer " + what + ": " + httplib::to_string(res.error());
            // A refused connection may come a moment before the dying process can be reaped.
            const auto code = child().exited(std::chrono::milliseconds(200));
            if (code) message += " (it has exited: " + detail::describe_exit(*code) + ")";
            throw SimulatorError(message, child().log(), {}, code);
        }
        nlohmann::json answer = nlohmann::json::parse(res->body, nullptr, false);
        if (res->status >= 200 && res->status < 300 && !answer.is_discarded()) return answer;

        std::string message = "connectel-sim answered " + what + " with HTTP " + std::to_string(res->status);
        std::vector<std::string> problems;
        if (!answer.is_discarded() && answer.is_object() && answer.contains("error") &&
            answer["error"].is_object()) {
            const auto& error = answer["error"];
            message +=
                " " + error.value("code", std::string()) + ": " + error.value("message", std::string());
            if (const auto list = error.find("problems"); list != error.end() && list->is_array())
                for (const auto& problem : *list)
                    if (problem.is_string()) problems.push_back(problem.get<std::string>());
        } else {
            message += ": " + res->body.substr(0, 500);
        }
        for (const auto& problem : problems) message += "\n  " + problem;
        throw SimulatorError(message, {}, std::move(problems), std::nullopt, res->status);
    }

    // Declared in this order so that the client goes first when destroyed.
    std::unique_ptr<detail::SimulatorChild> child_;
    std::unique_ptr<httplib::Client> client_;
};

}  // namespace connectel::testing
