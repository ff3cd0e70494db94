// A list's GET (messages, inbound SMS, callback attempts): the page the query asks for, each
// item written as its event record writes it; with wait=DURATION (and min=N), the page once it
// holds N items or once the wait is over (docs/control-api.md, "Waiting").
//
// A call that waits is served again each time something its filter accepts changes
// (waits/waiters.hpp): its handler leaves `scope.serve_again`, and the simulator sleeps it
// outside the world, on a thread the worker pool does not count, until it should read again.
#pragma once

#include <httplib.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <utility>

#include "events/domain_events.hpp"
#include "http/control_api/control_call.hpp"
#include "http/control_api/routes.hpp"
#include "waits/waiters.hpp"

namespace sim::http::control_api {

// The longest wait=: a call that waits holds its connection and a thread of its own.
inline constexpr std::chrono::seconds max_wait{60};

struct WaitQuery {
    std::chrono::microseconds wait{0};
    std::size_t min = 1;  // the items the page must hold
};

// wait= and min= (nullopt in `out` without wait=); on a bad value sends the 400 naming it and
// returns false. `spec` is the page asked for: min is at most its limit.
bool read_wait_query(const httplib::Request& req, httplib::Response& res, const PageSpec& spec,
                     std::optional<WaitQuery>& out);

// The call's waiter: registered the first time it is served, re-armed the next ones (before
// the list is read, so no change between the reading and the sleep is missed). False, with
// the 503 sent, when as many calls wait as the simulator holds.
bool watch_for(const ControlApi& api, httplib::Response& res, RequestScope& scope, waits::Watch watch,
               const WaitQuery& wait);

// The answer's "timedOut" and "clock" (what a virtual clock has pending: a wait never moves it).
void add_wait_outcome(const ControlApi& api, bool found, nlohmann::json& extra);

// Answers the page `read_page(spec)` of the list whose cursors `position` finds, with `extra`'s
// members; `watch` is what the call waits for, with wait=.
template <class Record, class ReadPage>
void send_record_list(const ControlApi& api, const httplib::Request& req, httplib::Response& res,
                      RequestScope& scope, const char* items_key, const CursorLookup& position,
                      ReadPage read_page, waits::Watch watch, nlohmann::json extra = nlohmann::json::object()) {
    const auto spec = read_page_query(req, res, position);
    if (!spec) return;
    std::optional<WaitQuery> wait;
    if (!read_wait_query(req, res, *spec, wait)) return;
    if (wait && !watch_for(api, res, scope, std::move(watch), *wait)) return;
    auto page = read_page(*spec);
    if (wait) {
        const bool found = page.items.size() >= wait->min;
        if (!found && !scope.waiter->expired()) {
            scope.serve_again = true;
            return;
        }
        add_wait_outcome(api, found, extra);
    }
    using Item = typename decltype(page.items)::value_type;
    send_page(
        res, items_key, std::move(page),
        [](std::string& out, const Item& item) { events::append_fields(out, Record{item}); }, extra);
}

}  // namespace sim::http::control_api
