// The dropped connection fault's transport part: closing a request's connection without an answer. cpp-httplib gives a handler
// no hold on its socket, so the socket is found by its two ends, which the request carries.
#pragma once

#include <httplib.h>

namespace sim::http {

// What a dropped request's response status is, for the journal and the log: no answer.
constexpr int dropped_status = 0;

// Shuts down the connection `req` arrived on: the client reads the end of the stream where its
// response should be. Whatever the server writes afterwards goes nowhere. False when no socket
// of this process has the request's two ends (the connection is already gone).
bool drop_connection(const httplib::Request& req);

}  // namespace sim::http
