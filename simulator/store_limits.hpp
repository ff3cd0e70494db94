// What each of the simulator's three stores keeps at most (--max-messages, --max-store-bytes):
// messages, inbound SMS and callback attempts, each on its own. Past either bound the oldest
// go (docs/simulator.md, "Memory"). The bytes are an item's estimated footprint: a fixed part measured
// with a release build (about 530 bytes a stored message with a short text, its pending
// lifecycle step included) plus its variable text, so a store of the longest texts (6.4 KB
// each) is bounded as well as one of short ones.
#pragma once

#include <algorithm>
#include <cstddef>

namespace sim {

struct StoreLimits {
    std::size_t items = 250'000;
    std::size_t bytes = 128 * 1024 * 1024;

    // Whether a store holding `count` items of `footprint` bytes is over a bound; the newest
    // item is always kept.
    bool exceeded(std::size_t count, std::size_t footprint) const noexcept {
        return count > std::max<std::size_t>(1, items) || (count > 1 && footprint > bytes);
    }
};

}  // namespace sim
