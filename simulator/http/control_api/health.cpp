// GET /_sim/health: the simulator answers.
#include "http/control_api/handlers.hpp"
#include "http/json_response.hpp"

namespace sim::http::control_api {

void get_health(const ControlApi&, const httplib::Request&, httplib::Response& res, RequestScope&) {
    send_json(res, 200, {{"status", "ok"}});
}

}  // namespace sim::http::control_api
