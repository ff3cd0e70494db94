// What the control API's handlers share: reading a call's JSON body and its string members, a
// status name, and settling the virtual clock after a change. (A list's GET: list_call.hpp.)
#pragma once

#include <httplib.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>

#include "clock/scheduler.hpp"
#include "connectel/status.hpp"
#include "events/field_json.hpp"
#include "http/control_api/page_query.hpp"
#include "http/control_api/streamed_json.hpp"

namespace sim::http::control_api {

// A control call's body: a JSON object, or nothing. (browser_guard.hpp has refused other types.)
using Body = nlohmann::ordered_json;

// The body, {} when empty; on a body that is not a JSON object, sends the 400 and returns nullopt.
std::optional<Body> read_json_body(const httplib::Request& req, httplib::Response& res);

// The member `name` as a string, "" when absent or null; otherwise sends the 400.
std::optional<std::string> string_member(const Body& body, const char* name, httplib::Response& res);

// A status by its name (statusStr); otherwise sends the 400 naming the field "status".
std::optional<connectel::Status> read_status(const std::string& text, httplib::Response& res);

// On a virtual clock, what a control call set off now (its callbacks' first attempts) runs
// before the call returns, as it would have on a real clock by the time a test looks.
void settle_now(Scheduler& scheduler);

}  // namespace sim::http::control_api
