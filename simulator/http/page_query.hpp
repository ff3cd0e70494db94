// The paging parameters of the control API's lists: limit, order=asc|desc, before/after a
// cursor (README, "Paging"), and the answer's count, total and more.
#pragma once

#include <httplib.h>

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "paging.hpp"

namespace sim::http {

inline constexpr std::size_t max_page_limit = 10'000;

// Where the item a cursor names stands in its list; nullopt for no such item.
using CursorLookup = std::function<std::optional<std::size_t>(const std::string& cursor)>;

// The page a request asks for; on a bad parameter, sends the 400 naming it and returns nullopt.
std::optional<PageSpec> read_page_query(const httplib::Request& req, httplib::Response& res,
                                        const CursorLookup& position);

// {"<items_key>": [...], "count", "total", "more"}
template <class T, class ToJson>
nlohmann::json page_json(const char* items_key, const Page<T>& page, ToJson&& to_json) {
    nlohmann::json items = nlohmann::json::array();
    for (const auto& item : page.items) items.push_back(to_json(item));
    const auto count = items.size();
    return {{items_key, std::move(items)}, {"count", count}, {"total", page.total}, {"more", page.more}};
}

}  // namespace sim::http
