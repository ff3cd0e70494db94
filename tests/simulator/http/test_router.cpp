// The router: `{}` and `{*}` segments into the scope's params, the optional trailing slash, 404
// for an unknown path and 405 with Allow for a known one, and the scope a handler fills.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "handler_request.hpp"
#include "http/router.hpp"

using sim::http::RequestScope;
using sim::http::Router;

using connectel_tests::handler_request;

namespace {

// A router whose handlers answer with their name and the params they were given.
Router sample_router() {
    Router router;
    const auto answer = [](const char* name) {
        return [name](const httplib::Request&, httplib::Response& res, RequestScope& scope) {
            std::string body = name;
            for (const auto& param : scope.params) body += "|" + param;
            res.status = 200;
            res.body = body;
            scope.token = "seen";
        };
    };
    router.add("GET", "/", answer("root"));
    router.add("GET", "/_sim/messages/{}", answer("message"));
    router.add("POST", "/_sim/messages/{}/status", answer("status"));
    router.add("GET", "/ui/{*}", answer("file"));
    return router;
}

}  // namespace

TEST_CASE("a route's `{}` and `{*}` segments reach the handler in its scope") {
    const Router router = sample_router();
    const struct {
        const char* method;
        const char* path;
        const char* body;
    } cases[] = {
        {"GET", "/", "root"},
        {"GET", "/_sim/messages/R1", "message|R1"},
        {"GET", "/_sim/messages/R1/", "message|R1"},
        {"HEAD", "/_sim/messages/R1", "message|R1"},
        {"POST", "/_sim/messages/R2/status", "status|R2"},
        {"GET", "/ui/app.js", "file|app.js"},
        {"GET", "/ui/views/detail.js", "file|views/detail.js"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.path);
        httplib::Response res;
        RequestScope scope;
        CHECK(router.dispatch(handler_request(c.method, c.path), res, scope));
        CHECK(res.status == 200);
        CHECK(res.body == c.body);
        CHECK(scope.token == "seen");
    }
}

TEST_CASE("an unknown path is 404 and no handler runs; a known path with another method is 405 with Allow") {
    const Router router = sample_router();
    for (const char* path : {"/nope", "/ui", "/ui/", "/_sim/messages", "/_sim/messages//status"}) {
        CAPTURE(path);
        httplib::Response res;
        RequestScope scope;
        CHECK_FALSE(router.dispatch(handler_request("GET", path), res, scope));
        CHECK(res.status == 404);
        CHECK(nlohmann::json::parse(res.body)["error"]["code"] == "not_found");
        CHECK(scope.token.empty());
    }
    httplib::Response res;
    RequestScope scope;
    CHECK(router.dispatch(handler_request("DELETE", "/_sim/messages/R1"), res, scope));
    CHECK(res.status == 405);
    CHECK(res.get_header_value("Allow") == "GET");
    CHECK(nlohmann::json::parse(res.body)["error"]["code"] == "method_not_allowed");
    CHECK(scope.token.empty());
}

TEST_CASE("describe lists every route as METHOD PATTERN, in the order added") {
    CHECK(sample_router().describe() ==
          std::vector<std::string>{"GET /", "GET /_sim/messages/{}", "POST /_sim/messages/{}/status", "GET /ui/{*}"});
}
