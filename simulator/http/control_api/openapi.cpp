// GET /_sim/openapi.yaml: docs/openapi.yaml, the API document of everything served here, built
// into the binary (embedded::openapi_document), so it always matches the binary that serves it.
#include "embedded.hpp"
#include "http/control_api/handlers.hpp"

namespace sim::http::control_api {

void get_openapi_document(const ControlApi&, const httplib::Request&, httplib::Response& res, RequestScope&) {
    res.status = 200;
    // application/yaml is YAML's registered media type (RFC 9512); text/yaml never was.
    res.set_content(embedded::openapi_document.data(), embedded::openapi_document.size(), "application/yaml");
}

}  // namespace sim::http::control_api
