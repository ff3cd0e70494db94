// The GSM 7-bit alphabets of 3GPP TS 23.038: default tables (§6.2.1, §6.2.1.1) and the
// Turkish, Spanish and Portuguese national tables (Annex A.2 single shift, A.3 locking shift).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace connectel::sms::detail {

// Forward tables map a septet (0x00..0x7F) to a Unicode scalar value; 0 marks an unused
// position (no table maps a septet to U+0000, and 0x1B is the escape, not a character).
using SeptetTable = std::array<char32_t, 128>;

inline constexpr std::uint8_t escape_septet = 0x1B;

// §6.2.1. 0x09 is capital Ç as drawn by 3GPP and used by every calculator and gateway,
// not the small ç of Unicode's informative GSM0338.TXT.
inline constexpr SeptetTable default_basic = {
    0x0040, 0x00A3, 0x0024, 0x00A5, 0x00E8, 0x00E9, 0x00F9, 0x00EC,  // 0x00
    0x00F2, 0x00C7, 0x000A, 0x00D8, 0x00F8, 0x000D, 0x00C5, 0x00E5,  // 0x08
    0x0394, 0x005F, 0x03A6, 0x0393, 0x039B, 0x03A9, 0x03A0, 0x03A8,  // 0x10
    0x03A3, 0x0398, 0x039E, 0x0000, 0x00C6, 0x00E6, 0x00DF, 0x00C9,  // 0x18
    0x0020, 0x0021, 0x0022, 0x0023, 0x00A4, 0x0025, 0x0026, 0x0027,  // 0x20
    0x0028, 0x0029, 0x002A, 0x002B, 0x002C, 0x002D, 0x002E, 0x002F,  // 0x28
    0x0030, 0x0031, 0x0032, 0x0033, 0x0034, 0x0035, 0x0036, 0x0037,  // 0x30
    0x0038, 0x0039, 0x003A, 0x003B, 0x003C, 0x003D, 0x003E, 0x003F,  // 0x38
    0x00A1, 0x0041, 0x0042, 0x0043, 0x0044, 0x0045, 0x0046, 0x0047,  // 0x40
    0x0048, 0x0049, 0x004A, 0x004B, 0x004C, 0x004D, 0x004E, 0x004F,  // 0x48
    0x0050, 0x0051, 0x0052, 0x0053, 0x0054, 0x0055, 0x0056, 0x0057,  // 0x50
    0x0058, 0x0059, 0x005A, 0x00C4, 0x00D6, 0x00D1, 0x00DC, 0x00A7,  // 0x58
    0x00BF, 0x0061, 0x0062, 0x0063, 0x0064, 0x0065, 0x0066, 0x0067,  // 0x60
    0x0068, 0x0069, 0x006A, 0x006B, 0x006C, 0x006D, 0x006E, 0x006F,  // 0x68
    0x0070, 0x0071, 0x0072, 0x0073, 0x0074, 0x0075, 0x0076, 0x0077,  // 0x70
    0x0078, 0x0079, 0x007A, 0x00E4, 0x00F6, 0x00F1, 0x00FC, 0x00E0,  // 0x78
};

struct ShiftEntry {
    std::uint8_t septet;
    char32_t code_point;
};

// A locking-shift table that is the default table with some positions replaced.
template <std::size_t N>
constexpr SeptetTable replacing(const SeptetTable& base, const ShiftEntry (&replaced)[N]) {
    SeptetTable t = base;
    for (const ShiftEntry& e : replaced) t[e.septet] = e.code_point;
    return t;
}

// A.3.1: the default table with eight letters replaced.
inline constexpr ShiftEntry turkish_locking_replaced[] = {
    {0x04, 0x20AC},  // € for è
    {0x07, 0x0131},  // ı for ì
    {0x0B, 0x011E},  // Ğ for Ø
    {0x0C, 0x011F},  // ğ for ø
    {0x1C, 0x015E},  // Ş for Æ
    {0x1D, 0x015F},  // ş for æ
    {0x40, 0x0130},  // İ for ¡
    {0x60, 0x00E7},  // ç for ¿
};
inline constexpr SeptetTable turkish_locking = replacing(default_basic, turkish_locking_replaced);

