// The control API's handlers, one file a resource; routes.cpp says which route each serves.
#pragma once

#include <httplib.h>

#include "http/control_api/routes.hpp"
#include "http/router.hpp"

namespace sim::http::control_api {

// health.cpp
void get_health(const ControlApi& api, const httplib::Request& req, httplib::Response& res, RequestScope& scope);
// messages.cpp
void list_messages(const ControlApi& api, const httplib::Request& req, httplib::Response& res, RequestScope& scope);
void get_message(const ControlApi& api, const httplib::Request& req, httplib::Response& res, RequestScope& scope);
void force_status(const ControlApi& api, const httplib::Request& req, httplib::Response& res, RequestScope& scope);
// preview.cpp
void preview_text(const ControlApi& api, const httplib::Request& req, httplib::Response& res, RequestScope& scope);
// requests.cpp
void list_requests(const ControlApi& api, const httplib::Request& req, httplib::Response& res, RequestScope& scope);
// inbound.cpp
void receive_inbound(const ControlApi& api, const httplib::Request& req, httplib::Response& res, RequestScope& scope);
void list_inbound(const ControlApi& api, const httplib::Request& req, httplib::Response& res, RequestScope& scope);
// callbacks.cpp
void list_callbacks(const ControlApi& api, const httplib::Request& req, httplib::Response& res, RequestScope& scope);
// clock.cpp
void get_clock(const ControlApi& api, const httplib::Request& req, httplib::Response& res, RequestScope& scope);
void advance_clock(const ControlApi& api, const httplib::Request& req, httplib::Response& res, RequestScope& scope);
// reset.cpp
void reset(const ControlApi& api, const httplib::Request& req, httplib::Response& res, RequestScope& scope);
// scenario.cpp
void get_scenario(const ControlApi& api, const httplib::Request& req, httplib::Response& res, RequestScope& scope);
void load_scenario(const ControlApi& api, const httplib::Request& req, httplib::Response& res, RequestScope& scope);
// event_stream.cpp
void open_event_stream(const ControlApi& api, const httplib::Request& req, httplib::Response& res, RequestScope& scope);
// page.cpp
void get_page_file(const ControlApi& api, const httplib::Request& req, httplib::Response& res, RequestScope& scope);

}  // namespace sim::http::control_api
