// A cpp-httplib request as the server hands one to a handler, for tests that call a handler,
// the router or the request log without a server.
#pragma once

#include <httplib.h>

namespace connectel_tests {

inline httplib::Request handler_request(const char* method, const char* path) {
    httplib::Request req;
    req.method = method;
    req.path = path;
    return req;
}

}  // namespace connectel_tests
