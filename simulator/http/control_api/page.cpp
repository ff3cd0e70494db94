// GET / and GET /ui/<path>: the web page's files (simulator/web/, built into the binary as
// embedded::web_files). It is a client of the control API and /_sim/events like any other.
#include "http/control_api/handlers.hpp"

#include <string_view>

#include "embedded.hpp"
#include "http/json_response.hpp"

namespace sim::http::control_api {

namespace {

const char* content_type(std::string_view path) {
    const auto ends_with = [&](std::string_view suffix) {
        return path.size() >= suffix.size() && path.substr(path.size() - suffix.size()) == suffix;
    };
    if (ends_with(".html")) return "text/html; charset=utf-8";
    if (ends_with(".js")) return "text/javascript; charset=utf-8";
    if (ends_with(".css")) return "text/css; charset=utf-8";
    if (ends_with(".svg")) return "image/svg+xml";
    if (ends_with(".json")) return "application/json";
    if (ends_with(".png")) return "image/png";
    if (ends_with(".ico")) return "image/x-icon";
    return "application/octet-stream";
}

const embedded::File* find_file(std::string_view path) {
    for (std::size_t i = 0; i < embedded::web_files_count; ++i)
        if (embedded::web_files[i].path == path) return &embedded::web_files[i];
    return nullptr;
}

}  // namespace

void get_page_file(const ControlApi&, const httplib::Request& req, httplib::Response& res, RequestScope& scope) {
    const std::string_view path = scope.params.empty() ? std::string_view("index.html") : scope.params[0];
    const embedded::File* file = find_file(path);
    if (!file) return send_error(res, 404, "not_found", "no file " + std::string(req.path) + " in the web page");
    res.status = 200;
    // The page changes with the binary only; no-cache still lets the browser revalidate.
    res.set_header("Cache-Control", "no-cache");
    res.set_header("X-Content-Type-Options", "nosniff");
    // Defence in depth for a page that shows untrusted texts: no inline or foreign script runs.
    res.set_header("Content-Security-Policy",
                   "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                   "base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
    res.set_content(file->content.data(), file->content.size(), content_type(path));
}

}  // namespace sim::http::control_api
