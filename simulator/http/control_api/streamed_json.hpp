// Large answers written a piece at a time through cpp-httplib's chunked content provider: a
// page of a list is written item by item into chunks of about 64 KiB as the socket takes them,
// so no answer is ever whole in memory, neither as text nor as a JSON tree.
//
// The producer runs after the handler has returned, outside the world's lock and possibly after
// the world was replaced: it owns what it writes (copies of records, shared entries), never a
// reference into the gateway or the journal.
#pragma once

#include <httplib.h>

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>

#include "paging.hpp"

namespace sim::http {

// Appends the next piece of a JSON answer to `out`; returns false once the answer is complete.
using JsonPieces = std::function<bool(std::string& out)>;

// 200 with a JSON body written by `pieces`, chunk by chunk.
void send_streamed_json(httplib::Response& res, JsonPieces pieces);

// `head`, then what `middle` writes, then `tail`.
JsonPieces in_sequence(std::string head, JsonPieces middle, std::string tail);

// `value` as one line of JSON, as a list's item: what is not UTF-8 is replaced, not refused.
inline void append_json(std::string& out, const nlohmann::json& value) {
    out += value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// `value`'s members as `,"name":value...`, for a streamed object's fixed members.
void append_members(std::string& out, const nlohmann::json& value);

// A list's page: {"count", "more", "total", <extra's members>, "<items_key>": [...]}, where
// append_item(out, item) writes each item when its chunk is written.
template <class T, class AppendItem>
void send_page(httplib::Response& res, const char* items_key, Page<T> page, AppendItem append_item,
               const nlohmann::json& extra = nlohmann::json::object()) {
    std::string head = "{\"count\":" + std::to_string(page.items.size()) +
                       ",\"more\":" + (page.more ? "true" : "false") + ",\"total\":" + std::to_string(page.total);
    append_members(head, extra);
    head += ",\"";
    head += items_key;
    head += "\":[";
    struct Items {
        std::vector<T> items;
        std::size_t next = 0;
    };
    auto items = std::make_shared<Items>(Items{std::move(page.items)});
    JsonPieces each = [items, append_item](std::string& out) {
        if (items->next == items->items.size()) return false;
        if (items->next > 0) out += ',';
        append_item(out, items->items[items->next++]);
        return true;
    };
    send_streamed_json(res, in_sequence(std::move(head), std::move(each), "]}"));
}

}  // namespace sim::http
