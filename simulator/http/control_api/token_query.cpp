// Reading ?tokenid= and ?token=: which token a call is about.
#include "http/control_api/token_query.hpp"

#include "connectel/excerpt.hpp"
#include "http/json_response.hpp"

namespace sim::http::control_api {

std::optional<std::string> read_token_query(const gateway::Gateway& gateway, const httplib::Request& req,
                                            httplib::Response& res) {
    const bool by_id = req.has_param("tokenid"), by_token = req.has_param("token");
    if (by_id && by_token) {
        send_error(res, 400, "invalid_parameter", "give tokenid or token, not both", "token");
        return std::nullopt;
    }
    if (!by_id && !by_token) return std::string();
    const char* name = by_id ? "tokenid" : "token";
    const std::string value = req.get_param_value(name);
    if (value.empty()) {
        send_error(res, 400, "invalid_parameter", std::string(name) + " is empty; leave it out for every token",
                   name);
        return std::nullopt;
    }
    std::string id = by_id ? value : gateway.token_id_of(value);
    if (!gateway.may_be_token_id(id)) {
        send_error(res, 400, "unknown_token",
                   by_id ? "no token of the scenario has the id \"" + connectel::excerpt(value) + "\""
                         : std::string("the scenario lists no such token"),
                   name);
        return std::nullopt;
    }
    return id;
}

RequestJournal::EntryMatch journal_entries_of(const gateway::Gateway& gateway, std::string token_id) {
    return [&gateway, id = std::move(token_id)](const RequestJournal::Entry& entry) {
        return !entry.token.empty() && gateway.token_id_of(entry.token) == id;
    };
}

}  // namespace sim::http::control_api
