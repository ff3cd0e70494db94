// Which items of a store changed since the state writer last looked: the numbers to write again
// (or to delete, if gone by then), and whether the store was emptied first. Costs a push_back a
// change while a state file is kept (--state), nothing otherwise.
#pragma once

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

namespace sim::state {

class ChangedNumbers {
public:
    void enable() noexcept { enabled_ = true; }
    bool enabled() const noexcept { return enabled_; }

    void note(std::uint64_t number) {
        if (!enabled_) return;
        numbers_.push_back(number);
        // A writer that falls behind (every core busy) must not let the list grow with every
        // change: folded to each number once, it holds no more than the items changed.
        if (numbers_.size() >= compact_at_) {
            compact(numbers_);
            compact_at_ = std::max(min_compact_at, 2 * numbers_.size());
        }
    }
    // Everything was forgotten: what changed before matters no more.
    void note_cleared() {
        if (!enabled_) return;
        cleared_ = true;
        numbers_.clear();
    }

    // The changes so far, each number once and in order, and whether the store was emptied
    // before them; then starts afresh.
    struct Taken {
        bool cleared = false;
        std::vector<std::uint64_t> numbers;
    };
    Taken take() {
        Taken taken{std::exchange(cleared_, false), std::exchange(numbers_, {})};
        compact(taken.numbers);
        compact_at_ = min_compact_at;
        return taken;
    }

private:
    static constexpr std::size_t min_compact_at = 1 << 20;
    static void compact(std::vector<std::uint64_t>& numbers) {
        std::sort(numbers.begin(), numbers.end());
        numbers.erase(std::unique(numbers.begin(), numbers.end()), numbers.end());
    }

    std::size_t compact_at_ = min_compact_at;
    bool enabled_ = false;
    bool cleared_ = false;
    std::vector<std::uint64_t> numbers_;
};

}  // namespace sim::state
