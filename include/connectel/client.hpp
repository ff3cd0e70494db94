// A client of Connectel's SMS Gateway API v2 over cpp-httplib. The real gateway (HTTPS) and
// connectel-sim (HTTP) are the same to it: only the base URL differs.
#pragma once

#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "connectel/api.hpp"
#include "connectel/form.hpp"
#include "connectel/error.hpp"
#include "connectel/sms.hpp"
#include "connectel/status.hpp"

namespace connectel {

inline constexpr std::string_view default_base_url = "https://smsapi.connectel.se";

enum class BodyFormat { Json, Form };  // how a send's parameters travel; the gateway takes both

// Retries of a request that got no answer, a 5xx or a 429, waiting `backoff` before the first
// retry and doubling each time up to `max_backoff`.
struct RetryPolicy {
    unsigned retries = 0;  // attempts after the first
    std::chrono::milliseconds backoff{500};
    std::chrono::milliseconds max_backoff{8000};

    std::chrono::milliseconds delay_before(unsigned retry) const {  // retry >= 1
        auto delay = backoff;
        for (unsigned i = 1; i < retry && delay < max_backoff; ++i) delay *= 2;
        return std::min(delay, max_backoff);
    }
};

struct ClientOptions {
    std::string token;  // the `authorization` parameter
    // scheme://host[:port], optionally with a path prefix: the real gateway, or a simulator's
    // "http://127.0.0.1:8080".
    std::string base_url = std::string(default_base_url);
    BodyFormat format = BodyFormat::Json;
    std::chrono::milliseconds connect_timeout{10'000};
    std::chrono::milliseconds read_timeout{30'000};  // also the write timeout
    // Off for sends: when an answer is lost, the message may have been accepted, and a retry
    // would send it twice. Turn it on only where a duplicate SMS is acceptable.
    RetryPolicy send_retry{};
    // On for delivery lookups, which change nothing.
    RetryPolicy delivery_retry{3, std::chrono::milliseconds(500), std::chrono::milliseconds(8000)};
};

// A send that the gateway accepted, and what the text engine says it costs.
struct SendResult {
    api::SendResponse response;
    sms::Analysis text;  // encoding, characters, units, segments
};
struct BulkSendResult {
    api::BulkSendResponse response;
    sms::Analysis text;  // per recipient: every member gets the same text
};

namespace detail {

struct SplitUrl {
    std::string origin;  // scheme://host[:port]
    std::string path;    // from the first '/' after the host, possibly empty
};

inline SplitUrl split_url(std::string_view url) {
    const auto scheme_end = url.find("://");
    if (scheme_end == std::string_view::npos)
        throw ValidationError("base_url", "an absolute URL like https://smsapi.connectel.se is needed, not \"" +
                                              std::string(url) + "\"");
    const std::string_view scheme = url.substr(0, scheme_end);
    if (scheme != "http" && scheme != "https")
        throw ValidationError("base_url", "the scheme is http or https, not \"" + std::string(scheme) + "\"");
    const auto path_start = url.find('/', scheme_end + 3);
    SplitUrl split{std::string(url.substr(0, path_start)), {}};
    if (path_start != std::string_view::npos) split.path = std::string(url.substr(path_start));
    if (split.origin.size() == scheme_end + 3)
        throw ValidationError("base_url", "the URL has no host: \"" + std::string(url) + "\"");
    return split;
}

inline bool is_https(std::string_view origin) { return origin.rfind("https://", 0) == 0; }

// An HTTP(S) connection to one origin, with the client's timeouts. cpp-httplib serialises the
// requests of one of these (it has one connection), which keeps a Client thread-safe.
inline std::unique_ptr<httplib::Client> connect(const std::string& origin, const ClientOptions& options) {
#ifndef CPPHTTPLIB_OPENSSL_SUPPORT
    if (is_https(origin))
        throw ValidationError("base_url", "HTTPS needs cpp-httplib built with OpenSSL support "
                                          "(CPPHTTPLIB_OPENSSL_SUPPORT, as `pkg-config --cflags cpp-httplib` gives "
                                          "on Debian); use http:// for connectel-sim");
#endif
    auto client = std::make_unique<httplib::Client>(origin);
    if (!client->is_valid()) throw ValidationError("base_url", "cannot use \"" + origin + "\" as a base URL");
    const auto seconds = [](std::chrono::milliseconds ms) { return static_cast<time_t>(ms.count() / 1000); };
    const auto micros = [](std::chrono::milliseconds ms) { return static_cast<time_t>(ms.count() % 1000 * 1000); };
    client->set_connection_timeout(seconds(options.connect_timeout), micros(options.connect_timeout));
    client->set_read_timeout(seconds(options.read_timeout), micros(options.read_timeout));
    client->set_write_timeout(seconds(options.read_timeout), micros(options.read_timeout));
    client->set_keep_alive(true);
    client->set_tcp_nodelay(true);
    return client;
}

inline std::string mask_token(std::string text, const std::string& token) {
    if (token.empty()) return text;
    for (auto at = text.find(token); at != std::string::npos; at = text.find(token, at + 4))
        text.replace(at, token.size(), "****");
    return text;
}

// What went wrong, in words: cpp-httplib's names ("Read") say little to whoever reads a log.
inline std::string describe(httplib::Error error) {
    switch (error) {
        case httplib::Error::Connection: return "cannot connect";
        case httplib::Error::ConnectionTimeout: return "timed out connecting";
        case httplib::Error::Read: return "no answer: the connection closed or the read timed out";
        case httplib::Error::Write: return "the request could not be written: the connection closed or timed out";
        case httplib::Error::SSLConnection: return "the TLS handshake failed";
        case httplib::Error::SSLServerVerification: return "the server's TLS certificate was not accepted";
        case httplib::Error::SSLLoadingCerts: return "the system's TLS certificates could not be loaded";
        default: return "the request failed (" + httplib::to_string(error) + ")";
    }
}

// The id that makes each answer what it is: without it, the answer is not the one asked for.
inline const std::string& id_of(const api::SendResponse& r) { return r.requestid; }
inline const std::string& id_of(const api::BulkSendResponse& r) { return r.bulkid; }
inline const std::string& id_of(const api::DeliveryReport& r) { return r.requestid; }
inline const std::string& id_of(const api::BulkDeliveryReport& r) { return r.bulkid; }

// The gateway's error body, {"error": {"code", "message", "field"}}, when it is one; otherwise
// a code from the HTTP status and the start of the body.
inline ApiError api_error(const httplib::Response& res) {
    const nlohmann::json body = nlohmann::json::parse(res.body, nullptr, false);
    if (body.is_object() && body.contains("error") && body["error"].is_object()) {
        const auto& error = body["error"];
        const auto text = [&](const char* name) {
            const auto it = error.find(name);
            return it != error.end() && it->is_string() ? it->get<std::string>() : std::string();
        };
        return ApiError(res.status, text("code"), text("message"), text("field"), res.body);
    }
    const std::string start = res.body.substr(0, 200);
    return ApiError(res.status, "http_" + std::to_string(res.status),
                    start.empty() ? "no error body" : "the answer was: " + start, "", res.body);
}

}  // namespace detail

// One token's view of the gateway. Every call either returns what the gateway answered, typed,
// or throws: ValidationError (the request breaks the API's rules; nothing was sent),
// ApiError (the gateway said no) or TransportError (no answer). Thread-safe: calls on one
// Client share its connection one at a time; use a Client per thread to send in parallel.
class Client {
public:
    explicit Client(ClientOptions options)
        : options_(std::move(options)), base_(detail::split_url(options_.base_url)) {
        while (!base_.path.empty() && base_.path.back() == '/') base_.path.pop_back();
        http_ = detail::connect(base_.origin, options_);
    }

    const ClientOptions& options() const noexcept { return options_; }

    // What the text engine makes of `message`: the encoding and segments the gateway will bill.
    static sms::Analysis preview(std::string_view message) { return sms::analyze(message); }

    // POST send/ to one recipient. Throws ValidationError before sending when a parameter breaks
    // the API's rules (the same check_send as connectel-sim's).
    SendResult send(const std::string& sender, const std::string& recipient, const std::string& message) {
        api::SendRequest request = request_of(sender, message);
        request.recipient = recipient;
        api::validate(request);
        return {parse<api::SendResponse>(post_send(request), "send"), preview(message)};
    }

    // POST send/ with bulk: one message to every recipient, each under the caller's key.
    BulkSendResult send_bulk(const std::string& sender, const std::vector<api::BulkRecipient>& recipients,
                             const std::string& message) {
        api::SendRequest request = request_of(sender, message);
        request.bulk = true;
        request.recipients = recipients;
        api::validate(request);
        return {parse<api::BulkSendResponse>(post_send(request), "send"), preview(message)};
    }

    // GET delivery/ of a request-id.
    api::DeliveryReport delivery(const std::string& request_id) {
        return parse<api::DeliveryReport>(get_delivery(request_id), "delivery");
    }
    // GET delivery/ of a bulk-id: every member's status.
    api::BulkDeliveryReport bulk_delivery(const std::string& bulk_id) {
        return parse<api::BulkDeliveryReport>(get_delivery(bulk_id), "delivery");
    }

    // GET a response's `href` (the legacy status URL, which carries the token): the same report.
    api::DeliveryReport follow(const api::SendResponse& sent) {
        return parse<api::DeliveryReport>(get_url(sent.href), "href");
    }
    api::BulkDeliveryReport follow(const api::BulkSendResponse& sent) {
        return parse<api::BulkDeliveryReport>(get_url(sent.href), "href");
    }

    // Polls delivery/ every `interval` until the status is final or `timeout` has passed, and
    // returns the last report (check `is_final(report.status.status)`). On a simulator with a
    // virtual clock the status only moves when the clock is advanced.
    api::DeliveryReport wait_for_final(const std::string& request_id,
                                       std::chrono::milliseconds timeout = std::chrono::seconds(60),
                                       std::chrono::milliseconds interval = std::chrono::seconds(1)) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        for (;;) {
            auto report = delivery(request_id);
            if (is_final(report.status.status) || std::chrono::steady_clock::now() + interval > deadline)
                return report;
            std::this_thread::sleep_for(interval);
        }
    }

private:
    // A send's common part, by name: the recipients are the caller's to add.
    api::SendRequest request_of(const std::string& sender, const std::string& message) const {
        api::SendRequest request;
        request.token = options_.token;
        request.sender = sender;
        request.message = message;
        return request;
    }

    httplib::Result post_send(const api::SendRequest& request) {
        const std::string path = base_.path + "/api/v2/send/";
        const bool as_json = options_.format == BodyFormat::Json;
        const std::string body = as_json ? nlohmann::json(request).dump() : form::encode(api::to_form(request));
        const char* content_type = as_json ? "application/json" : "application/x-www-form-urlencoded";
        return with_retries(options_.send_retry, path,
                            [&] { return http_->Post(path.c_str(), body, content_type); });
    }

    httplib::Result get_delivery(const std::string& id) {
        if (id.empty()) throw ValidationError("requestid", "a request-id or a bulk-id is needed");
        const std::string target = base_.path + "/api/v2/delivery/?authorization=" +
                                   form::encode_component(options_.token) + "&requestid=" + form::encode_component(id);
        return with_retries(options_.delivery_retry, target, [&] { return http_->Get(target.c_str()); });
    }

    httplib::Result get_url(const std::string& url) {
        if (url.empty()) throw ValidationError("href", "the response has no href");
        const auto split = detail::split_url(url);
        const std::string target = split.path.empty() ? "/" : split.path;
        if (split.origin == base_.origin)
            return with_retries(options_.delivery_retry, target, [&] { return http_->Get(target.c_str()); });
        auto other = detail::connect(split.origin, options_);
        return with_retries(options_.delivery_retry, target, [&] { return other->Get(target.c_str()); });
    }

    template <typename Request>
    httplib::Result with_retries(const RetryPolicy& policy, const std::string& target, Request request) {
        for (unsigned retry = 1;; ++retry) {
            httplib::Result result = request();
            const bool worth_retrying = !result || result->status >= 500 || result->status == 429;
            if (!worth_retrying || retry > policy.retries) {
                if (!result)
                    throw TransportError(detail::describe(result.error()),
                                         detail::mask_token(base_.origin + target, options_.token));
                return result;
            }
            std::this_thread::sleep_for(policy.delay_before(retry));
        }
    }

    template <typename Response>
    static Response parse(const httplib::Result& result, const char* what) {
        const httplib::Response& res = *result;
        if (res.status < 200 || res.status > 299) throw detail::api_error(res);
        const nlohmann::json body = nlohmann::json::parse(res.body, nullptr, false);
        if (!body.is_object())
            throw ApiError(res.status, "malformed_response",
                           std::string("the ") + what + " answer is not a JSON object: " + res.body.substr(0, 200), "",
                           res.body);
        const auto malformed = [&](const std::string& why) {
            return ApiError(res.status, "malformed_response",
                            std::string("the ") + what + " answer does not have the documented shape: " + why, "",
                            res.body);
        };
        Response response;
        try {
            response = body.get<Response>();  // lenient: unknown fields and the vendor's oddities pass
        } catch (const ValidationError& e) {
            throw malformed(e.what());
        } catch (const nlohmann::json::exception& e) {
            throw malformed(e.what());
        }
        if (detail::id_of(response).empty()) throw malformed("it has no id");
        return response;
    }

    ClientOptions options_;
    detail::SplitUrl base_;
    std::unique_ptr<httplib::Client> http_;
};

}  // namespace connectel
