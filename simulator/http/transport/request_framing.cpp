#include "http/transport/request_framing.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <optional>

namespace sim::http::transport {

namespace {

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

Framing rejected(int status, std::string message, std::string field = {}) {
    Framing framing;
    framing.state = Framing::State::Rejected;
    framing.status = status;
    framing.message = std::move(message);
    framing.field = std::move(field);
    return framing;
}

bool may_carry_body(std::string_view method) {
    return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

// A Content-Length value: digits only (no sign, no list such as "5, 5"), and one that fits.
std::optional<std::size_t> parse_length(std::string_view value) {
    if (value.empty()) return std::nullopt;
    std::size_t length = 0;
    const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), length);
    if (error != std::errc() || end != value.data() + value.size()) return std::nullopt;
    return length;
}

}  // namespace

Framing frame_request(std::string_view bytes, const FramingLimits& limits, std::size_t& scanned) {
    const std::size_t end = bytes.find("\r\n\r\n", scanned < 3 ? 0 : scanned - 3);
    if (end == std::string_view::npos) {
        scanned = bytes.size();
        // Three bytes of a blank line may already be in, so the limit applies once a full head
        // could not fit: a head of exactly the limit is still read to its end.
        if (bytes.size() > limits.max_head_bytes + 3)
            return rejected(431, "the request's head (request line and headers) is larger than " +
                                     std::to_string(limits.max_head_bytes) + " bytes (--max-header-size)");
        return {};
    }
    Framing framing;
    framing.head_bytes = end + 4;
    if (framing.head_bytes > limits.max_head_bytes)
        return rejected(431, "the request's head (request line and headers) is larger than " +
                                 std::to_string(limits.max_head_bytes) + " bytes (--max-header-size)");

    const std::string_view head = bytes.substr(0, end + 2);  // every line with its CRLF
    const std::size_t line_end = head.find("\r\n");
    const std::string_view request_line = head.substr(0, line_end);
    const std::string_view method = request_line.substr(0, request_line.find(' '));

    std::optional<std::size_t> length;
    bool chunked = false, expects_continue = false;
    for (std::size_t at = line_end + 2; at < head.size();) {
        const std::size_t next = head.find("\r\n", at);
        const std::string_view line = head.substr(at, next - at);
        at = next + 2;
        const std::size_t colon = line.find(':');
        if (colon == std::string_view::npos) continue;  // cpp-httplib answers malformed lines itself
        const std::string_view name = line.substr(0, colon);
        const std::string_view value = trim(line.substr(colon + 1));
        if (iequals(name, "Content-Length")) {
            const auto parsed = parse_length(value);
            if (!parsed)
                return rejected(400, "Content-Length must be one whole number of bytes, not \"" +
                                         std::string(value.substr(0, 40)) + "\"", "Content-Length");
            if (length && *length != *parsed)
                return rejected(400, "two different Content-Length headers", "Content-Length");
            length = parsed;
        } else if (iequals(name, "Transfer-Encoding")) {
            if (!iequals(value, "chunked"))
                return rejected(501, "the only transfer coding the simulator reads is chunked, not \"" +
                                         std::string(value.substr(0, 40)) + "\"", "Transfer-Encoding");
            chunked = true;
        } else if (iequals(name, "Expect")) {
            expects_continue = iequals(value, "100-continue");
        }
    }
    if (chunked && length)
        return rejected(400, "a request cannot have both Content-Length and Transfer-Encoding", "Content-Length");
    if (length && *length > limits.max_body_bytes)
        return rejected(413, "the request body is larger than the simulator accepts (--max-body-size, " +
                                 std::to_string(limits.max_body_bytes) + " bytes)");

    framing.body_bytes = length.value_or(0);
    framing.body_streamed = chunked || (expects_continue && framing.body_bytes > 0);
    framing.needs_empty_length = !length && !chunked && may_carry_body(method);
    if (framing.body_streamed || bytes.size() >= framing.request_bytes()) framing.state = Framing::State::Complete;
    return framing;
}

std::string with_empty_length(std::string_view head) {
    std::string out(head.substr(0, head.size() - 2));
    out += "Content-Length: 0\r\n\r\n";
    return out;
}

}  // namespace sim::http::transport
