// Where a request ends in the bytes read so far, and which framings are refused before
// cpp-httplib sees them.
#include <doctest/doctest.h>

#include <string>

#include "http/transport/request_framing.hpp"

using sim::http::transport::Framing;
using sim::http::transport::frame_request;
using sim::http::transport::FramingLimits;

namespace {

Framing frame(const std::string& bytes, FramingLimits limits = {}) {
    std::size_t scanned = 0;
    return frame_request(bytes, limits, scanned);
}

}  // namespace

TEST_CASE("a head is complete at its blank line, and its body by Content-Length") {
    const std::string head = "POST /api/v2/send HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\n";
    CHECK(frame("POST /api/v2/send HTTP/1.1\r\nHost: x\r\n").state == Framing::State::Incomplete);

    const Framing waiting = frame(head + "he");
    CHECK(waiting.state == Framing::State::Incomplete);
    CHECK(waiting.head_bytes == head.size());  // the head is judged; the body is awaited

    const Framing whole = frame(head + "helloGET / HTTP/1.1\r\n");  // and the next, pipelined
    CHECK(whole.state == Framing::State::Complete);
    CHECK(whole.request_bytes() == head.size() + 5);
    CHECK_FALSE(whole.needs_empty_length);
}

TEST_CASE("a head that arrives a byte at a time is found once it ends") {
    const std::string request = "GET /_sim/health HTTP/1.1\r\nHost: x\r\n\r\n";
    std::size_t scanned = 0;
    for (std::size_t n = 1; n < request.size(); ++n)
        CHECK(frame_request(request.substr(0, n), {}, scanned).state == Framing::State::Incomplete);
    CHECK(frame_request(request, {}, scanned).state == Framing::State::Complete);
}

TEST_CASE("ambiguous or unsupported framing is refused with the header at fault") {
    const struct {
        const char* headers;
        int status;
        const char* field;
    } cases[] = {
        {"Content-Length: abc\r\n", 400, "Content-Length"},
        {"Content-Length: 5, 5\r\n", 400, "Content-Length"},
        {"Content-Length: +5\r\n", 400, "Content-Length"},
        {"Content-Length: \r\n", 400, "Content-Length"},
        {"Content-Length: 5\r\nContent-Length: 7\r\n", 400, "Content-Length"},
        {"Content-Length: 18446744073709551616\r\n", 400, "Content-Length"},
        {"Transfer-Encoding: chunked\r\nContent-Length: 5\r\n", 400, "Content-Length"},
        {"Transfer-Encoding: gzip, chunked\r\n", 501, "Transfer-Encoding"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.headers);
        const Framing framing = frame(std::string("POST / HTTP/1.1\r\n") + c.headers + "\r\n");
        CHECK(framing.state == Framing::State::Rejected);
        CHECK(framing.status == c.status);
        CHECK(framing.field == c.field);
    }
    // The same length twice is one length; header names are case-insensitive.
    const Framing same = frame("POST / HTTP/1.1\r\ncontent-length: 2\r\nCONTENT-LENGTH:  2 \r\n\r\nhi");
    CHECK(same.state == Framing::State::Complete);
    CHECK(same.body_bytes == 2);
}

TEST_CASE("limits: a head over max_head_bytes is 431 before it ends; a body over max_body_bytes is 413") {
    FramingLimits limits;
    limits.max_head_bytes = 1024;
    limits.max_body_bytes = 100;
    const std::string start = "GET / HTTP/1.1\r\nX: ";
    CHECK(frame(start + std::string(1000, 'x'), limits).state == Framing::State::Incomplete);
    const Framing long_head = frame(start + std::string(1100, 'x'), limits);  // no blank line yet
    CHECK(long_head.state == Framing::State::Rejected);
    CHECK(long_head.status == 431);
    const Framing long_body = frame("POST / HTTP/1.1\r\nContent-Length: 101\r\n\r\n", limits);
    CHECK(long_body.status == 413);
    CHECK(frame("POST / HTTP/1.1\r\nContent-Length: 100\r\n\r\n", limits).state == Framing::State::Incomplete);
}

TEST_CASE("a body-carrying method with no length has none; chunked and 100-continue bodies stream") {
    const Framing no_length = frame("POST /_sim/reset HTTP/1.1\r\nHost: x\r\n\r\n");
    CHECK(no_length.state == Framing::State::Complete);
    CHECK(no_length.needs_empty_length);
    CHECK_FALSE(frame("GET / HTTP/1.1\r\n\r\n").needs_empty_length);

    const Framing chunked = frame("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n");
    CHECK(chunked.state == Framing::State::Complete);
    CHECK(chunked.body_streamed);
    const Framing expecting = frame("PUT / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 9\r\n\r\n");
    CHECK(expecting.state == Framing::State::Complete);
    CHECK(expecting.body_streamed);
}
