#include "http/transport/connection.hpp"

#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

namespace sim::http::transport {

namespace {

constexpr std::size_t read_chunk = 16 * 1024;

// Numeric, as cpp-httplib formats addresses, so that they compare with what it reports.
void describe(const sockaddr_storage& address, socklen_t length, std::string& ip, int& port) {
    char host[NI_MAXHOST];
    char service[NI_MAXSERV];
    if (::getnameinfo(reinterpret_cast<const sockaddr*>(&address), length, host, sizeof host, service,
                      sizeof service, NI_NUMERICHOST | NI_NUMERICSERV) != 0)
        return;
    ip = host;
    port = std::atoi(service);
}

bool iequals_prefix(std::string_view text, std::string_view prefix) {
    return text.size() >= prefix.size() && std::equal(prefix.begin(), prefix.end(), text.begin(), [](char p, char t) {
               return p == std::tolower(static_cast<unsigned char>(t));
           });
}

// Whether a response head says `Connection: close`.
bool says_close(std::string_view head) {
    for (std::size_t at = head.find("\r\n"); at != std::string_view::npos; at = head.find("\r\n", at + 2)) {
        const std::string_view line = head.substr(at + 2);
        if (iequals_prefix(line, "connection:")) {
            std::string_view value = line.substr(11, line.find("\r\n") - 11);
            while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
            return iequals_prefix(value, "close");
        }
    }
    return false;
}

// A final answer's head (not an interim `100 Continue`, which must go out at once).
bool is_final_head(std::string_view bytes) {
    return bytes.size() > 12 && bytes.compare(0, 9, "HTTP/1.1 ") == 0 && bytes[9] != '1' &&
           bytes.substr(bytes.size() - 4) == "\r\n\r\n";
}

}  // namespace

// cpp-httplib's view of the connection: reads come from the buffer first, so bytes read ahead
// (a pipelined request) are never lost between requests, as they are with its own stream.
class Connection::Stream final : public httplib::Stream {
public:
    Stream(Connection& connection, const Timeouts& timeouts) : c_(connection), timeouts_(timeouts) {}

    bool is_readable() const override { return c_.buffered() > 0 || c_.wait_for(POLLIN, timeouts_.read); }

    // Writable, and the client still there: an event stream asks this between its waits to
    // notice a client that has gone. Plain answers are written without asking, so a client that
    // half-closes after its request still gets its answer.
    bool is_writable() const override {
        if (!c_.held_head_.empty() && !c_.send_all(std::exchange(c_.held_head_, {}), {}, timeouts_)) return false;
        pollfd p{c_.fd_, POLLOUT | POLLRDHUP, 0};
        const int ready = ::poll(&p, 1, static_cast<int>(timeouts_.write.count()));
        return ready > 0 && (p.revents & (POLLRDHUP | POLLHUP | POLLERR)) == 0 && (p.revents & POLLOUT);
    }

    ssize_t read(char* ptr, std::size_t size) override {
        while (c_.buffered() == 0) {
            if (!c_.wait_for(POLLIN, timeouts_.read)) return -1;
            const long n = c_.read_some(read_chunk);
            if (n == 0) return 0;
        }
        const std::size_t n = std::min(size, c_.buffered());
        std::memcpy(ptr, c_.data_.data() + c_.begin_, n);
        c_.begin_ += n;
        return static_cast<ssize_t>(n);
    }

    ssize_t write(const char* ptr, std::size_t size) override {
        const std::string_view bytes(ptr, size);
        if (c_.keeping_answers_) c_.answered_.append(bytes);
        if (!c_.answer_started_ && is_final_head(bytes)) {
            c_.answer_started_ = true;
            c_.close_requested_ = c_.close_requested_ || says_close(bytes);
            c_.held_head_.assign(bytes);
            return static_cast<ssize_t>(size);
        }
        const bool sent = c_.send_all(c_.held_head_, bytes, timeouts_);
        c_.held_head_.clear();
        return sent ? static_cast<ssize_t>(size) : -1;
    }

    void get_remote_ip_and_port(std::string& ip, int& port) const override {
        ip = c_.remote_ip_;
        port = c_.remote_port_;
    }
    void get_local_ip_and_port(std::string& ip, int& port) const override {
        ip = c_.local_ip_;
        port = c_.local_port_;
    }
    socket_t socket() const override { return c_.fd_; }

private:
    Connection& c_;
    const Timeouts& timeouts_;
};

Connection::Connection(int fd, Clock::time_point now) : fd_(fd), request_began_(now), idle_since_(now) {
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    if (::getpeername(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0)
        describe(address, length, remote_ip_, remote_port_);
    length = sizeof address;
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0)
        describe(address, length, local_ip_, local_port_);
}

Connection::~Connection() { ::close(fd_); }

long Connection::read_some(std::size_t want) {
    if (data_.size() - end_ < want) {
        if (begin_ > 0) {  // move the unread bytes to the front first
            std::memmove(data_.data(), data_.data() + begin_, end_ - begin_);
            end_ -= begin_;
            request_end_ = request_end_ > begin_ ? request_end_ - begin_ : 0;
            begin_ = 0;
        }
        if (data_.size() - end_ < want) data_.resize(std::max(end_ + want, data_.size() * 2));
    }
    const ssize_t n = ::recv(fd_, data_.data() + end_, data_.size() - end_, MSG_DONTWAIT);
    if (n > 0) {
        end_ += static_cast<std::size_t>(n);
        return n;
    }
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) return -1;
    return 0;  // the peer's end, or a reset: either way nothing more comes
}

