#include "event_reader.hpp"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <stdexcept>
#include <vector>

namespace soak {

EventReader::EventReader(int port) : fd_(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    constexpr std::string_view request =
        "GET /_sim/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n";
    if (fd_ < 0 || ::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        ::send(fd_, request.data(), request.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(request.size())) {
        if (fd_ >= 0) ::close(fd_);
        throw std::runtime_error("an event stream client could not connect to 127.0.0.1:" +
                                 std::to_string(port));
    }
    thread_ = std::thread([this] { read_stream(); });
}

EventReader::~EventReader() {
    if (thread_.joinable()) stop();
    ::close(fd_);
}

StreamFigures EventReader::stop() {
    stopping_ = true;
    ::shutdown(fd_, SHUT_RDWR);
    thread_.join();
    return figures_;
}

void EventReader::read_stream() {
    std::vector<char> buffer(256 * 1024);
    std::string head;  // the status line and headers, until the blank line
    for (ssize_t got; (got = ::recv(fd_, buffer.data(), buffer.size(), 0)) > 0;) {
        const std::string_view chunk(buffer.data(), static_cast<std::size_t>(got));
        if (figures_.http_status != 0) {
            take_body(chunk);
            continue;
        }
        head.append(chunk);
        const auto blank = head.find("\r\n\r\n");
        if (blank == std::string::npos) continue;
        take_head(std::string_view(head).substr(0, blank));
        take_body(std::string_view(head).substr(blank + 4));
    }
    figures_.ended_early = !stopping_;
}

void EventReader::take_body(std::string_view chunk) {
    figures_.bytes += chunk.size();
    lines_.feed(chunk, [this](std::string_view line) { take_line(line); });
}

void EventReader::take_head(std::string_view head) {
    // "HTTP/1.1 200 OK"
    const auto space = head.find(' ');
    const int status =
        space == std::string_view::npos ? 0 : std::atoi(std::string(head.substr(space + 1, 3)).c_str());
    figures_.http_status = status > 0 ? status : -1;  // -1: a head with no status in it
}

void EventReader::take_line(std::string_view line) {
    if (line.compare(0, 4, "id: ") == 0) {
        event_id_ = std::strtoull(std::string(line.substr(4)).c_str(), nullptr, 10);
    } else if (line == "event: resync") {
        event_is_resync_ = true;
    } else if (line.empty() && event_id_ != 0) {  // the blank line that ends an event
        if (last_id_ != 0 && event_id_ != last_id_ + 1) {
            if (event_is_resync_)
                figures_.dropped += event_id_ - last_id_;
            else
                ++figures_.silent_gaps;
        }
        if (event_is_resync_)
            ++figures_.resyncs;
        else
            ++figures_.events;
        last_id_ = event_id_;
        event_id_ = 0;
        event_is_resync_ = false;
    }
}

}  // namespace soak
