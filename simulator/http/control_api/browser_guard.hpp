// What the simulator refuses so that no other web page can drive it through a browser. The
// vendor API (/api/..., /status/...) is left alone: it is reached under any Host name (an
// application under test calls it as connectel-sim:8080) and its callers are not browsers.
//
// On the simulator's own endpoints (the page at / and /ui/, the control API and the event
// stream under /_sim/):
// - a Host the allowlist refuses: 403 host_not_allowed (DNS rebinding);
// - a state-changing call (POST, PUT, PATCH, DELETE) from another Origin than the one the page
//   is served from: 403 origin_not_allowed. No Origin (curl, the CLI, test helpers) is fine;
// - a POST body that is not JSON: 415, since text/plain, forms and multipart are what a foreign
//   page can send without a CORS preflight. PUT takes any type: a cross-origin PUT always needs
//   a preflight, which the simulator never grants.
#pragma once

#include <httplib.h>

#include <utility>

#include "http/control_api/host_allowlist.hpp"

namespace sim::http {

class BrowserGuard {
public:
    explicit BrowserGuard(HostAllowlist hosts) : hosts_(std::move(hosts)) {}

    // True when the request may be served; otherwise `res` holds the refusal.
    bool admits(const httplib::Request& req, httplib::Response& res) const;

private:
    HostAllowlist hosts_;
};

}  // namespace sim::http
