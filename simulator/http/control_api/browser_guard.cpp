// Host, Origin and Content-Type checks on the simulator's own endpoints.
#include "http/control_api/browser_guard.hpp"

#include <string_view>

#include "connectel/excerpt.hpp"
#include "http/ascii_lower.hpp"
#include "http/json_response.hpp"
#include "http/media_type.hpp"
#include "http/own_endpoints.hpp"

namespace sim::http {

namespace {

using connectel::excerpt;

bool changes_state(std::string_view method) {
    return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

// The origin of a page served by this simulator under `host`: http, or https behind a proxy
// that terminates TLS and passes the Host on.
bool is_own_origin(const std::string& origin, const std::string& host) {
    if (host.empty()) return false;
    const std::string lowered = ascii_lower(origin), lowered_host = ascii_lower(host);
    return lowered == "http://" + lowered_host || lowered == "https://" + lowered_host;
}

// Sent with a body, even one cpp-httplib took apart (a multipart form's parts go to `files`).
bool has_body(const httplib::Request& req) {
    const std::string length = req.get_header_value("Content-Length");
    return !req.body.empty() || !req.files.empty() || req.has_header("Transfer-Encoding") ||
           (!length.empty() && length.find_first_not_of('0') != std::string::npos);
}

bool is_json(const std::string& media) {
    constexpr std::string_view suffix = "+json";
    return media == "application/json" ||
           (media.size() > suffix.size() &&
            media.compare(media.size() - suffix.size(), suffix.size(), suffix) == 0);
}

}  // namespace

bool BrowserGuard::admits(const httplib::Request& req, httplib::Response& res) const {
    if (!is_own_endpoint(req.path)) return true;
    const std::string host = req.get_header_value("Host");
    if (!hosts_.allows(host)) {
        send_error(
            res, 403, "host_not_allowed",
            "the page, the control API and the event stream answer to an IP address, localhost or a name "
            "given with --allow-host, not the Host \"" +
                excerpt(host) + "\"",
            "Host");
        return false;
    }
    if (!is_control_api(req.path) || !changes_state(req.method)) return true;
    if (req.has_header("Origin") && !is_own_origin(req.get_header_value("Origin"), host)) {
        send_error(res, 403, "origin_not_allowed",
                   "a page from the origin \"" + excerpt(req.get_header_value("Origin")) +
                       "\" may not change the simulator; only its own page may",
                   "Origin");
        return false;
    }
    if (req.method == "POST" && has_body(req)) {
        const std::string media = lower_media_type(req.get_header_value("Content-Type"));
        if (!is_json(media)) {
            send_error(res, 415, "unsupported_media_type",
                       "a control call's body is JSON (Content-Type: application/json), not " +
                           (media.empty() ? std::string("a body without Content-Type") : excerpt(media)),
                       "Content-Type");
            return false;
        }
    }
    return true;
}

}  // namespace sim::http
