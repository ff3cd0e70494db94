// Which `Host` header values the control API, the event stream and the page answer to. A web
// page can make a browser send requests to 127.0.0.1 under a name the page's author controls
// (DNS rebinding: attacker.example first resolves to the attacker, then to 127.0.0.1), and the
// browser then lets that page read the answers as its own. Such a request still carries the
// author's name in Host, so only addresses, localhost and names the user allowed are answered.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sim::http {

class HostAllowlist {
public:
    // `names` from --allow-host: host names without a port, any case; "*" allows every name.
    explicit HostAllowlist(std::vector<std::string> names = {});

    // True for an IPv4 literal, a bracketed IPv6 literal, localhost, *.localhost or an allowed
    // name, each with an optional port; an empty value (no Host, as in HTTP/1.0) too.
    bool allows(std::string_view host_header) const;

private:
    std::vector<std::string> names_;  // lower case
    bool any_ = false;
};

}  // namespace sim::http
