// A deque whose items are numbered in the order they came, numbers that stay when the oldest
// items are dropped: what the bounded lists (messages, bulks, inbound SMS, callback attempts,
// the journal) keep, so that an id or a paging cursor keeps meaning the same item, or an item
// already forgotten, whatever was dropped since.
#pragma once

#include <cstddef>
#include <deque>
#include <utility>

namespace sim {

template <class T>
class NumberedDeque {
public:
    std::size_t first() const noexcept { return first_; }                 // the front item's number
    std::size_t end() const noexcept { return first_ + items_.size(); }  // the next item's number
    std::size_t size() const noexcept { return items_.size(); }
    bool empty() const noexcept { return items_.empty(); }
    bool holds(std::size_t number) const noexcept { return number >= first_ && number < end(); }

    T* find(std::size_t number) noexcept { return holds(number) ? &items_[number - first_] : nullptr; }
    const T* find(std::size_t number) const noexcept { return holds(number) ? &items_[number - first_] : nullptr; }
    // The item numbered `number`, which must be held.
    T& operator[](std::size_t number) { return items_[number - first_]; }
    const T& operator[](std::size_t number) const { return items_[number - first_]; }

    T& front() { return items_.front(); }
    const T& front() const { return items_.front(); }
    const T& back() const { return items_.back(); }

    // Growing a deque never moves what it holds: a million items grow without a pause.
    template <class... Args>
    T& emplace_back(Args&&... args) {
        return items_.emplace_back(std::forward<Args>(args)...);
    }
    void pop_front() {
        items_.pop_front();
        ++first_;
    }
    // Makes `number` the next item's (a restart from a state file): an empty deque starts there,
    // else forgotten items, default-made, fill the gap. Never goes back.
    void skip_to(std::size_t number) {
        if (items_.empty()) {
            if (number > first_) first_ = number;
            return;
        }
        while (end() < number) items_.emplace_back();
    }
    // Drops every item; the numbers go on from where they were.
    void clear() {
        first_ = end();
        items_.clear();
    }
    // Drops every item; the numbers start again from 0.
    void restart() {
        first_ = 0;
        items_.clear();
    }

private:
    std::deque<T> items_;
    std::size_t first_ = 0;
};

}  // namespace sim
