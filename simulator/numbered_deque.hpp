// A deque whose items are numbered in the order they came, numbers that stay when the oldest
// items are dropped: what the bounded lists (messages, bulks, inbound SMS, callback attempts,
// the journal) keep, so that an id or a paging cursor keeps meaning the same item, or an item
// already forgotten, whatever was dropped since.
#pragma once

#include <cstddef>
#include <deque>
#include <memory>
#include <utility>

namespace sim {

// An item forgotten in place (a token's reset, a bound): its slot stays, empty, so the numbers
// of the others hold, until the front reaches it. Items say so themselves; a shared entry is
// forgotten once it is null.
template <class T>
bool is_forgotten(const T& item) {
    return item.forgotten();
}
template <class T>
bool is_forgotten(const std::shared_ptr<T>& item) {
    return !item;
}

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
    // Drops the oldest item, and the forgotten ones right behind it: what a bound does.
    void drop_oldest() {
        pop_front();
        drop_forgotten_front();
    }
    // Drops the forgotten items at the front, which no number needs any longer.
    void drop_forgotten_front() {
        while (!items_.empty() && is_forgotten(items_.front())) pop_front();
    }
    // Drops the items numbered below `number`: a deque kept beside another, numbered alike.
    void drop_before(std::size_t number) {
        while (!items_.empty() && first_ < number) pop_front();
    }
    // Forgets, in place, each kept item that `match` picks, after `on_forget(number, item)` has
    // seen it; then drops the forgotten front. Returns how many it forgot.
    template <class Match, class OnForget>
    std::size_t forget_if(Match&& match, OnForget&& on_forget) {
        std::size_t forgotten = 0;
        for (std::size_t number = first_; number < end(); ++number) {
            T& item = items_[number - first_];
            if (is_forgotten(item) || !match(item)) continue;
            on_forget(number, item);
            item = T{};
            ++forgotten;
        }
        drop_forgotten_front();
        return forgotten;
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
    // Puts back an item under its old number (a restart from a state file), past those before it.
    template <class... Args>
    T& restore_at(std::size_t number, Args&&... args) {
        skip_to(number);
        return items_.emplace_back(std::forward<Args>(args)...);
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
