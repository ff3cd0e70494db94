// Reading ?limit=&order=&before=&after= with errors that name the parameter.
#include "http/control_api/page_query.hpp"

#include "http/json_response.hpp"
#include "http/whole_number.hpp"

namespace sim::http {

std::optional<PageSpec> read_page_query(const httplib::Request& req, httplib::Response& res,
                                        const CursorLookup& position) {
    PageSpec spec;
    spec.limit = default_page_limit;
    if (req.has_param("limit")) {
        const std::string text = req.get_param_value("limit");
        const auto limit = parse_whole_number(text);
        if (!limit || *limit < 1 || *limit > max_page_limit) {
            send_error(res, 400, "invalid_parameter",
                       "limit is a whole number from 1 to " + std::to_string(max_page_limit) + ", not \"" + text + "\"",
                       "limit");
            return std::nullopt;
        }
        spec.limit = static_cast<std::size_t>(*limit);
    }
    if (req.has_param("order")) {
        const std::string order = req.get_param_value("order");
        if (order != "asc" && order != "desc") {
            send_error(res, 400, "invalid_parameter", "order is asc (oldest first) or desc, not \"" + order + "\"",
                       "order");
            return std::nullopt;
        }
        spec.newest_first = order == "desc";
    }
    for (const char* name : {"before", "after"}) {
        if (!req.has_param(name)) continue;
        const std::string cursor = req.get_param_value(name);
        const auto at = position(cursor);
        if (!at) {
            send_error(res, 400, "invalid_parameter",
                       std::string(name) + " names no item of this list: \"" + cursor + "\" (reset since?)", name);
            return std::nullopt;
        }
        (name[0] == 'b' ? spec.before : spec.after) = *at;
    }
    return spec;
}

}  // namespace sim::http
