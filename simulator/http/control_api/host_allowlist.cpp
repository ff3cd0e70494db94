// The Host rule: addresses and localhost by their syntax, other names by the allowlist.
#include "http/control_api/host_allowlist.hpp"

#include <arpa/inet.h>

#include <algorithm>

#include "http/ascii_lower.hpp"

namespace sim::http {

namespace {

bool is_port(std::string_view text) {
    return !text.empty() && text.size() <= 5 &&
           std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool is_address(int family, std::string_view text) {
    unsigned char address[16];
    return inet_pton(family, std::string(text).c_str(), address) == 1;
}

bool is_localhost(const std::string& name) {
    constexpr std::string_view suffix = ".localhost";  // RFC 6761: always the loopback
    return name == "localhost" || (name.size() > suffix.size() &&
                                   name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0);
}

}  // namespace

HostAllowlist::HostAllowlist(std::vector<std::string> names) {
    for (const auto& name : names) {
        if (name == "*") any_ = true;
        names_.push_back(ascii_lower(name));
    }
}

bool HostAllowlist::allows(std::string_view host) const {
    if (host.empty() || any_) return true;
    if (host.front() == '[') {
        const auto close = host.find(']');
        if (close == std::string_view::npos) return false;
        const std::string_view after = host.substr(close + 1);
        if (!after.empty() && (after.front() != ':' || !is_port(after.substr(1)))) return false;
        return is_address(AF_INET6, host.substr(1, close - 1));
    }
    std::string_view name = host;
    if (const auto colon = name.find(':'); colon != std::string_view::npos) {
        if (!is_port(name.substr(colon + 1))) return false;
        name = name.substr(0, colon);
    }
    if (is_address(AF_INET, name)) return true;
    const std::string lowered = ascii_lower(name);
    return !lowered.empty() &&
           (is_localhost(lowered) || std::find(names_.begin(), names_.end(), lowered) != names_.end());
}

}  // namespace sim::http
