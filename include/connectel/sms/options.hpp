// The vocabulary of the text engine: encodings, national languages, options and capacities.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <optional>
#include <string_view>

#include "connectel/detail/enum_names.hpp"

namespace connectel::sms {

enum class Encoding : std::uint8_t { Gsm7, Ucs2 };

inline constexpr std::string_view to_string(Encoding e) noexcept {
    return e == Encoding::Gsm7 ? "GSM-7" : "UCS-2";
}

// National language tables of 3GPP TS 23.038 Annex A, by their language identifier.
enum class Language : std::uint8_t { Default = 0, Turkish = 1, Spanish = 2, Portuguese = 3 };

namespace detail {
// Each language once, in enum order: its ISO 639-1 code ("default" for none) and its English name.
struct LanguageNames {
    std::string_view code;
    std::string_view name;
};
inline constexpr LanguageNames language_names[] = {
    {"default", "default"}, {"tr", "Turkish"}, {"es", "Spanish"}, {"pt", "Portuguese"}};
inline constexpr LanguageNames names_of(Language l) noexcept {
    return connectel::detail::enum_name(l, language_names, language_names[0]);
}
}  // namespace detail

// "default", "tr", "es" or "pt".
inline constexpr std::string_view to_string(Language l) noexcept { return detail::names_of(l).code; }

// "default", "Turkish", "Spanish" or "Portuguese", as in "the Turkish locking shift table".
inline constexpr std::string_view language_name(Language l) noexcept { return detail::names_of(l).name; }

// "tr", "es" or "pt" (ISO 639-1), as the CLI's --national takes them.
inline constexpr std::optional<Language> parse_language(std::string_view code) noexcept {
    for (std::size_t i = 1; i < std::size(detail::language_names); ++i)
        if (detail::language_names[i].code == code) return static_cast<Language>(i);
    return std::nullopt;
}

// A set of national languages the engine may use; empty (the default) means none.
class LanguageSet {
public:
    constexpr LanguageSet() noexcept = default;
    constexpr LanguageSet(std::initializer_list<Language> languages) noexcept {
        for (Language l : languages) add(l);
    }
    constexpr LanguageSet& add(Language l) noexcept {
        if (l != Language::Default) bits_ = std::uint8_t(bits_ | 1u << static_cast<unsigned>(l));
        return *this;
    }
    constexpr bool contains(Language l) const noexcept {
        return (bits_ >> static_cast<unsigned>(l) & 1u) != 0;
    }
    constexpr bool empty() const noexcept { return bits_ == 0; }

private:
    std::uint8_t bits_ = 0;
};

// Size of the concatenation reference number in each part's header (23.040 §9.2.3.24.1/.8).
enum class ConcatReference : std::uint8_t { EightBit, SixteenBit };

struct Options {
    ConcatReference reference = ConcatReference::EightBit;
    // National tables to try when the default alphabet cannot encode the text. Off by default:
    // not every handset supports them, and gateways that do not send them bill UCS-2.
    LanguageSet national{};
};

// The size of the 140-octet user data that a part's header takes, including its length octet.
inline constexpr std::size_t header_octets(bool concatenated, ConcatReference reference,
                                           unsigned national_shift_ies) noexcept {
    const std::size_t concat_ie = concatenated ? (reference == ConcatReference::EightBit ? 5 : 6) : 0;
    const std::size_t ies = concat_ie + 3u * national_shift_ies;
    return ies == 0 ? 0 : ies + 1;
}

inline constexpr std::size_t user_data_octets = 140;

// Septets that fit beside a header: fill bits align the text to a septet boundary.
inline constexpr std::size_t gsm7_capacity(std::size_t header) noexcept {
    return (user_data_octets - header) * 8 / 7;
}
inline constexpr std::size_t ucs2_capacity(std::size_t header) noexcept {
    return (user_data_octets - header) / 2;
}

// The concatenation counters are one octet each.
inline constexpr std::size_t max_segments = 255;

}  // namespace connectel::sms
