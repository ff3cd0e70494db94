#include "receivers.hpp"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>

namespace soak {

namespace {

connectel::WebhookReceiverOptions receiver_options(std::size_t threads) {
    connectel::WebhookReceiverOptions options;
    options.threads = threads;
    options.listen_backlog = 1024;
    return options;
}

}  // namespace

RecordingReceiver::RecordingReceiver(const std::string& path, std::chrono::milliseconds answer_after,
                                     std::size_t threads)
    : server_(receiver_options(threads)), answer_after_(answer_after) {
    server_.on_dlr([this](const connectel::api::Dlr& dlr) {
        const auto arrived = std::chrono::system_clock::now();
        {
            std::lock_guard lock(mutex_);
            received_.receipts.push_back({dlr.requestid, dlr.status.text, arrived});
        }
        // A copy of its own per waiting thread, as shared_future asks.
        if (answer_after_.count() > 0) std::shared_future<void>(released_).wait_for(answer_after_);
    });
    server_.on_error([this](const connectel::CallbackProblem&, int, const connectel::CallbackRequest&) {
        std::lock_guard lock(mutex_);
        ++received_.unparsed;
    });
    server_.start();
    url_ = server_.url(path);
}

RecordingReceiver::~RecordingReceiver() {
    release();
    server_.stop();
}

Received RecordingReceiver::received() const {
    std::lock_guard lock(mutex_);
    return received_;
}

void RecordingReceiver::release() {
    std::call_once(release_once_, [this] { release_.set_value(); });
}

DeadPort::DeadPort(const std::string& path) : fd_(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (fd_ < 0 || ::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
        if (fd_ >= 0) ::close(fd_);
        throw std::runtime_error("cannot bind a port on 127.0.0.1 for the dead receiver");
    }
    url_ = "http://127.0.0.1:" + std::to_string(ntohs(address.sin_port)) + path;
}

DeadPort::~DeadPort() {
    ::close(fd_);
}

}  // namespace soak