Connection::Progress Connection::advance(const FramingLimits& limits, Clock::time_point now) {
    for (;;) {
        if (buffered() > 0) {
            const bool head_was_complete = framing_.head_bytes > 0;
            framing_ = frame_request(std::string_view(data_).substr(begin_, buffered()), limits, scanned_);
            if (framing_.state == Framing::State::Rejected) return Progress::Rejected;
            if (!head_was_complete && framing_.head_bytes > 0) head_ended_ = now;
            if (framing_.state == Framing::State::Complete) {
                if (framing_.needs_empty_length) {
                    static constexpr std::string_view empty_length = "Content-Length: 0\r\n";
                    data_.insert(begin_ + framing_.head_bytes - 2, empty_length);
                    end_ += empty_length.size();
                    framing_.head_bytes += empty_length.size();
                    framing_.needs_empty_length = false;
                }
                request_end_ = begin_ + framing_.request_bytes();
                return Progress::Ready;
            }
        }
        std::size_t want = read_chunk;
        if (framing_.head_bytes > 0) want = std::max(want, framing_.request_bytes() - buffered());
        const bool was_empty = buffered() == 0;
        const long n = read_some(want);
        if (n < 0) return Progress::Waiting;
        if (n == 0) return Progress::Closed;
        if (was_empty) request_began_ = now;
    }
}

Clock::time_point Connection::deadline(const Timeouts& timeouts) const noexcept {
    if (!request_started()) return idle_since_ + timeouts.keep_alive;
    return framing_.head_bytes > 0 ? head_ended_ + timeouts.request : request_began_ + timeouts.request;
}

httplib::Stream& Connection::stream(const Timeouts& timeouts) {
    stream_ = std::make_unique<Stream>(*this, timeouts);
    answer_started_ = false;
    return *stream_;
}

void Connection::finish(Clock::time_point now) {
    ++served_;
    if (!framing_.body_streamed && begin_ < request_end_ && request_end_ <= end_) begin_ = request_end_;
    if (begin_ == end_) begin_ = end_ = 0;
    request_end_ = 0;
    scanned_ = 0;
    framing_ = {};
    held_head_.clear();
    idle_since_ = request_began_ = now;
}

std::string Connection::first_line(std::size_t limit) const {
    const std::string_view front = std::string_view(data_).substr(begin_, buffered());
    return std::string(front.substr(0, std::min({front.find("\r\n"), front.find('\n'), limit})));
}

void Connection::write_all(std::string_view bytes, const Timeouts& timeouts) { send_all(bytes, {}, timeouts); }

void Connection::release_buffer_if_empty() {
    if (buffered() == 0) {
        std::string().swap(data_);
        begin_ = end_ = 0;
    }
}

bool Connection::wait_for(short events, std::chrono::milliseconds timeout) const {
    pollfd p{fd_, events, 0};
    for (;;) {
        const int ready = ::poll(&p, 1, static_cast<int>(timeout.count()));
        if (ready < 0 && errno == EINTR) continue;
        return ready > 0;
    }
}

// Both pieces in one system call where the socket takes them; the rest as room appears.
bool Connection::send_all(std::string_view first, std::string_view second, const Timeouts& timeouts) {
    iovec pieces[2] = {{const_cast<char*>(first.data()), first.size()}, {const_cast<char*>(second.data()), second.size()}};
    std::size_t index = first.empty() ? 1 : 0;
    while (index < 2) {
        msghdr message{};
        message.msg_iov = pieces + index;
        message.msg_iovlen = 2 - index;
        const ssize_t n = ::sendmsg(fd_, &message, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n < 0) {
            if (errno == EINTR) continue;
            if ((errno == EAGAIN || errno == EWOULDBLOCK) && wait_for(POLLOUT, timeouts.write)) continue;
            return false;
        }
        std::size_t sent = static_cast<std::size_t>(n);
        while (index < 2 && sent >= pieces[index].iov_len) sent -= pieces[index++].iov_len;
        if (index < 2) {
            pieces[index].iov_base = static_cast<char*>(pieces[index].iov_base) + sent;
            pieces[index].iov_len -= sent;
        }
    }
    return true;
}

}  // namespace sim::http::transport
