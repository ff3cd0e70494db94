// Where one HTTP/1.1 request ends in the bytes read so far, judged before cpp-httplib sees them:
// the head's size and completeness, and the body's length from Content-Length. Requests whose
// framing is ambiguous (two lengths, a length that is not a number, a length and chunking) are
// refused here, as a proxy in front of the simulator would refuse them, never guessed at.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace sim::http::transport {

struct FramingLimits {
    std::size_t max_head_bytes = 64 * 1024;       // request line and headers, blank line included
    std::size_t max_body_bytes = 4 * 1024 * 1024;  // --max-body-size
};

struct Framing {
    enum class State {
        Incomplete,  // the head has not ended yet, or the body has not all arrived
        Complete,    // head and body are all in the buffer (or the body comes as it is read)
        Rejected,    // answer `status` with `message` and close the connection
    };
    State state = State::Incomplete;
    std::size_t head_bytes = 0;  // through the blank line; 0 while the head is incomplete
    std::size_t body_bytes = 0;  // Content-Length, 0 when there is none
    // Chunked or `Expect: 100-continue`: the body is read as it comes, after the head is handed on.
    bool body_streamed = false;
    // A method that may carry a body (POST, PUT, PATCH, DELETE) sent with neither length nor
    // chunking: by HTTP/1.1 (RFC 9112 section 6.3) it has no body, which cpp-httplib would
    // instead read to the connection's end. The head gets `Content-Length: 0`.
    bool needs_empty_length = false;
    int status = 0;
    std::string message;
    std::string field;  // the header at fault, when one is

    std::size_t request_bytes() const noexcept { return head_bytes + (body_streamed ? 0 : body_bytes); }
};

// Judges the request at the start of `bytes`. `Incomplete` asks for more bytes; once the head is
// complete the verdict on its headers is final, and only the body's arrival is left to wait for.
// `scanned`, kept by the caller between calls for one request, is how far the search for the
// head's end has gone, so a head that arrives a byte at a time is not searched again each time.
Framing frame_request(std::string_view bytes, const FramingLimits& limits, std::size_t& scanned);

// The head with `Content-Length: 0` added before its blank line (see needs_empty_length).
std::string with_empty_length(std::string_view head);

}  // namespace sim::http::transport
