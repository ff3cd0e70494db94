// Paging of the control API's lists (messages, inbound SMS, callback attempts, requests): a
// page is a window of positions in a list kept oldest first, so the page of a 100,000-message
// simulator costs a copy of 100 records, not of every one.
//
// Positions are the list's own numbering, which an item keeps when older ones are forgotten
// (the lists are bounded): the items held are those in [first, end), and a cursor may name a
// position before `first`, an item already forgotten. Paging from it still makes sense: after it
// is everything kept, before it is nothing.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <optional>
#include <vector>

namespace sim {

struct PageSpec {
    std::size_t limit = SIZE_MAX;  // the HTTP layer always sets one (docs/control-api.md, "Paging")
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

// Positions in [first, end) of the page `spec` asks for among those `matches` accepts.
// `matches(position)` is called at most twice per position.
template <class Matches>
Page<std::size_t> select_page(std::size_t first, std::size_t end, const PageSpec& spec, Matches&& matches) {
    Page<std::size_t> page;
    for (std::size_t i = first; i < end; ++i) page.total += matches(i) ? 1 : 0;
    const std::size_t begin = spec.after ? std::clamp(*spec.after + 1, first, end) : first;
    const std::size_t stop = spec.before ? std::clamp(*spec.before, first, end) : end;
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
        for (std::size_t i = stop; i > begin;)
            if (!take(--i)) break;
    } else {
        for (std::size_t i = begin; i < stop; ++i)
            if (!take(i)) break;
    }
    return page;
}

// The same page among `matching`: the numbers of the items a filter accepts, ascending, as an
// index found them (rather than a pass over every position).
inline Page<std::size_t> select_page_among(const std::vector<std::size_t>& matching, const PageSpec& spec) {
    Page<std::size_t> page;
    page.total = matching.size();
    const auto begin = spec.after ? std::upper_bound(matching.begin(), matching.end(), *spec.after) : matching.begin();
    auto stop = spec.before ? std::lower_bound(matching.begin(), matching.end(), *spec.before) : matching.end();
    if (stop < begin) stop = begin;
    const auto available = static_cast<std::size_t>(stop - begin);
    const std::size_t take = std::min(available, spec.limit);
    page.more = available > take;
    if (spec.newest_first)
        page.items.assign(std::make_reverse_iterator(stop), std::make_reverse_iterator(stop) + static_cast<std::ptrdiff_t>(take));
    else
        page.items.assign(begin, begin + static_cast<std::ptrdiff_t>(take));
    return page;
}

}  // namespace sim
