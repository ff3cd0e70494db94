// GET /_sim/requests: the request journal, paged (of one token with ?tokenid= or ?token=),
// tokens masked.
#include "http/control_api/control_call.hpp"
#include "http/control_api/handlers.hpp"
#include "http/control_api/token_query.hpp"
#include "http/whole_number.hpp"

namespace sim::http::control_api {

void list_requests(const ControlApi& api, const httplib::Request& req, httplib::Response& res,
                   RequestScope&) {
    const auto token_id = read_token_query(api.gateway, req, res);
    if (!token_id) return;
    const auto& journal = api.journal;
    const auto page = read_page_query(req, res, [&](const std::string& cursor) -> std::optional<std::size_t> {
        const auto id = parse_whole_number(cursor);
        return id ? journal.position(*id) : std::nullopt;
    });
    if (!page) return;
    // Written after this handler returns, perhaps once the world (and its journal) is gone: the
    // writer keeps its own copy of the tokens to mask.
    RequestJournal::EntryMatch of_token;
    if (!token_id->empty()) of_token = journal_entries_of(api.gateway, *token_id);
    send_page(res, "requests", journal.entries(*page, of_token),
              [known = journal.known_tokens()](std::string& out, const RequestJournal::EntryPtr& entry) {
                  append_json(out, RequestJournal::entry_json(*entry, known));
              });
}

}  // namespace sim::http::control_api
