// What the control API's handlers share: reading a call's JSON body and its string members, a
// status name, settling the virtual clock after a change, and answering a list's page.
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

// A list's GET: the page the query asks for (a cursor is found by `position`), read by
// `read_page(spec)`, each item written as the event record `Record` writes it.
template <class Record, class ReadPage>
void send_record_list(const httplib::Request& req, httplib::Response& res, const char* items_key,
                      const CursorLookup& position, ReadPage read_page,
                      const nlohmann::json& extra = nlohmann::json::object()) {
    const auto spec = read_page_query(req, res, position);
    if (!spec) return;
    auto page = read_page(*spec);
    using Item = typename decltype(page.items)::value_type;
    send_page(
        res, items_key, std::move(page),
        [](std::string& out, const Item& item) { events::append_fields(out, Record{item}); }, extra);
}

}  // namespace sim::http::control_api
