// JSON bodies and the API's error body, {"error": {"code", "message", "field"}} (docs/simulator.md, "Errors").
#pragma once

#include <httplib.h>

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace sim::http {

inline void send_json(httplib::Response& res, int status, const nlohmann::json& body) {
    res.status = status;
    // Replacement, not an exception, for any invalid UTF-8 that reached a stored text.
    res.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), "application/json");
}

inline nlohmann::json error_body(std::string_view code, std::string_view message, std::string_view field = {}) {
    nlohmann::json error = {{"code", code}, {"message", message}, {"field", nullptr}};
    if (!field.empty()) error["field"] = field;
    return {{"error", std::move(error)}};
}

inline void send_error(httplib::Response& res, int status, std::string_view code, std::string_view message,
                       std::string_view field = {}) {
    send_json(res, status, error_body(code, message, field));
}

}  // namespace sim::http
