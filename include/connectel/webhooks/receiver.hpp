// WebhookReceiver: a small HTTP server for the gateway's callbacks, which parses each POST and
// hands the DLR or inbound SMS to your handler. For tests, tools (`connectel listen`) and small
// services.
#pragma once

#include <httplib.h>
#include <sys/socket.h>

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <type_traits>
#include <utility>
#include <variant>

#include "connectel/webhooks/parse.hpp"

namespace connectel {

// The HTTP request a callback came in, for handlers that want more than the payload.
struct CallbackRequest {
    std::string method;
    std::string path;
    std::string content_type;
    std::string body;
    std::string remote_addr;
    httplib::Headers headers;
    httplib::Params query;
};

struct WebhookReceiverOptions {
    std::string host = "127.0.0.1";  // "0.0.0.0" to take callbacks from other machines
    int port = 0;                    // 0 picks a free port; port() says which
    // Worker threads. cpp-httplib gives each open keep-alive connection a thread while it is
    // open, and the simulator's dispatcher keeps up to 8 open, so leave room for them.
    std::size_t threads = 16;
    std::size_t max_body_bytes = 1024 * 1024;  // callbacks are small; larger bodies get 413
    int listen_backlog = 128;                  // cpp-httplib's 5 drops SYNs when many senders connect at once
};

// Receives the gateway's callbacks on any path: each POST is parsed (try_parse_callback) and
// handed to on_dlr or on_inbound, and answered 200; a payload that does not parse is answered
// 400 with the problem as text and reported to on_error. A handler that throws gets the
// request answered 500, so that the gateway retries it, and is reported to on_error too.
//
// Handlers run on the server's worker threads, several at once when callbacks arrive
// together: guard what they share. They may be set before or after start().
class WebhookReceiver {
public:
    using DlrHandler = std::function<void(const api::Dlr&, const CallbackRequest&)>;
    using InboundHandler = std::function<void(const api::InboundSms&, const CallbackRequest&)>;
    // `status` is the answer sent: 400 for a payload that did not parse, 500 (with
    // CallbackErrorKind::HandlerFailed) for a handler that threw.
    using ErrorHandler = std::function<void(const CallbackProblem&, int status, const CallbackRequest&)>;

    WebhookReceiver() : WebhookReceiver(WebhookReceiverOptions{}) {}
    explicit WebhookReceiver(std::string host, int port = 0)
        : WebhookReceiver(options_for(std::move(host), port)) {}
    explicit WebhookReceiver(WebhookReceiverOptions options) : options_(std::move(options)) {}
    ~WebhookReceiver() { stop(); }
    WebhookReceiver(const WebhookReceiver&) = delete;
    WebhookReceiver& operator=(const WebhookReceiver&) = delete;

    // Handlers take the payload, and optionally the request: (const api::Dlr&) or
    // (const api::Dlr&, const CallbackRequest&).
    template <typename F>
    WebhookReceiver& on_dlr(F handler) {
        std::lock_guard lock(handlers_mutex_);
        on_dlr_ = adapt<api::Dlr>(std::move(handler));
        return *this;
    }
    template <typename F>
    WebhookReceiver& on_inbound(F handler) {
        std::lock_guard lock(handlers_mutex_);
        on_inbound_ = adapt<api::InboundSms>(std::move(handler));
        return *this;
    }
    WebhookReceiver& on_error(ErrorHandler handler) {
        std::lock_guard lock(handlers_mutex_);
        on_error_ = std::move(handler);
        return *this;
    }

    // Binds and starts serving on a background thread; returns once the port accepts
    // connections (they queue until the thread takes them). Throws connectel::Error when the
    // address cannot be bound. Once only: a stopped receiver is not restarted.
    void start() {
        std::lock_guard lock(lifecycle_mutex_);
        if (started_) throw Error("WebhookReceiver::start: already started");
        started_ = true;
        configure();
        if (options_.port == 0) {
            port_ = server_.bind_to_any_port(options_.host);
        } else if (server_.bind_to_port(options_.host, options_.port)) {
            port_ = options_.port;
        }
        if (port_ <= 0)
            throw Error("WebhookReceiver: cannot listen on " + options_.host + ":" +
                        std::to_string(options_.port) + " (in use, or not an address of this machine)");
        // Linux takes a second listen() on a bound socket as a new backlog.
        if (const int fd = listen_fd_->load(); fd >= 0) ::listen(fd, options_.listen_backlog);
        serving_ = std::thread([this] {
            server_.listen_after_bind();
            listen_returned_ = true;
        });
    }

    // Stops accepting, lets running handlers finish, and joins the thread. Safe to call from
    // any thread but a handler's, and more than once; the destructor calls it.
    void stop() {
        std::lock_guard lock(lifecycle_mutex_);
        if (!serving_.joinable()) return;
        // cpp-httplib's stop() does nothing until its accept loop runs: wait for the loop
        // (it starts at once) unless it has already ended.
        while (!server_.is_running() && !listen_returned_) std::this_thread::yield();
        server_.stop();
        serving_.join();
    }

