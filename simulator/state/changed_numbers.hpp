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
        if (enabled_) numbers_.push_back(number);
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
        std::sort(taken.numbers.begin(), taken.numbers.end());
        taken.numbers.erase(std::unique(taken.numbers.begin(), taken.numbers.end()), taken.numbers.end());
        return taken;
    }

private:
    bool enabled_ = false;
    bool cleared_ = false;
    std::vector<std::uint64_t> numbers_;
};

}  // namespace sim::state
