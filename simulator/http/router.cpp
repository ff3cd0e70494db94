// Path matching for the simulator's few routes: a linear scan is faster than regexes here.
#include "http/router.hpp"

#include "http/json_response.hpp"

namespace sim::http {

std::vector<std::string_view> Router::split(std::string_view path) {
    std::vector<std::string_view> segments;
    std::size_t start = 1;  // paths start with '/'
    while (start <= path.size()) {
        const std::size_t end = std::min(path.find('/', start), path.size());
        if (end > start || end < path.size()) segments.push_back(path.substr(start, end - start));
        start = end + 1;
    }
    // One trailing slash is optional: "/api/v2/send/" is "/api/v2/send".
    if (!segments.empty() && segments.back().empty()) segments.pop_back();
    return segments;
}

void Router::add(std::string method, std::string_view pattern, Handler handler) {
    Route route{std::move(method), std::string(pattern), {}, std::move(handler)};
    for (std::string_view segment : split(pattern)) route.segments.emplace_back(segment);
    routes_.push_back(std::move(route));
}

std::vector<std::string> Router::describe() const {
    std::vector<std::string> lines;
    for (const Route& route : routes_) lines.push_back(route.method + " " + route.pattern);
    return lines;
}

bool Router::match(const Route& route, const std::vector<std::string_view>& segments, PathParams& params) {
    const bool tail = !route.segments.empty() && route.segments.back() == "{*}";
    const std::size_t fixed = route.segments.size() - (tail ? 1 : 0);
    if (tail ? segments.size() <= fixed : segments.size() != fixed) return false;
    params.clear();
    for (std::size_t i = 0; i < fixed; ++i) {
        if (route.segments[i] == "{}") {
            if (segments[i].empty()) return false;
            params.emplace_back(segments[i]);
        } else if (route.segments[i] != segments[i]) {
            return false;
        }
    }
    if (tail) {
        std::string rest;
        for (std::size_t i = fixed; i < segments.size(); ++i) {
            if (i > fixed) rest += '/';
            rest += segments[i];
        }
        params.push_back(std::move(rest));
    }
    return true;
}

bool Router::dispatch(const httplib::Request& req, httplib::Response& res, RequestScope& scope) const {
    const auto segments = split(req.path);
    const std::string_view method = req.method == "HEAD" ? std::string_view("GET") : std::string_view(req.method);
    PathParams& params = scope.params;
    std::string allowed;
    for (const Route& route : routes_) {
        if (!match(route, segments, params)) continue;
        if (route.method == method) {
            route.handler(req, res, scope);
            return true;
        }
        if (allowed.find(route.method) == std::string::npos) allowed += (allowed.empty() ? "" : ", ") + route.method;
    }
    if (!allowed.empty()) {
        res.set_header("Allow", allowed);
        send_error(res, 405, "method_not_allowed", req.method + " is not allowed on " + req.path + "; use " + allowed);
        return true;
    }
    send_error(res, 404, "not_found", "no such endpoint: " + req.path);
    return false;
}

}  // namespace sim::http
