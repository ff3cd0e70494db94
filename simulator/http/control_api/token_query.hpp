// ?tokenid=ID or ?token=TOKEN on a control call: the one token it is about (its lists, its
// events, its reset), so that parallel tests sharing one simulator each see only their own.
#pragma once

#include <httplib.h>

#include <optional>
#include <string>

#include "gateway/gateway.hpp"
#include "http/transport/request_journal.hpp"

namespace sim::http::control_api {

// The id of the token the query names: `tokenid` as given, or the id `token` goes by (a token
// the scenario does not list has one derived from it). "" when neither is given: any token.
// nullopt, with the 400 sent naming the parameter, when both are given, one is given empty, or
// the id is not one of the tokens the scenario lists.
std::optional<std::string> read_token_query(const gateway::Gateway& gateway, const httplib::Request& req,
                                            httplib::Response& res);

// The journal entries of the token with this id: the requests that gave its token. `gateway`
// must outlive the match.
RequestJournal::EntryMatch journal_entries_of(const gateway::Gateway& gateway, std::string token_id);

}  // namespace sim::http::control_api
