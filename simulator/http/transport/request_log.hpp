// The request log's lines (written to the application log at info, log/app_log.hpp): one per
// request once its answer is sent, "METHOD PATH STATUS MICROSus", and one per request the
// transport refused itself. The time counts from the request's first byte, which the
// connection server knows and names for the call that serves the request (ArrivalScope).
#pragma once

#include <httplib.h>

#include <string>

#include "http/transport/connection.hpp"
#include "http/transport/connection_server.hpp"

namespace sim::http::transport {

// While it lives, the request this thread serves arrived at `began`: it spans the connection
// server's call into cpp-httplib, whose logger writes the request's line.
class ArrivalScope {
public:
    explicit ArrivalScope(Clock::time_point began);
    ~ArrivalScope();
    ArrivalScope(const ArrivalScope&) = delete;
    ArrivalScope& operator=(const ArrivalScope&) = delete;

private:
    Clock::time_point outer_;
};

// "POST /api/v2/send 200 123us" ("dropped" for a dropped connection's status). Outside an
// ArrivalScope the time is written as 0.
std::string request_log_line(const httplib::Request& req, const httplib::Response& res);

// "POST /api/v2/send 413 52us (the reason)": a request the transport answered itself.
std::string rejection_log_line(const Rejection& rejection);

}  // namespace sim::http::transport
