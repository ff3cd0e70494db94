// Runs a program to completion with the given arguments and standard input, capturing both
// output streams and the exit status: how the CLI tests use the binaries as a user would.
// Started by testing.hpp's spawn_process, the one launcher of the library and the tests.
#pragma once

#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

#include "connectel/testing.hpp"

namespace connectel_tests {

struct ProcessResult {
    int exit_code = -1;  // -N when killed by signal N
    std::string out;
    std::string err;
};

inline ProcessResult run_process(const std::string& program, const std::vector<std::string>& args,
                                 const std::string& input = {}) {
    using connectel::testing::Stdio;
    std::vector<std::string> argv{program};
    argv.insert(argv.end(), args.begin(), args.end());
    const auto child = connectel::testing::spawn_process(argv, input.empty() ? Stdio::Null : Stdio::Pipe);

    // Feed stdin and drain both outputs together, so a large output never blocks the child.
    ::signal(SIGPIPE, SIG_IGN);
    ProcessResult result;
    std::size_t written = 0;
    int stdin_fd = child.in;
    int outputs[2] = {child.out, child.err};
    while (outputs[0] >= 0 || outputs[1] >= 0) {
        pollfd fds[3] = {{outputs[0], POLLIN, 0}, {outputs[1], POLLIN, 0}, {stdin_fd, POLLOUT, 0}};
        if (::poll(fds, 3, -1) < 0) {  // poll skips the entries whose fd is -1
            if (errno == EINTR) continue;
            throw std::runtime_error("poll failed");
        }
        for (int i = 0; i < 2; ++i) {
            if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP))) continue;
            char buf[4096];
            const ssize_t n = ::read(fds[i].fd, buf, sizeof buf);
            if (n > 0) {
                (i == 0 ? result.out : result.err).append(buf, std::size_t(n));
            } else {
                ::close(outputs[i]);
                outputs[i] = -1;
            }
        }
        if (stdin_fd >= 0 && (fds[2].revents & (POLLOUT | POLLERR | POLLHUP))) {
            const ssize_t n = ::write(stdin_fd, input.data() + written, input.size() - written);
            if (n > 0) written += std::size_t(n);
            if (n <= 0 || written == input.size()) {
                ::close(stdin_fd);
                stdin_fd = -1;
            }
        }
    }
    if (stdin_fd >= 0) ::close(stdin_fd);
    result.exit_code = connectel::testing::wait_for_exit(child.pid, std::chrono::hours(1)).value_or(-1);
    return result;
}

}  // namespace connectel_tests
