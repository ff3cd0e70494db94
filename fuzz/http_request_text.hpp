// A fuzz input as an HTTP request, read the way cpp-httplib reads one off the wire, so that the
// route handlers get what the server would hand them:
//
//   POST /api/v2/send?authorization=T HTTP/1.1
//   Content-Type: application/json
//
//   {"sender": ...}
//
// The request line and the headers end at the first empty line; the body is the rest, as is.
#pragma once

#include <httplib.h>

#include <string>
#include <string_view>

#include "fuzz_input.hpp"

namespace fuzz {

inline httplib::Request request_from_text(std::string_view text) {
    httplib::Request req;
    auto [request_line, rest] = first_line_and_rest(text);
    const std::size_t space = request_line.find(' ');
    req.method = std::string(request_line.substr(0, space));
    std::string_view target = space == std::string_view::npos ? "/" : request_line.substr(space + 1);
    target = target.substr(0, target.find(' '));  // the HTTP version, if any, is not read
    req.target = std::string(target);
    req.version = "HTTP/1.1";
    const std::size_t question = target.find('?');
    req.path = httplib::detail::decode_url(std::string(target.substr(0, question)), false);
    if (question != std::string_view::npos)
        httplib::detail::parse_query_text(std::string(target.substr(question + 1)), req.params);

    while (!rest.empty()) {
        const auto [line, after] = first_line_and_rest(rest);
        rest = after;
        if (line.empty()) break;
        const std::size_t colon = line.find(':');
        if (colon == std::string_view::npos) continue;  // cpp-httplib ignores such a line too
        std::string_view value = line.substr(colon + 1);
        while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
        while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
        req.headers.emplace(std::string(line.substr(0, colon)), std::string(value));
    }
    req.body = std::string(rest);
    // cpp-httplib adds a form body's fields to the parameters (Server::read_content).
    if (req.get_header_value("Content-Type").find("application/x-www-form-urlencoded") == 0)
        httplib::detail::parse_query_text(req.body, req.params);
    req.remote_addr = "127.0.0.1";
    req.remote_port = 40000;
    return req;
}

}  // namespace fuzz
