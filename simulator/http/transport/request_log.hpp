// The request log's lines (written to the application log at info, log/app_log.hpp): one per
// request once its answer is sent, "METHOD PATH STATUS MICROSus", and one per request the
// transport refused itself. The time counts from the request's first byte, which the
// connection server knows and hands cpp-httplib's request as it is set up (stamp_arrival).
#pragma once

#include <httplib.h>

#include <string>

#include "http/transport/connection.hpp"
#include "http/transport/connection_server.hpp"

namespace sim::http::transport {

// Notes on `req` when its first byte arrived (a header the request carries from then on; one a
// client sent under that name is replaced).
void stamp_arrival(httplib::Request& req, Clock::time_point began);

// "POST /api/v2/send 200 123us" ("dropped" for a dropped connection's status). A request
// cpp-httplib refused before it was set up (a request line it could not read) has no stamp:
// its time is written as 0.
std::string request_log_line(const httplib::Request& req, const httplib::Response& res);

// "POST /api/v2/send 413 52us (the reason)": a request the transport answered itself.
std::string rejection_log_line(const Rejection& rejection);

}  // namespace sim::http::transport
