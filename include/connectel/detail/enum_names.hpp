// Naming the values of an enum from a table written in the enum's order, instead of a switch.
#pragma once

#include <cstddef>

namespace connectel::detail {

// names[e] for an enum whose values run 0, 1, 2, ... in the order of `names`; `fallback` for a
// value past the table (only a cast can make one).
template <class Enum, class Name, std::size_t N, class Fallback>
constexpr Name enum_name(Enum e, const Name (&names)[N], Fallback fallback) noexcept {
    const auto i = static_cast<std::size_t>(e);
    return i < N ? names[i] : Name(fallback);
}

}  // namespace connectel::detail
