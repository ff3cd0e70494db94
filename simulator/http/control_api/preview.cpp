// POST /_sim/preview: the text engine's view of a text, as a send would count it.
#include "connectel/api/validation.hpp"
#include "connectel/sms/utf8_error.hpp"
#include "http/control_api/control_call.hpp"
#include "http/control_api/handlers.hpp"
#include "http/control_api/text_view.hpp"
#include "http/json_response.hpp"

namespace sim::http::control_api {

void preview_text(const ControlApi&, const httplib::Request& req, httplib::Response& res, RequestScope&) {
    const auto body = read_json_body(req, res);
    if (!body) return;
    const auto message = string_member(*body, "message", res);
    if (!message) return;
    if (!body->contains("message") || (*body)["message"].is_null())
        return send_error(res, 400, "missing_parameter", "message is required: the text to count", "message");
    // As long a text as a send accepts, and no longer: a view is about 150 bytes per character.
    if (auto problem = connectel::api::check_message(*message); problem && !message->empty())
        return send_error(res, 400, problem->code, problem->message, problem->field);
    try {
        send_streamed_json(res, text_view_pieces(*message));
    } catch (const connectel::sms::InvalidUtf8& e) {
        send_error(res, 400, "invalid_utf8", e.what(), "message");
    }
}

}  // namespace sim::http::control_api
