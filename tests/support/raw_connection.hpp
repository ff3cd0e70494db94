// A TCP connection to 127.0.0.1 that sends exactly the bytes it is given: for requests no HTTP
// client would send (slow heads, bad lengths, pipelining, a half-close) and for holding many
// connections open at once.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace connectel_tests {

struct RawResponse {
    int status = 0;
    std::string head;  // status line and headers
    std::string body;
};

class RawConnection {
public:
    explicit RawConnection(int port) : fd_(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
        if (fd_ < 0) throw std::runtime_error("socket() failed (out of descriptors?)");
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(static_cast<std::uint16_t>(port));
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
            ::close(fd_);
            throw std::runtime_error("connect() to 127.0.0.1 failed");
        }
    }
    ~RawConnection() { ::close(fd_); }
    RawConnection(const RawConnection&) = delete;
    RawConnection& operator=(const RawConnection&) = delete;

    void send(std::string_view bytes) {
        while (!bytes.empty()) {
            const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
            if (n <= 0) throw std::runtime_error("send() failed: the simulator closed the connection");
            bytes.remove_prefix(static_cast<std::size_t>(n));
        }
    }
    // No more requests from this side; answers can still be read.
    void half_close() { ::shutdown(fd_, SHUT_WR); }

    // The next whole response (its body by Content-Length, else to the connection's end), or
    // nothing when none came within `timeout`.
    std::optional<RawResponse> read_response(std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        std::size_t head_end;
        while ((head_end = buffer_.find("\r\n\r\n")) == std::string::npos)
            if (!fill(deadline)) return std::nullopt;
        RawResponse response;
        response.head = buffer_.substr(0, head_end + 2);
        response.status = std::atoi(response.head.c_str() + 9);
        const std::size_t length_at = lowercase(response.head).find("\r\ncontent-length:");
        if (length_at == std::string::npos) {
            while (fill(deadline)) {
            }
            response.body = buffer_.substr(head_end + 4);
            buffer_.clear();
            return response;
        }
        const std::size_t length = std::strtoul(response.head.c_str() + length_at + 17, nullptr, 10);
        while (buffer_.size() < head_end + 4 + length)
            if (!fill(deadline)) return std::nullopt;
        response.body = buffer_.substr(head_end + 4, length);
        buffer_.erase(0, head_end + 4 + length);
        return response;
    }

    // The simulator closed the connection (within `timeout`), with nothing more to read.
    bool closed_by_peer(std::chrono::milliseconds timeout) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (fill(deadline)) {
        }
        return eof_;
    }

private:
    static std::string lowercase(std::string text) {
        for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return text;
    }
    // Reads once, waiting until the deadline; false at the deadline or the connection's end.
    bool fill(std::chrono::steady_clock::time_point deadline) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        pollfd p{fd_, POLLIN, 0};
        if (left.count() <= 0 || ::poll(&p, 1, static_cast<int>(left.count())) <= 0) return false;
        char chunk[16384];
        const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
        if (n <= 0) {
            eof_ = true;
            return false;
        }
        buffer_.append(chunk, static_cast<std::size_t>(n));
        return true;
    }

    int fd_;
    std::string buffer_;
    bool eof_ = false;
};

// Lets this process open as many descriptors as the system allows it (tests that hold
// thousands of connections, both their ends in one process).
inline void raise_open_file_limit() {
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return;
    limit.rlim_cur = limit.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &limit);
}

}  // namespace connectel_tests