    int port() const noexcept { return port_; }
    const std::string& host() const noexcept { return options_.host; }
    // "http://127.0.0.1:PORT" + path: what a scenario's dlr.url or inbound.url wants. An
    // empty path gives the base alone.
    std::string url(const std::string& path = "/") const {
        const bool ipv6 = options_.host.find(':') != std::string::npos;
        std::string url =
            "http://" + (ipv6 ? "[" + options_.host + "]" : options_.host) + ":" + std::to_string(port_);
        if (!path.empty() && path.front() != '/') url += '/';
        return url + path;
    }

private:
    static WebhookReceiverOptions options_for(std::string host, int port) {
        WebhookReceiverOptions options;
        options.host = std::move(host);
        options.port = port;
        return options;
    }

    template <typename Payload, typename F>
    static std::function<void(const Payload&, const CallbackRequest&)> adapt(F handler) {
        if constexpr (std::is_invocable_v<F&, const Payload&, const CallbackRequest&>) {
            return std::function<void(const Payload&, const CallbackRequest&)>(std::move(handler));
        } else {
            static_assert(std::is_invocable_v<F&, const Payload&>,
                          "a handler takes (const Payload&) or (const Payload&, const CallbackRequest&)");
            return [handler = std::move(handler)](const Payload& payload, const CallbackRequest&) mutable {
                handler(payload);
            };
        }
    }

    void configure() {
        // Nagle off: cpp-httplib writes a reply in pieces, and Nagle holds the last one back
        // for the peer's delayed ACK, 40 ms a callback.
        server_.set_tcp_nodelay(true);
        server_.set_payload_max_length(options_.max_body_bytes);
        server_.set_keep_alive_max_count(100000);
        const std::size_t threads = options_.threads == 0 ? 1 : options_.threads;
        server_.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
        // Replaces cpp-httplib's defaults, which set SO_REUSEPORT on Linux and so let a second
        // server take the same fixed port silently; SO_REUSEADDR still allows a quick restart.
        auto fd_slot = listen_fd_;
        server_.set_socket_options([fd_slot](socket_t fd) {
            int yes = 1;
            ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
            fd_slot->store(static_cast<int>(fd));
        });
        server_.Post(".*", [this](const httplib::Request& req, httplib::Response& res) { handle(req, res); });
        const auto not_allowed = [](const httplib::Request&, httplib::Response& res) {
            res.status = 405;
            res.set_header("Allow", "POST");
            res.set_content("callbacks are POSTed\n", "text/plain");
        };
        server_.Get(".*", not_allowed);
        server_.Put(".*", not_allowed);
        server_.Delete(".*", not_allowed);
        server_.Patch(".*", not_allowed);
    }

    void handle(const httplib::Request& req, httplib::Response& res) {
        CallbackRequest request{req.method, req.path,        req.get_header_value("Content-Type"),
                                req.body,   req.remote_addr, req.headers,
                                req.params};
        DlrHandler dlr_handler;
        InboundHandler inbound_handler;
        ErrorHandler error_handler;
        {
            // Copied so that a handler runs without the lock, and may be replaced meanwhile.
            std::lock_guard lock(handlers_mutex_);
            dlr_handler = on_dlr_;
            inbound_handler = on_inbound_;
            error_handler = on_error_;
        }
        auto parsed = try_parse_callback(request.body, request.content_type);
        if (!parsed) {
            res.status = 400;
            res.set_content(parsed.problem.describe() + "\n", "text/plain");
            if (error_handler) report(error_handler, parsed.problem, 400, request);
            return;
        }
        try {
            if (const auto* dlr = std::get_if<api::Dlr>(&*parsed.value)) {
                if (dlr_handler) dlr_handler(*dlr, request);
            } else if (inbound_handler) {
                inbound_handler(std::get<api::InboundSms>(*parsed.value), request);
            }
        } catch (const std::exception& e) {
            fail_handler(res, error_handler, std::string("the handler threw: ") + e.what(), request);
            return;
        } catch (...) {
            fail_handler(res, error_handler, "the handler threw", request);
            return;
        }
        res.status = 200;
        res.set_content("ok\n", "text/plain");
    }

    static void fail_handler(httplib::Response& res, const ErrorHandler& error_handler, std::string message,
                             const CallbackRequest& request) {
        res.status = 500;
        res.set_content(message + "\n", "text/plain");
        if (error_handler)
            report(error_handler, CallbackProblem{CallbackErrorKind::HandlerFailed, "", std::move(message)},
                   500, request);
    }

    // An error handler that throws must not take the server down with it.
    static void report(const ErrorHandler& handler, const CallbackProblem& problem, int status,
                       const CallbackRequest& request) noexcept {
        try {
            handler(problem, status, request);
        } catch (...) {
        }
    }

    WebhookReceiverOptions options_;
    httplib::Server server_;
    std::shared_ptr<std::atomic<int>> listen_fd_ = std::make_shared<std::atomic<int>>(-1);
    std::thread serving_;
    std::atomic<bool> listen_returned_{false};
    int port_ = -1;  // written by start() before the thread exists, read-only after
    bool started_ = false;

    std::mutex lifecycle_mutex_;         // guards started_, serving_ (start and stop)
    mutable std::mutex handlers_mutex_;  // guards on_dlr_, on_inbound_, on_error_
    DlrHandler on_dlr_;
    InboundHandler on_inbound_;
    ErrorHandler on_error_;
};

}  // namespace connectel
