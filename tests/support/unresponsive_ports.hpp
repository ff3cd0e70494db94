// Receivers that never answer, on 127.0.0.1: a port that refuses connections, and one that
// accepts them and then says nothing (what a hung application behind a listening socket is).
#pragma once

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>
#include <string>

namespace connectel_tests {

namespace detail {

// A TCP socket bound to a free port of 127.0.0.1; its port through `port`.
inline int bound_loopback_socket(int& port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) throw std::runtime_error("socket() failed");
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
        ::close(fd);
        throw std::runtime_error("cannot bind a port of 127.0.0.1");
    }
    port = ntohs(address.sin_port);
    return fd;
}

}  // namespace detail

// A port nothing listens on (bound once, then released): a connection is refused at once.
inline int dead_port() {
    int port = 0;
    ::close(detail::bound_loopback_socket(port));
    return port;
}

// Listens but never accepts: the kernel completes up to `backlog` connections, takes what is
// written to them, and no answer ever comes, so a caller waits for its read timeout.
class SilentPort {
public:
    explicit SilentPort(int backlog = 128) : fd_(detail::bound_loopback_socket(port_)) {
        if (::listen(fd_, backlog) != 0) {
            ::close(fd_);
            throw std::runtime_error("listen() failed");
        }
    }
    ~SilentPort() { ::close(fd_); }
    SilentPort(const SilentPort&) = delete;
    SilentPort& operator=(const SilentPort&) = delete;

    std::string url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(port_) + path; }

private:
    int port_ = 0;
    int fd_;
};

}  // namespace connectel_tests