// A.3.3: the default table with thirty positions replaced: accented letters for the default's,
// and for the Greek capitals but Δ, with ^ \ | € and ∞ moved in from the extension table.
inline constexpr ShiftEntry portuguese_locking_replaced[] = {
    // ê ú í for è ù ì
    {0x04, 0x00EA}, {0x06, 0x00FA}, {0x07, 0x00ED},
    // ó ç Ô ô Á á for ò Ç Ø ø Å å
    {0x08, 0x00F3}, {0x09, 0x00E7}, {0x0B, 0x00D4}, {0x0C, 0x00F4}, {0x0E, 0x00C1}, {0x0F, 0x00E1},
    // ª Ç À ∞ ^ \ for Φ Γ Λ Ω Π Ψ
    {0x12, 0x00AA}, {0x13, 0x00C7}, {0x14, 0x00C0}, {0x15, 0x221E}, {0x16, 0x005E}, {0x17, 0x005C},
    // € Ó | Â â Ê for Σ Θ Ξ Æ æ ß
    {0x18, 0x20AC}, {0x19, 0x00D3}, {0x1A, 0x007C}, {0x1C, 0x00C2}, {0x1D, 0x00E2}, {0x1E, 0x00CA},
    // º for ¤
    {0x24, 0x00BA},
    // Í for ¡
    {0x40, 0x00CD},
    // Ã Õ Ú for Ä Ö Ñ
    {0x5B, 0x00C3}, {0x5C, 0x00D5}, {0x5D, 0x00DA},
    // ~ for ¿
    {0x60, 0x007E},
    // ã õ ` for ä ö ñ
    {0x7B, 0x00E3}, {0x7C, 0x00F5}, {0x7D, 0x0060},
};
inline constexpr SeptetTable portuguese_locking = replacing(default_basic, portuguese_locking_replaced);

template <std::size_t N>
constexpr SeptetTable make_shift_table(const ShiftEntry (&entries)[N]) {
    SeptetTable t{};
    for (const ShiftEntry& e : entries) t[e.septet] = e.code_point;
    return t;
}

// §6.2.1.1: the extension table every national single-shift table also carries.
#define CONNECTEL_DEFAULT_EXTENSION_ENTRIES                                                         \
    {0x0A, 0x000C}, {0x14, 0x005E}, {0x28, 0x007B}, {0x29, 0x007D}, {0x2F, 0x005C}, {0x3C, 0x005B}, \
        {0x3D, 0x007E}, {0x3E, 0x005D}, {0x40, 0x007C}, {                                           \
        0x65, 0x20AC                                                                                \
    }

inline constexpr ShiftEntry default_extension_entries[] = {CONNECTEL_DEFAULT_EXTENSION_ENTRIES};

// A.2.1
inline constexpr ShiftEntry turkish_single_entries[] = {
    CONNECTEL_DEFAULT_EXTENSION_ENTRIES,
    {0x47, 0x011E},
    {0x49, 0x0130},
    {0x53, 0x015E},
    {0x63, 0x00E7},
    {0x67, 0x011F},
    {0x69, 0x0131},
    {0x73, 0x015F},
};

// A.2.2
inline constexpr ShiftEntry spanish_single_entries[] = {
    CONNECTEL_DEFAULT_EXTENSION_ENTRIES,
    {0x09, 0x00E7},
    {0x41, 0x00C1},
    {0x49, 0x00CD},
    {0x4F, 0x00D3},
    {0x55, 0x00DA},
    {0x61, 0x00E1},
    {0x69, 0x00ED},
    {0x6F, 0x00F3},
    {0x75, 0x00FA},
};

