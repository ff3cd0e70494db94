// The simulator's web page: the files of simulator/web/, built into the binary, at `/` and
// `/ui/<path>`. It is a client of the control API and /_sim/events like any other.
#pragma once

#include <httplib.h>

namespace sim::http {

// Answers GET / and GET /ui/...: true when the request was for the page (200 or 404).
bool serve_web_page(const httplib::Request& req, httplib::Response& res);

}  // namespace sim::http
