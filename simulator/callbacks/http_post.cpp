// One callback POST: the URL read once into a target, and the attempt, its failure named.
#include "callbacks/http_post.hpp"

#include <netdb.h>
#include <sys/socket.h>

#include <algorithm>
#include <chrono>

namespace sim::callbacks {

namespace {

bool parse_port(const std::string& text, int& port) {
    if (text.empty() || text.size() > 5) return false;
    if (!std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) return false;
    port = std::stoi(text);
    return port > 0 && port <= 65535;
}

// Splits "host", "host:port", "[v6]" or "[v6]:port".
bool parse_authority(const std::string& authority, Target& target) {
    std::string port_text;
    if (!authority.empty() && authority.front() == '[') {
        const auto close = authority.find(']');
        if (close == std::string::npos) return false;
        target.host = authority.substr(1, close - 1);
        const std::string rest = authority.substr(close + 1);
        if (!rest.empty() && rest.front() != ':') return false;
        if (!rest.empty()) port_text = rest.substr(1);
        if (!rest.empty() && port_text.empty()) return false;
    } else {
        const auto colon = authority.rfind(':');
        target.host = authority.substr(0, colon);
        if (colon != std::string::npos) {
            port_text = authority.substr(colon + 1);
            if (port_text.empty()) return false;
        }
    }
    if (target.host.empty()) return false;
    return port_text.empty() || parse_port(port_text, target.port);
}

bool host_resolves(const std::string& host) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    const int rc = ::getaddrinfo(host.c_str(), nullptr, &hints, &found);
    if (found) ::freeaddrinfo(found);
    return rc == 0;
}

// httplib reports a read or write timeout as a plain read or write error: the time spent tells.
std::string describe_failure(httplib::Error error, const Target& target, Duration elapsed, Duration timeout) {
    const bool timed_out = elapsed * 10 >= timeout * 9;
    switch (error) {
        case httplib::Error::Connection:
            // Only on this rare path is it worth a second look up to name the cause right.
            return host_resolves(target.host) ? "connection refused" : "unknown host " + target.host;
        case httplib::Error::ConnectionTimeout:
            return "connect timeout";
        case httplib::Error::Read:
            return timed_out ? "timeout" : "connection closed by receiver";
        case httplib::Error::Write:
            return timed_out ? "timeout" : "write failed";
        default:
            return "error: " + httplib::to_string(error);
    }
}

}  // namespace

Target parse_target(const std::string& url) {
    Target target;
    constexpr std::string_view http = "http://";
    if (url.compare(0, 8, "https://") == 0) {
        target.error = "https is not supported, use http://";
        return target;
    }
    if (url.compare(0, http.size(), http) != 0) {
        target.error = "invalid url, expected http://HOST:PORT/path";
        return target;
    }
    const auto authority_end = url.find_first_of("/?#", http.size());
    const std::string authority = url.substr(http.size(), authority_end - http.size());
    if (!parse_authority(authority, target)) {
        target.error = "invalid url, expected http://HOST:PORT/path";
        return target;
    }
    target.path = authority_end == std::string::npos ? "/" : url.substr(authority_end);
    const auto fragment = target.path.find('#');
    if (fragment != std::string::npos) target.path.erase(fragment);
    if (target.path.empty() || target.path.front() != '/') target.path.insert(0, "/");
    target.origin = target.host + ":" + std::to_string(target.port);
    return target;
}

std::unique_ptr<httplib::Client> open_client(const Target& target) {
    auto client = std::make_unique<httplib::Client>(target.host, target.port);
    client->set_keep_alive(true);
    client->set_tcp_nodelay(true);
    client->set_url_encode(false);  // post to the URL exactly as configured
    return client;
}

PostResult post(httplib::Client* client, const Target& target, const std::string& body,
                const std::string& content_type, Duration timeout) {
    PostResult out;
    if (!target.error.empty()) {
        out.result = target.error;
        return out;
    }
    // The policy may have changed since the client was last used.
    const auto seconds = static_cast<time_t>(timeout.count() / 1'000'000);
    const auto micros = static_cast<time_t>(timeout.count() % 1'000'000);
    client->set_connection_timeout(seconds, micros);
    client->set_read_timeout(seconds, micros);
    client->set_write_timeout(seconds, micros);
    const auto started = std::chrono::steady_clock::now();
    const auto response = client->Post(target.path, body, content_type);
    const auto elapsed = std::chrono::steady_clock::now() - started;
    out.latency_ms = std::chrono::duration<double, std::milli>(elapsed).count();
    if (!response) {
        // The connection is in an unknown state: the caller drops the client.
        out.result = describe_failure(response.error(), target, std::chrono::duration_cast<Duration>(elapsed), timeout);
        return out;
    }
    out.http_status = response->status;
    out.delivered = response->status >= 200 && response->status < 300;
    out.result = out.delivered ? "delivered" : "http " + std::to_string(response->status);
    out.reusable = true;
    return out;
}

}  // namespace sim::callbacks
