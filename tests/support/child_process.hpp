// A program started in the background with its stdout and stderr piped: the tests read its
// ready line, talk to it, signal it, and collect its exit status. Started by testing.hpp's
// spawn_process, the one launcher of the library, the tests and the benchmarks.
#pragma once

#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "connectel/testing.hpp"

namespace connectel_tests {

class ChildProcess {
public:
    ChildProcess(const std::string& program, const std::vector<std::string>& args) {
        std::vector<std::string> argv{program};
        argv.insert(argv.end(), args.begin(), args.end());
        const auto child = connectel::testing::spawn_process(argv);
        pid_ = child.pid;
        out_ = child.out;
        err_ = child.err;
    }
    ~ChildProcess() {
        if (!exit_code_) {
            ::kill(pid_, SIGKILL);
            connectel::testing::wait_for_exit(pid_, std::chrono::minutes(1));
        }
        ::close(out_);
        ::close(err_);
    }
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;

    // The next line of stdout, without its newline; throws after `timeout` or at end of output.
    std::string read_line(std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        for (;;) {
            if (const auto nl = buffer_.find('\n'); nl != std::string::npos) {
                std::string line = buffer_.substr(0, nl);
                buffer_.erase(0, nl + 1);
                return line;
            }
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline -
                                                                                    std::chrono::steady_clock::now());
            pollfd p{out_, POLLIN, 0};
            if (left.count() <= 0 || ::poll(&p, 1, static_cast<int>(left.count())) <= 0)
                throw std::runtime_error("no line from the child in time");
            char chunk[4096];
            const ssize_t n = ::read(out_, chunk, sizeof chunk);
            if (n <= 0) throw std::runtime_error("the child closed its output: " + read_all_stderr());
            buffer_.append(chunk, static_cast<std::size_t>(n));
        }
    }

    // Everything the child wrote to stderr until it closed it (call after it exited).
    std::string read_all_stderr() {
        std::string text;
        char chunk[4096];
        pollfd p{err_, POLLIN, 0};
        while (::poll(&p, 1, 2000) > 0) {
            const ssize_t n = ::read(err_, chunk, sizeof chunk);
            if (n <= 0) break;
            text.append(chunk, static_cast<std::size_t>(n));
        }
        return text;
    }

    void signal(int sig) { ::kill(pid_, sig); }

    // The exit code; -N when killed by signal N. Gives up (SIGKILL, returns -999) after `timeout`.
    int wait(std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
        exit_code_ = connectel::testing::wait_for_exit(pid_, timeout);
        if (exit_code_) return *exit_code_;
        ::kill(pid_, SIGKILL);
        exit_code_ = connectel::testing::wait_for_exit(pid_, std::chrono::minutes(1));
        return -999;
    }

private:
    pid_t pid_ = -1;
    int out_ = -1, err_ = -1;
    std::optional<int> exit_code_;  // once reaped
    std::string buffer_;
};

}  // namespace connectel_tests
