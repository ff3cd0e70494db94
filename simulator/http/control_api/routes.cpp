// The route table of the control API, the event stream and the page: every method and path the
// simulator serves besides the vendor's endpoints (vendor_api/connectel_routes.cpp), each with
// its handler. Each row is served in the world, under its lock; what outlives the request (a
// list written as the socket takes it, an event stream) is written after the lock is released.
#include "http/control_api/routes.hpp"

#include "http/control_api/handlers.hpp"

namespace sim::http::control_api {

void add_control_routes(Router& router, ControlApi control) {
    // The routes outlive the (often temporary) caller: they share one copy of its references.
    const auto api = std::make_shared<const ControlApi>(std::move(control));
    const auto route = [&](const char* method, const char* path, ControlHandler* serve) {
        router.add(method, path,
                   [api, serve](const httplib::Request& req, httplib::Response& res, RequestScope& scope) {
                       serve(*api, req, res, scope);
                   });
    };
    // clang-format off
    //     method  path                        handler              (file)
    route("GET",  "/_sim/health",              get_health);         // health.cpp
    route("GET",  "/_sim/messages",            list_messages);      // messages.cpp
    route("GET",  "/_sim/messages/{}",         get_message);
    route("POST", "/_sim/messages/{}/status",  force_status);
    route("POST", "/_sim/preview",             preview_text);       // preview.cpp
    route("GET",  "/_sim/requests",            list_requests);      // requests.cpp
    route("POST", "/_sim/inbound",             receive_inbound);    // inbound.cpp
    route("GET",  "/_sim/inbound",             list_inbound);
    route("GET",  "/_sim/callbacks",           list_callbacks);     // callbacks.cpp
    route("GET",  "/_sim/clock",               get_clock);          // clock.cpp
    route("POST", "/_sim/clock/advance",       advance_clock);
    route("POST", "/_sim/reset",               reset);              // reset.cpp
    route("GET",  "/_sim/scenario",            get_scenario);       // scenario.cpp
    route("PUT",  "/_sim/scenario",            load_scenario);
    route("GET",  "/_sim/tokens",              list_tokens);        // tokens.cpp
    route("PUT",  "/_sim/tokens",              put_token);
    route("PUT",  "/_sim/tokens/{}",           put_token);
    route("GET",  "/_sim/events",              open_event_stream);  // event_stream.cpp
    route("GET",  "/_sim/openapi.yaml",        get_openapi_document);  // openapi.cpp
    if (!api->web_page) return;  // --no-ui
    route("GET",  "/",                         get_page_file);      // page.cpp
    route("GET",  "/ui/{*}",                   get_page_file);
    // clang-format on
}

}  // namespace sim::http::control_api
