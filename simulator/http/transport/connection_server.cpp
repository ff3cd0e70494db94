#include "http/transport/connection_server.hpp"

#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <deque>
#include <stdexcept>

namespace sim::http::transport {

namespace {

// How long a worker keeps a keep-alive connection after answering, waiting for its next
// request on the same thread (no hand-over, no wake-up): a busy client's next request comes
// within microseconds; an idle one is handed to the event loop after this, or at once when
// another connection needs the thread.
constexpr std::chrono::milliseconds linger{1000};
constexpr std::chrono::milliseconds sweep_interval{100};

std::string_view reason_phrase(int status) {
    switch (status) {
        case 400: return "Bad Request";
        case 408: return "Request Timeout";
        case 413: return "Payload Too Large";
        case 431: return "Request Header Fields Too Large";
        case 501: return "Not Implemented";
        default: return "Error";
    }
}

int milliseconds_until(Clock::time_point when, Clock::time_point now) {
    if (when <= now) return 0;
    return static_cast<int>(std::chrono::ceil<std::chrono::milliseconds>(when - now).count());
}

void signal(int eventfd) {
    const std::uint64_t one = 1;
    [[maybe_unused]] const auto written = ::write(eventfd, &one, sizeof one);
}

}  // namespace

ConnectionServer::ConnectionServer(ServerLimits limits, Process process, Reject reject)
    : limits_(std::move(limits)),
      process_(std::move(process)),
      reject_(std::move(reject)),
      wake_fd_(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)),
      pool_(limits_.max_threads, [this](std::unique_ptr<Connection> connection) { serve(std::move(connection)); }) {
    if (wake_fd_ < 0) throw std::runtime_error("cannot create an eventfd for the server");
}

ConnectionServer::~ConnectionServer() {
    stop();
    pool_.stop();
    if (listen_fd_ >= 0) ::close(listen_fd_);
    ::close(wake_fd_);
}

int ConnectionServer::bind(const std::string& host, int port) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    addrinfo* found = nullptr;
    const std::string service = std::to_string(port);
    if (::getaddrinfo(host.c_str(), service.c_str(), &hints, &found) != 0) found = nullptr;
    for (addrinfo* at = found; at && listen_fd_ < 0; at = at->ai_next) {
        const int fd = ::socket(at->ai_family, at->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, at->ai_protocol);
        if (fd < 0) continue;
        int yes = 1, no = 0;
        ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
        if (at->ai_family == AF_INET6) ::setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &no, sizeof no);
        if (::bind(fd, at->ai_addr, at->ai_addrlen) == 0 && ::listen(fd, limits_.listen_backlog) == 0) {
            listen_fd_ = fd;
        } else {
            ::close(fd);
        }
    }
    if (found) ::freeaddrinfo(found);
    if (listen_fd_ < 0) return -1;
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&address), &length);
    return address.ss_family == AF_INET6 ? ntohs(reinterpret_cast<sockaddr_in6&>(address).sin6_port)
                                         : ntohs(reinterpret_cast<sockaddr_in&>(address).sin_port);
}

// The event loop: every connection not on a worker, in one epoll set, each armed for one event
// at a time (EPOLLONESHOT), so a connection is never read by the loop and a worker at once.
class ConnectionServer::Loop {
public:
    explicit Loop(ConnectionServer& server) : server_(server), epoll_(::epoll_create1(EPOLL_CLOEXEC)) {
        if (epoll_ < 0) throw std::runtime_error("cannot create an epoll set");
        watch(server_.listen_fd_, EPOLLIN, EPOLL_CTL_ADD);
        watch(server_.wake_fd_, EPOLLIN, EPOLL_CTL_ADD);
    }
    ~Loop() {
        waiting_.clear();
        ::close(epoll_);
    }

    void run() {
        epoll_event events[256];
        Clock::time_point next_sweep = Clock::now() + sweep_interval;
        while (!server_.stopping_) {
            const int ready = ::epoll_wait(epoll_, events, 256, static_cast<int>(sweep_interval.count()));
            const Clock::time_point now = Clock::now();
            for (int i = 0; i < ready; ++i) {
                const int fd = events[i].data.fd;
                if (fd == server_.listen_fd_) {
                    accept_all(now);
                } else if (fd == server_.wake_fd_) {
                    take_handed_back();
                } else {
                    on_readable(fd, now);
                }
            }
            if (now >= next_sweep) {
                sweep(now);
                next_sweep = now + sweep_interval;
            }
        }
        for (auto& [fd, connection] : waiting_) server_.close(std::move(connection));
        waiting_.clear();
    }

private:
    void watch(int fd, std::uint32_t events, int operation) {
        epoll_event event{};
        event.events = events;
        event.data.fd = fd;
        ::epoll_ctl(epoll_, operation, fd, &event);
    }
    void arm(const Connection& connection, int operation) {
        watch(connection.fd(), EPOLLIN | EPOLLRDHUP | EPOLLONESHOT, operation);
    }

