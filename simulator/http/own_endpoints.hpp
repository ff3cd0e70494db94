// Which paths are the simulator's own (the page at / and /ui/, the control API and the event
// stream under /_sim/) rather than the vendor API's: the browser guard protects them, and the
// request journal, which is of the gateway's traffic, leaves them out.
#pragma once

#include <string_view>

namespace sim::http {

inline bool is_control_api(std::string_view path) {
    return path == "/_sim" || path.substr(0, 6) == "/_sim/";
}

inline bool is_own_endpoint(std::string_view path) {
    return path == "/" || path.substr(0, 4) == "/ui/" || is_control_api(path);
}

}  // namespace sim::http
