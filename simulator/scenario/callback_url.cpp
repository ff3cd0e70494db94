// Callback url checks, on the text as written (nothing is decoded or normalised).
#include "scenario/callback_url.hpp"

#include <algorithm>
#include <cstdio>

#include "jsonc/jsonc.hpp"

namespace sim::scenario {

using namespace jsonc;  // the document reader and checker this file reads the scenario with

namespace {

constexpr std::string_view shape = "http://HOST:PORT/path";

std::optional<std::string> port_problem(std::string_view port) {
    const bool digits = !port.empty() && port.size() <= 5 &&
                        std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (digits && std::stoul(std::string(port)) >= 1 && std::stoul(std::string(port)) <= 65535)
        return std::nullopt;
    return "the port of a callback url is a number from 1 to 65535, not " + json_quoted(port);
}

std::optional<std::string> authority_problem(std::string_view authority) {
    if (authority.find('@') != std::string_view::npos)
        return std::string(
            "a callback url carries no user name or password (user:password@): receivers are "
            "called without credentials");
    if (authority.empty() || authority.front() == ':')
        return "a callback url names its host, like " + std::string(shape);
    if (authority.front() == '[') {
        const auto close = authority.find(']');
        if (close == std::string_view::npos)
            return std::string("an IPv6 host ends with ']', like http://[::1]:8080/");
        if (close == 1) return "a callback url names its host, like " + std::string(shape);
        const std::string_view after = authority.substr(close + 1);
        if (after.empty()) return std::nullopt;
        if (after.front() != ':') return "after ']' comes ':' and the port, like http://[::1]:8080/";
        return port_problem(after.substr(1));
    }
    const auto colon = authority.find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    if (authority.find(':', colon + 1) != std::string_view::npos)
        return std::string("an IPv6 host is written in brackets, like http://[::1]:8080/");
    return port_problem(authority.substr(colon + 1));
}

}  // namespace

std::optional<std::string> callback_url_problem(std::string_view url) {
    const auto bad = std::find_if(url.begin(), url.end(), [](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return byte <= 0x20 || byte == 0x7F;
    });
    if (bad != url.end()) {
        char name[8];
        std::snprintf(name, sizeof name, "U+%04X", static_cast<unsigned>(static_cast<unsigned char>(*bad)));
        return std::string("a callback url has no spaces or control characters; ") +
               (*bad == ' ' ? std::string("write a space as %20") : "found " + std::string(name)) +
               " at byte " + std::to_string(bad - url.begin() + 1) + " of the url";
    }
    constexpr std::string_view http = "http://";
    if (url.substr(0, 8) == "https://")
        return std::string(
            "connectel-sim calls receivers over http:// only; an https:// url could never be reached");
    if (url.substr(0, http.size()) != http)
        return "a callback url starts with http://, like " + std::string(shape);
    const std::string_view rest = url.substr(http.size());
    return authority_problem(rest.substr(0, rest.find_first_of("/?#")));
}

}  // namespace sim::scenario
