// The control API's handlers, one file a resource; routes.cpp says which route each serves.
#pragma once

#include <httplib.h>

#include "http/control_api/routes.hpp"
#include "http/router.hpp"

namespace sim::http::control_api {

// A handler's signature: what it reads and steers, the request, its answer, and its scope.
using ControlHandler = void(const ControlApi& api, const httplib::Request& req, httplib::Response& res,
                            RequestScope& scope);

// health.cpp
ControlHandler get_health;
// messages.cpp
ControlHandler list_messages;
ControlHandler get_message;
ControlHandler force_status;
// preview.cpp
ControlHandler preview_text;
// requests.cpp
ControlHandler list_requests;
// inbound.cpp
ControlHandler receive_inbound;
ControlHandler list_inbound;
// callbacks.cpp
ControlHandler list_callbacks;
// clock.cpp
ControlHandler get_clock;
ControlHandler advance_clock;
// reset.cpp
ControlHandler reset;
// scenario.cpp
ControlHandler get_scenario;
ControlHandler load_scenario;
// tokens.cpp
ControlHandler list_tokens;
ControlHandler put_token;
// event_stream.cpp
ControlHandler open_event_stream;
// page.cpp
ControlHandler get_page_file;
// openapi.cpp
ControlHandler get_openapi_document;

}  // namespace sim::http::control_api
