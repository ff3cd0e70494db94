// POST /_sim/reset: messages, inbound SMS, the journal and callbacks forgotten; the clock and
// the scenario stay. With ?tokenid= or ?token=, only that token's: the others' run on.
#include "events/domain_events.hpp"
#include "http/control_api/handlers.hpp"
#include "http/control_api/token_query.hpp"
#include "http/json_response.hpp"

namespace sim::http::control_api {

void reset(const ControlApi& api, const httplib::Request& req, httplib::Response& res, RequestScope&) {
    const auto token_id = read_token_query(api.gateway, req, res);
    if (!token_id) return;
    if (token_id->empty()) {
        api.gateway.reset();
        api.journal.clear();
        api.injector.reset();
        api.dispatcher.reset();
        events::publish(api.events, events::Reset{});
        return send_json(res, 200, {{"status", "ok"}});
    }
    // The messages first: once they are gone no step of theirs can queue a DLR, so the
    // dispatcher then forgets every callback they queued.
    const auto forgotten = api.gateway.forget_token(*token_id);
    api.injector.forget_token(*token_id);
    const std::size_t callbacks = api.dispatcher.forget_token(*token_id);
    const std::size_t requests = api.journal.forget_if(journal_entries_of(api.gateway, *token_id));
    events::publish(api.events, events::Reset{*token_id});
    send_json(res, 200,
              {{"status", "ok"},
               {"tokenid", *token_id},
               {"forgotten",
                {{"messages", forgotten.messages},
                 {"inbound", forgotten.inbound},
                 {"callbacks", callbacks},
                 {"requests", requests}}}});
}

}  // namespace sim::http::control_api
