// NumberedDeque: numbers that hold while the oldest items go, items forgotten in place, and
// items put back under their old numbers.
#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <vector>

#include "numbered_deque.hpp"

namespace {

struct Item {
    std::string name;  // empty: forgotten
    bool forgotten() const noexcept { return name.empty(); }
};

sim::NumberedDeque<Item> deque_of(std::initializer_list<const char*> names) {
    sim::NumberedDeque<Item> items;
    for (const char* name : names) items.emplace_back(Item{name});
    return items;
}

}  // namespace

TEST_CASE("forget_if forgets the matches in place, tells each number, and drops the forgotten front") {
    auto items = deque_of({"a1", "b1", "a2", "b2"});
    std::vector<std::size_t> told;
    const auto forgotten = items.forget_if([](const Item& item) { return item.name[0] == 'a'; },
                                           [&](std::size_t number, const Item& item) {
                                               CHECK(item.name[0] == 'a');  // seen before it is emptied
                                               told.push_back(number);
                                           });
    CHECK(forgotten == 2);
    CHECK(told == std::vector<std::size_t>{0, 2});
    // a1 at the front went; a2 in the middle stays, forgotten, so b2 keeps number 3.
    CHECK(items.first() == 1);
    CHECK(items.end() == 4);
    CHECK(items[1].name == "b1");
    CHECK(items[2].forgotten());
    CHECK(items[3].name == "b2");
    // Forgotten items are not matched again.
    CHECK(items.forget_if([](const Item&) { return true; }, [](std::size_t, const Item&) {}) == 2);
    CHECK(items.empty());
    CHECK(items.end() == 4);
}

TEST_CASE("drop_oldest drops the front and the forgotten items right behind it") {
    auto items = deque_of({"a", "", "", "d"});
    items.drop_oldest();
    CHECK(items.first() == 3);
    CHECK(items.front().name == "d");
}

TEST_CASE("drop_before keeps a deque kept beside another numbered alike") {
    sim::NumberedDeque<int> beside;
    for (int i = 0; i < 5; ++i) beside.emplace_back(i);
    beside.drop_before(3);
    CHECK(beside.first() == 3);
    CHECK(beside.front() == 3);
    beside.drop_before(1);  // never goes back
    CHECK(beside.first() == 3);
}

TEST_CASE("restore_at puts items back under their numbers, the gaps forgotten") {
    sim::NumberedDeque<Item> items;
    items.restore_at(5, Item{"five"});
    items.restore_at(8, Item{"eight"});
    CHECK(items.first() == 5);
    CHECK(items.end() == 9);
    CHECK(items[6].forgotten());
    CHECK(items[7].forgotten());
    CHECK(items[8].name == "eight");
    items.skip_to(12);  // the numbering goes on past items forgotten since
    CHECK(items.end() == 12);
}

TEST_CASE("a shared entry is forgotten once null") {
    sim::NumberedDeque<std::shared_ptr<const int>> entries;
    entries.emplace_back(std::make_shared<const int>(1));
    entries.emplace_back(std::make_shared<const int>(2));
    CHECK(entries.forget_if([](const auto& entry) { return *entry == 1; }, [](std::size_t, const auto&) {}) == 1);
    CHECK(entries.first() == 1);
    CHECK(*entries.front() == 2);
}
