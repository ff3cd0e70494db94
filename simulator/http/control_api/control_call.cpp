// The control API's body reading: the wire model's JSON reader and its problem codes.
#include "http/control_api/control_call.hpp"

#include "connectel/api/send_request.hpp"
#include "connectel/api/validation.hpp"
#include "connectel/excerpt.hpp"
#include "connectel/json_reader.hpp"
#include "http/json_response.hpp"

namespace sim::http::control_api {

std::optional<Body> read_json_body(const httplib::Request& req, httplib::Response& res) {
    Body body = Body::object();
    if (req.body.empty()) return body;
    if (const auto problem = connectel::read_json(req.body, body)) {
        const auto field_problem = connectel::api::json_problem(*problem);
        send_error(res, 400, field_problem.code, field_problem.message, field_problem.field);
        return std::nullopt;
    }
    if (!body.is_object()) {
        send_error(res, 400, "malformed_body", "the body is a JSON object");
        return std::nullopt;
    }
    return body;
}

std::optional<std::string> string_member(const Body& body, const char* name, httplib::Response& res) {
    const auto it = body.find(name);
    if (it == body.end() || it->is_null()) return std::string();
    if (!it->is_string()) {
        send_error(res, 400, "invalid_parameter", std::string(name) + " is a string", name);
        return std::nullopt;
    }
    return it->get<std::string>();
}

std::optional<connectel::Status> read_status(const std::string& text, httplib::Response& res) {
    const auto status = connectel::parse_status_str(text);
    if (!status || *status == connectel::Status::Reserved) {
        send_error(res, 400, "invalid_parameter", "unknown status " + connectel::excerpt(text), "status");
        return std::nullopt;
    }
    return status;
}

void settle_now(Scheduler& scheduler) {
    if (scheduler.is_virtual()) scheduler.advance(Duration(0));
}

}  // namespace sim::http::control_api