    void accept_all(Clock::time_point now) {
        for (;;) {
            admit_waiting();
            // At the cap, a newcomer waits, unread, until a connection can be closed for it;
            // those on workers come back to the loop within a linger. Later ones wait in the
            // listen backlog meanwhile.
            if (!admission_.empty()) return pause_accepting(now);
            const int fd = ::accept4(server_.listen_fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
            if (fd < 0) {
                if ((errno == EMFILE || errno == ENFILE) && evict()) continue;
                if (errno == EMFILE || errno == ENFILE) pause_accepting(now);
                return;  // EAGAIN: all taken
            }
            int yes = 1;
            ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
            admission_.push_back(std::make_unique<Connection>(fd, now));
        }
    }

    void admit_waiting() {
        while (!admission_.empty() && (server_.open_.load() < server_.limits_.max_connections || evict())) {
            auto connection = std::move(admission_.front());
            admission_.pop_front();
            ++server_.open_;
            arm(*connection, EPOLL_CTL_ADD);
            const int fd = connection->fd();
            waiting_.emplace(fd, std::move(connection));
        }
    }

    // Out of descriptors or at the cap: listen again at the next sweep rather than spin.
    void pause_accepting(Clock::time_point now) {
        watch(server_.listen_fd_, 0, EPOLL_CTL_MOD);
        accept_paused_until_ = now + sweep_interval;
    }

    // Closes the connection that costs the others least: the longest idle, else the one that has
    // been sending its request for longest. False when every connection is on a worker.
    bool evict() {
        auto victim = waiting_.end();
        for (auto it = waiting_.begin(); it != waiting_.end(); ++it) {
            if (victim == waiting_.end()) {
                victim = it;
                continue;
            }
            const Connection& a = *it->second;
            const Connection& b = *victim->second;
            if (a.request_started() != b.request_started()) {
                if (!a.request_started()) victim = it;
            } else if (a.deadline(server_.limits_.timeouts) < b.deadline(server_.limits_.timeouts)) {
                victim = it;
            }
        }
        if (victim == waiting_.end()) return false;
        server_.close(std::move(victim->second));
        waiting_.erase(victim);
        return true;
    }

    void take_handed_back() {
        std::uint64_t count;
        [[maybe_unused]] const auto read = ::read(server_.wake_fd_, &count, sizeof count);
        std::vector<std::unique_ptr<Connection>> connections;
        {
            std::lock_guard lock(server_.handed_back_mutex_);
            connections.swap(server_.handed_back_);
        }
        for (auto& connection : connections) {
            connection->release_buffer_if_empty();
            arm(*connection, EPOLL_CTL_MOD);
            const int fd = connection->fd();
            waiting_.emplace(fd, std::move(connection));
        }
        admit_waiting();
    }

    void on_readable(int fd, Clock::time_point now) {
        const auto it = waiting_.find(fd);
        if (it == waiting_.end()) return;
        Connection& connection = *it->second;
        switch (connection.advance(server_.limits_.framing, now)) {
            case Connection::Progress::Waiting:
                arm(connection, EPOLL_CTL_MOD);
                return;
            case Connection::Progress::Ready:
                server_.pool_.submit(std::move(it->second));
                break;
            case Connection::Progress::Rejected:
                server_.reject(connection, connection.rejection());
                server_.close(std::move(it->second));
                break;
            case Connection::Progress::Closed:
                server_.close(std::move(it->second));
                break;
        }
        waiting_.erase(it);
    }

    // Requests that did not arrive in time get a 408; idle connections past the keep-alive
    // timeout are closed without a word, as HTTP allows.
    void sweep(Clock::time_point now) {
        admit_waiting();
        if (admission_.empty() && accept_paused_until_ != Clock::time_point{} && now >= accept_paused_until_) {
            watch(server_.listen_fd_, EPOLLIN, EPOLL_CTL_MOD);
            accept_paused_until_ = {};
        }
        for (auto it = waiting_.begin(); it != waiting_.end();) {
            Connection& connection = *it->second;
            if (now < connection.deadline(server_.limits_.timeouts)) {
                ++it;
                continue;
            }
            if (connection.request_started()) server_.reject(connection, timed_out());
            server_.close(std::move(it->second));
            it = waiting_.erase(it);
        }
    }

    Framing timed_out() const {
        Framing framing;
        framing.status = 408;
        framing.message = "the request did not arrive within " +
                          std::to_string(server_.limits_.timeouts.request.count()) + " ms (--request-timeout)";
        return framing;
    }

    ConnectionServer& server_;
    const int epoll_;
    std::unordered_map<int, std::unique_ptr<Connection>> waiting_;
    std::deque<std::unique_ptr<Connection>> admission_;  // accepted at the cap: not read, not counted
    Clock::time_point accept_paused_until_{};
};

void ConnectionServer::run() {
    if (listen_fd_ < 0) throw std::logic_error("ConnectionServer::run before bind");
    {
        Loop loop(*this);
        loop.run();
        std::lock_guard lock(handed_back_mutex_);
        loop_gone_ = true;
        for (auto& connection : handed_back_) close(std::move(connection));
        handed_back_.clear();
    }
    pool_.stop();
}

void ConnectionServer::stop() {
    stopping_ = true;
    signal(wake_fd_);
}

void ConnectionServer::serve(std::unique_ptr<Connection> connection) {
    const Timeouts& timeouts = limits_.timeouts;
    Clock::time_point linger_until{};
    bool answered = false;  // the last step answered a request
    for (;;) {
        if (stopping_) return close(std::move(connection));
        // Straight after an answer the client has rarely sent more yet: wait before reading,
        // rather than spend a system call to learn that nothing is there.
        const bool skip_read = answered && !connection->has_unread_bytes();
        answered = false;
        switch (skip_read ? Connection::Progress::Waiting : connection->advance(limits_.framing, Clock::now())) {
            case Connection::Progress::Ready: {
                bool closed = false;
                const bool last = connection->requests_served() + 1 >= limits_.keep_alive_max_requests || stopping_;
                // Read before serving, which consumes the request.
                const std::string request_line = recorder_ ? connection->first_line(8192) : std::string();
                if (recorder_) connection->keep_answers();
                const bool ok = process_(connection->stream(timeouts), connection->request_began(), last, closed);
                if (recorder_) recorder_->record(request_line, connection->take_answered());
                const Clock::time_point now = Clock::now();
                connection->finish(now);
                if (!ok || closed || last || connection->close_requested()) return close(std::move(connection));
                linger_until = now + linger;
                answered = true;
                continue;
            }
            case Connection::Progress::Rejected:
                reject(*connection, connection->rejection());
                return close(std::move(connection));
            case Connection::Progress::Closed:
                return close(std::move(connection));
            case Connection::Progress::Waiting:
                break;
        }
        const Clock::time_point now = Clock::now();
        const Clock::time_point until = std::min(linger_until, connection->deadline(timeouts));
        if (pool_.under_pressure() || until <= now) return hand_back(std::move(connection));
        pollfd watched[2] = {{connection->fd(), POLLIN, 0}, {pool_.pressure_fd(), POLLIN, 0}};
        const int ready = ::poll(watched, 2, milliseconds_until(until, now));
        if (ready > 0 && watched[0].revents != 0) continue;  // bytes, or the peer's end: advance tells
        return hand_back(std::move(connection));
    }
}

void ConnectionServer::reject(Connection& connection, const Framing& framing) {
    Rejection rejection{framing.status,
                        framing.message,
                        framing.field,
                        connection.first_line(200),
                        connection.peer(),
                        Clock::now() - connection.request_began()};
    const std::string body = reject_(rejection);
    std::string response = "HTTP/1.1 " + std::to_string(framing.status) + " ";
    response += reason_phrase(framing.status);
    response += "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
                "\r\nConnection: close\r\n\r\n";
    response += body;
    connection.write_all(response, limits_.timeouts);
    if (recorder_) recorder_->record(rejection.request_line, response);
}

void ConnectionServer::close(std::unique_ptr<Connection> connection) {
    if (!connection) return;
    connection.reset();
    --open_;
}

void ConnectionServer::hand_back(std::unique_ptr<Connection> connection) {
    std::lock_guard lock(handed_back_mutex_);
    if (loop_gone_ || stopping_) return close(std::move(connection));
    handed_back_.push_back(std::move(connection));
    signal(wake_fd_);
}

}  // namespace sim::http::transport
