// The bytes on the air: septet codes, GSM-7 packing with fill bits, the user data header of
// each part (23.040 §9.2.3.24) and the TP-UD payload, so a user sees more than a count.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "connectel/detail/gsm7_tables.hpp"
#include "connectel/detail/utf8.hpp"
#include "connectel/utf8.hpp"
#include "connectel/error.hpp"
#include "connectel/sms/options.hpp"
#include "connectel/sms/split.hpp"

namespace connectel::sms {

using Bytes = std::vector<std::uint8_t>;

// Septet codes of `text` (an extension character becomes 0x1B + code). Throws Error when a
// character is not in the tables, InvalidUtf8 on invalid input.
inline Bytes encode_septets(std::string_view text, Language locking = Language::Default,
                            Language single = Language::Default) {
    const auto& basic = detail::reverse_locking[static_cast<unsigned>(locking)];
    const auto& shift = detail::reverse_single[static_cast<unsigned>(single)];
    Bytes septets;
    septets.reserve(text.size());
    detail::for_each_code_point(text, [&](char32_t cp, std::size_t byte_offset, std::size_t) {
        if (const std::uint8_t s = basic.find(cp); s != detail::no_septet) {
            septets.push_back(s);
        } else if (const std::uint8_t e = shift.find(cp); e != detail::no_septet) {
            septets.push_back(detail::escape_septet);
            septets.push_back(e);
        } else {
            throw Error("character at byte " + std::to_string(byte_offset) +
                        " is not in the GSM 7-bit tables");
        }
    });
    return septets;
}

// Text of septet codes. An escape followed by a code the single-shift table leaves unused
// reads as the basic character (23.038 §6.2.1.1); a trailing lone escape reads as a space.
inline std::string decode_septets(const Bytes& septets, Language locking = Language::Default,
                                  Language single = Language::Default) {
    const detail::SeptetTable* basic_table = detail::locking_tables[static_cast<unsigned>(locking)];
    const detail::SeptetTable& basic = basic_table ? *basic_table : detail::default_basic;
    const detail::SeptetTable& shift = *detail::single_shift_tables[static_cast<unsigned>(single)];
    std::string text;
    for (std::size_t i = 0; i < septets.size(); ++i) {
        const std::uint8_t s = septets[i] & 0x7F;
        if (s != detail::escape_septet) {
            utf8::append(text, basic[s]);
        } else if (i + 1 < septets.size()) {
            const std::uint8_t code = septets[++i] & 0x7F;
            utf8::append(text, shift[code] != 0 ? shift[code] : basic[code]);
        } else {
            text += ' ';
        }
    }
    return text;
}

// Packs septets LSB first, after `fill_bits` zero bits (the padding that aligns text to a
// septet boundary after a user data header).
inline Bytes pack_septets(const Bytes& septets, unsigned fill_bits = 0) {
    Bytes packed((fill_bits + 7 * septets.size() + 7) / 8, 0);
    for (std::size_t i = 0; i < septets.size(); ++i) {
        const std::size_t bit = fill_bits + 7 * i;
        const unsigned shift = bit % 8;
        const unsigned value = septets[i] & 0x7Fu;
        packed[bit / 8] = std::uint8_t(packed[bit / 8] | value << shift);
        if (shift > 1) packed[bit / 8 + 1] = std::uint8_t(packed[bit / 8 + 1] | value >> (8 - shift));
    }
    return packed;
}

// The inverse of pack_septets: `count` septets after `fill_bits` bits. Throws Error when the
// bytes are too few.
inline Bytes unpack_septets(const Bytes& packed, std::size_t count, unsigned fill_bits = 0) {
    if ((fill_bits + 7 * count + 7) / 8 > packed.size())
        throw Error("packed septets: " + std::to_string(count) + " septets need more than " +
                    std::to_string(packed.size()) + " bytes");
    Bytes septets(count);
    for (std::size_t i = 0; i < count; ++i) {
        const std::size_t bit = fill_bits + 7 * i;
        const unsigned shift = bit % 8;
        unsigned value = packed[bit / 8] >> shift;
        if (shift > 1) value |= unsigned(packed[bit / 8 + 1]) << (8 - shift);
        septets[i] = std::uint8_t(value & 0x7F);
    }
    return septets;
}

// One part as a sending handset writes it.
struct Part {
    Bytes header;                      // TP-UDH with its length octet (empty for a lone part)
    Bytes user_data;                   // TP-UD: the header, fill bits and the text
    std::size_t user_data_length = 0;  // TP-UDL: septets for GSM-7, octets for UCS-2
};

namespace detail {

inline Bytes user_data_header(const Analysis& a, std::uint16_t ref_number, std::size_t sequence) {
    Bytes ies;
    if (a.segments > 1) {
        const auto total = std::uint8_t(a.segments);
        const auto seq = std::uint8_t(sequence);
        if (a.reference == ConcatReference::EightBit)
            ies.insert(ies.end(), {0x00, 0x03, std::uint8_t(ref_number & 0xFF), total, seq});
        else
            ies.insert(ies.end(), {0x08, 0x04, std::uint8_t(ref_number >> 8), std::uint8_t(ref_number & 0xFF),
                                   total, seq});
    }
    if (a.single_shift != Language::Default)
        ies.insert(ies.end(), {0x24, 0x01, std::uint8_t(a.single_shift)});
    if (a.locking_shift != Language::Default)
        ies.insert(ies.end(), {0x25, 0x01, std::uint8_t(a.locking_shift)});
    if (ies.empty()) return ies;
    ies.insert(ies.begin(), std::uint8_t(ies.size()));
    return ies;
}

inline unsigned fill_bits_after(std::size_t header_octets) noexcept {
    return unsigned((7 - header_octets * 8 % 7) % 7);
}

inline void append_utf16be(Bytes& out, std::string_view text) {
    for_each_code_point(text, [&](char32_t cp, std::size_t, std::size_t) {
        const auto put = [&](unsigned unit) {
            out.push_back(std::uint8_t(unit >> 8));
            out.push_back(std::uint8_t(unit & 0xFF));
        };
        if (cp > 0xFFFF) {
            put(0xD800 + ((cp - 0x10000) >> 10));
            put(0xDC00 + ((cp - 0x10000) & 0x3FF));
        } else {
            put(unsigned(cp));
        }
    });
}

}  // namespace detail

// The parts of a split message. `reference_number` is the concatenation reference (the low
// byte only with an 8-bit reference). Throws Error beyond 255 parts.
inline std::vector<Part> encode_parts(const Split& split, std::uint16_t reference_number = 0) {
    const Analysis& a = split.analysis;
    if (split.segments.size() > max_segments)
        throw Error("message needs " + std::to_string(split.segments.size()) + " parts; at most " +
                    std::to_string(max_segments) + " can be concatenated");
    std::vector<Part> parts;
    parts.reserve(split.segments.size());
    for (std::size_t i = 0; i < split.segments.size(); ++i) {
        Part part;
        part.header = detail::user_data_header(a, reference_number, i + 1);
        part.user_data = part.header;
        const std::string& text = split.segments[i].text;
        if (a.encoding == Encoding::Gsm7) {
            const unsigned fill = detail::fill_bits_after(part.header.size());
            const Bytes septets = encode_septets(text, a.locking_shift, a.single_shift);
            const Bytes packed = pack_septets(septets, fill);
            part.user_data.insert(part.user_data.end(), packed.begin(), packed.end());
            part.user_data_length = (part.header.size() * 8 + fill) / 7 + septets.size();
        } else {
            detail::append_utf16be(part.user_data, text);
            part.user_data_length = part.user_data.size();
        }
        parts.push_back(std::move(part));
    }
    return parts;
}

// Reads back the text of a part written by encode_parts (header skipped). Throws Error on
// a malformed part (for UCS-2: an odd octet, an unpaired surrogate), so the text is valid UTF-8.
inline std::string decode_part(const Part& part, Encoding encoding, Language locking = Language::Default,
                               Language single = Language::Default) {
    const std::size_t header = part.header.size();
    if (header > part.user_data.size()) throw Error("part: header longer than its user data");
    if (encoding == Encoding::Gsm7) {
        const unsigned fill = detail::fill_bits_after(header);
        const std::size_t header_septets = (header * 8 + fill) / 7;
        if (part.user_data_length < header_septets) throw Error("part: TP-UDL shorter than its header");
        const Bytes body(part.user_data.begin() + std::ptrdiff_t(header), part.user_data.end());
        return decode_septets(unpack_septets(body, part.user_data_length - header_septets, fill), locking,
                              single);
    }
    const Bytes& ud = part.user_data;
    if ((ud.size() - header) % 2 != 0)
        throw Error("part: UCS-2 user data of " + std::to_string(ud.size() - header) +
                    " octets after the header; UCS-2 takes two per unit");
    const auto unit_at = [&](std::size_t i) { return char32_t(ud[i]) << 8 | ud[i + 1]; };
    const auto unpaired = [](std::size_t i) {
        return Error("part: unpaired UTF-16 surrogate at octet " + std::to_string(i));
    };
    std::string text;
    for (std::size_t i = header; i < ud.size(); i += 2) {
        char32_t unit = unit_at(i);
        if (unit >= 0xDC00 && unit <= 0xDFFF) throw unpaired(i);
        if (unit >= 0xD800 && unit <= 0xDBFF) {
            const char32_t low = i + 3 < ud.size() ? unit_at(i + 2) : 0;
            if (low < 0xDC00 || low > 0xDFFF) throw unpaired(i);
            unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
            i += 2;
        }
        utf8::append(text, unit);
    }
    return text;
}

inline std::string to_hex(const Bytes& bytes) {
    static constexpr char digits[] = "0123456789ABCDEF";
    std::string hex;
    hex.reserve(bytes.size() * 2);
    for (std::uint8_t b : bytes) {
        hex += digits[b >> 4];
        hex += digits[b & 0x0F];
    }
    return hex;
}

}  // namespace connectel::sms
