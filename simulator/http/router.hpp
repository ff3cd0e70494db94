// Routes by path and method, with the gateway's conventions: a trailing slash is optional, an
// unknown path is 404, a known path with another method is 405 with an Allow header.
#pragma once

#include <httplib.h>

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace sim::waits {
class Waiter;
}

namespace sim::http {

// The `{}` segments of the matched pattern, in order (and a `{*}` tail as one string).
using PathParams = std::vector<std::string>;

// One request as the router hands it to its handler, made afresh for each request by whoever
// dispatches it: what the path said, and what the handler leaves for the code that serves the
// request after it.
struct RequestScope {
    PathParams params;
    std::string token;  // the API token a vendor route read, which the journal masks
    // Run once the request no longer holds the world it ran in (PUT /_sim/scenario's swap).
    std::function<void()> after;
    // A list call that waits (wait=): its waiter, kept from one serving of the request to the
    // next, and whether what it waits for is not there yet: the request is then served again,
    // in whichever world is current, once the waiter wakes (control_api/list_call.hpp).
    std::shared_ptr<waits::Waiter> waiter;
    bool serve_again = false;
};

using Handler = std::function<void(const httplib::Request&, httplib::Response&, RequestScope&)>;

class Router {
public:
    // `pattern` like "/api/v2/send" or "/_sim/messages/{}/status"; `{}` is one non-empty segment,
    // a last `{*}` the rest of the path (one or more segments, joined by '/').
    void add(std::string method, std::string_view pattern, Handler handler);

    // Serves `req`, the matched `{}` segments in `scope.params`; false when no route's path
    // matched (the response then holds the 404).
    bool dispatch(const httplib::Request& req, httplib::Response& res, RequestScope& scope) const;

    // Each route as "METHOD PATTERN", in the order added: what the API document must describe.
    std::vector<std::string> describe() const;

private:
    struct Route {
        std::string method;
        std::string pattern;
        std::vector<std::string> segments;
        Handler handler;
    };
    static std::vector<std::string_view> split(std::string_view path);
    static bool match(const Route& route, const std::vector<std::string_view>& segments, PathParams& params);

    std::vector<Route> routes_;
};

}  // namespace sim::http
