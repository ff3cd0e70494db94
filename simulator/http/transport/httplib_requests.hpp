// cpp-httplib's request handling (parsing, routing, the handlers, writing the answer) without
// its connection handling, which ConnectionServer replaces: routes are added to this as to any
// httplib::Server, and process() serves one request read from a stream.
#pragma once

#include <httplib.h>

namespace sim::http::transport {

class HttplibRequests : public httplib::Server {
public:
    bool process(httplib::Stream& stream, bool close_connection, bool& connection_closed) {
        return process_request(stream, close_connection, connection_closed, nullptr);
    }

    // cpp-httplib ends streamed answers (content providers) once its listening socket is gone;
    // with no socket of its own here, it is told whether it is serving.
    void set_serving(int listening_fd) { svr_sock_ = listening_fd; }
    void set_stopped() { svr_sock_ = INVALID_SOCKET; }
};

}  // namespace sim::http::transport
