// Routes by path and method, with the gateway's conventions: a trailing slash is optional, an
// unknown path is 404, a known path with another method is 405 with an Allow header.
#pragma once

#include <httplib.h>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace sim::http {

// The `{}` segments of the matched pattern, in order.
using PathParams = std::vector<std::string>;
using Handler = std::function<void(const httplib::Request&, httplib::Response&, const PathParams&)>;

class Router {
public:
    // `pattern` like "/api/v2/send" or "/_sim/messages/{}/status"; `{}` is one non-empty segment.
    void add(std::string method, std::string_view pattern, Handler handler);

    // Serves `req`; false when no route's path matched (the response then holds the 404).
    bool dispatch(const httplib::Request& req, httplib::Response& res) const;

private:
    struct Route {
        std::string method;
        std::vector<std::string> segments;
        Handler handler;
    };
    static std::vector<std::string_view> split(std::string_view path);
    static bool match(const Route& route, const std::vector<std::string_view>& segments, PathParams& params);

    std::vector<Route> routes_;
};

}  // namespace sim::http