// A.2.3
inline constexpr ShiftEntry portuguese_single_entries[] = {
    CONNECTEL_DEFAULT_EXTENSION_ENTRIES,
    {0x05, 0x00EA},
    {0x09, 0x00E7},
    {0x0B, 0x00D4},
    {0x0C, 0x00F4},
    {0x0E, 0x00C1},
    {0x0F, 0x00E1},
    {0x12, 0x03A6},
    {0x13, 0x0393},
    {0x15, 0x03A9},
    {0x16, 0x03A0},
    {0x17, 0x03A8},
    {0x18, 0x03A3},
    {0x19, 0x0398},
    {0x1F, 0x00CA},
    {0x41, 0x00C0},
    {0x49, 0x00CD},
    {0x4F, 0x00D3},
    {0x55, 0x00DA},
    {0x5B, 0x00C3},
    {0x5C, 0x00D5},
    {0x61, 0x00C2},
    {0x69, 0x00ED},
    {0x6F, 0x00F3},
    {0x75, 0x00FA},
    {0x7B, 0x00E3},
    {0x7C, 0x00F5},
    {0x7F, 0x00E2},
};

#undef CONNECTEL_DEFAULT_EXTENSION_ENTRIES

inline constexpr SeptetTable default_extension = make_shift_table(default_extension_entries);
inline constexpr SeptetTable turkish_single = make_shift_table(turkish_single_entries);
inline constexpr SeptetTable spanish_single = make_shift_table(spanish_single_entries);
inline constexpr SeptetTable portuguese_single = make_shift_table(portuguese_single_entries);

// Tables by national language identifier (23.038 §6.2.1.2.4): 0 default, 1 Turkish,
// 2 Spanish, 3 Portuguese. Spanish has no locking-shift table (A.3.2 is void).
inline constexpr std::size_t language_count = 4;
inline constexpr const SeptetTable* locking_tables[language_count] = {&default_basic, &turkish_locking,
                                                                      nullptr, &portuguese_locking};
inline constexpr const SeptetTable* single_shift_tables[language_count] = {
    &default_extension, &turkish_single, &spanish_single, &portuguese_single};

// Reverse lookup: every table character but € and ∞ lies below U+0400, so a dense array
// covers them and the few above are checked one by one.
inline constexpr char32_t dense_limit = 0x400;
inline constexpr std::uint8_t no_septet = 0xFF;

struct ReverseTable {
    std::array<std::uint8_t, dense_limit> dense{};
    std::array<char32_t, 4> high_code_points{};
    std::array<std::uint8_t, 4> high_septets{};
    std::size_t high_count = 0;

    constexpr std::uint8_t find(char32_t cp) const noexcept {
        if (cp < dense_limit) return dense[cp];
        for (std::size_t i = 0; i < high_count; ++i)
            if (high_code_points[i] == cp) return high_septets[i];
        return no_septet;
    }
};

constexpr ReverseTable make_reverse(const SeptetTable& forward) {
    ReverseTable r{};
    for (auto& d : r.dense) d = no_septet;
    for (std::size_t s = 0; s < forward.size(); ++s) {
        const char32_t cp = forward[s];
        if (cp == 0) continue;
        if (cp < dense_limit) {
            r.dense[cp] = static_cast<std::uint8_t>(s);
        } else {
            r.high_code_points[r.high_count] = cp;
            r.high_septets[r.high_count] = static_cast<std::uint8_t>(s);
            ++r.high_count;
        }
    }
    return r;
}

inline constexpr ReverseTable reverse_locking[language_count] = {
    make_reverse(default_basic), make_reverse(turkish_locking), make_reverse(default_basic),
    make_reverse(portuguese_locking)};
inline constexpr ReverseTable reverse_single[language_count] = {
    make_reverse(default_extension), make_reverse(turkish_single), make_reverse(spanish_single),
    make_reverse(portuguese_single)};

// Septet cost of a code point below U+0400 in the default alphabet: 1 basic, 2 extension
// (ESC + code), 0 not encodable. The hot path of counting reads only this and U+20AC (€).
inline constexpr std::array<std::uint8_t, dense_limit> default_cost = [] {
    std::array<std::uint8_t, dense_limit> cost{};
    const ReverseTable basic = make_reverse(default_basic);
    const ReverseTable ext = make_reverse(default_extension);
    for (std::size_t cp = 0; cp < dense_limit; ++cp) {
        if (basic.dense[cp] != no_septet)
            cost[cp] = 1;
        else if (ext.dense[cp] != no_septet)
            cost[cp] = 2;
    }
    return cost;
}();

inline constexpr char32_t euro_sign = 0x20AC;

}  // namespace connectel::sms::detail
