// The paging parameters of the control API's lists: limit, order=asc|desc, before/after a
// cursor (docs/control-api.md, "Paging").
#pragma once

#include <httplib.h>

#include <functional>
#include <optional>
#include <string>

#include "paging.hpp"

namespace sim::http {

// A page without `limit` has 100 items at most, and none more than 1,000: a page of the
// largest messages is then about 10 MB of JSON, written as the socket takes it.
inline constexpr std::size_t default_page_limit = 100;
inline constexpr std::size_t max_page_limit = 1'000;

// Where the item a cursor names stands in its list; nullopt for no such item.
using CursorLookup = std::function<std::optional<std::size_t>(const std::string& cursor)>;

// The page a request asks for; on a bad parameter, sends the 400 naming it and returns nullopt.
std::optional<PageSpec> read_page_query(const httplib::Request& req, httplib::Response& res,
                                        const CursorLookup& position);

}  // namespace sim::http
