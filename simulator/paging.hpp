// Paging of the control API's lists (messages, inbound SMS, callback attempts, requests): a
// page is a window of positions in a list kept oldest first, so the page of a 100,000-message
// simulator costs a copy of 100 records, not of every one.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace sim {

struct PageSpec {
    std::size_t limit = SIZE_MAX;
    bool newest_first = false;
    // Exclusive cursors, as positions in the list: only items before / after them.
    std::optional<std::size_t> before, after;
};

template <class T>
struct Page {
    std::vector<T> items;   // in the order asked
    std::size_t total = 0;  // items matching the filter, whatever the cursors and limit
    bool more = false;      // matching items lie beyond this page, in the order asked
};

// Positions in [0, size) of the page `spec` asks for among those `matches` accepts.
// `matches(position)` is called at most twice per position.
template <class Matches>
Page<std::size_t> select_page(std::size_t size, const PageSpec& spec, Matches&& matches) {
    Page<std::size_t> page;
    for (std::size_t i = 0; i < size; ++i) page.total += matches(i) ? 1 : 0;
    const std::size_t begin = spec.after ? std::min(*spec.after + 1, size) : 0;
    const std::size_t end = spec.before ? std::min(*spec.before, size) : size;
    const auto take = [&](std::size_t i) {
        if (!matches(i)) return true;
        if (page.items.size() == spec.limit) {
            page.more = true;
            return false;
        }
        page.items.push_back(i);
        return true;
    };
    if (spec.newest_first) {
        for (std::size_t i = end; i > begin;)
            if (!take(--i)) break;
    } else {
        for (std::size_t i = begin; i < end; ++i)
            if (!take(i)) break;
    }
    return page;
}

}  // namespace sim
