// One callback POST: where a callback URL points, and the attempt over a keep-alive client.
#pragma once

#include <httplib.h>

#include <memory>
#include <string>

#include "clock/sim_time.hpp"

namespace sim::callbacks {

// Where an attempt goes; `error` set when the URL cannot be posted to at all.
struct Target {
    std::string host;
    int port = 80;
    std::string path;
    std::string origin;  // "host:port": one receiver
    std::string error;
};

Target parse_target(const std::string& url);

// A keep-alive client for `target`, posting to paths exactly as configured.
std::unique_ptr<httplib::Client> open_client(const Target& target);

// What came back from one POST.
struct PostResult {
    int http_status = 0;
    std::string result;  // "delivered", "http 503", "timeout", "connection refused", ...
    double latency_ms = 0;
    bool delivered = false;
    bool reusable = false;  // an answer came: the connection can carry the next attempt
};

// POSTs `body` to `target` with `client` (null when the target has an error), each phase of
// the exchange (connect, write, read) limited to `timeout`.
PostResult post(httplib::Client* client, const Target& target, const std::string& body,
                const std::string& content_type, Duration timeout);

}  // namespace sim::callbacks
