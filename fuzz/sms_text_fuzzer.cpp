// libFuzzer target: the text engine (connectel/sms.hpp) over any bytes.
//
// The input is the text itself, so the seed corpus is plain texts. Each input goes through every
// public entry that takes bytes, and the entries are held to what they promise of each other:
// analyze's verdict on UTF-8 is find_invalid_utf8's, split's parts join back to the text and add
// up to the analysis, every part's bytes decode back to its text, and the decoders of bytes from
// the air (septets, packed septets, a part's user data) never fail other than by their Error.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "connectel/sms.hpp"
#include "fuzz_check.hpp"

namespace {

using namespace connectel::sms;

constexpr Language languages[] = {Language::Default, Language::Turkish, Language::Spanish,
                                  Language::Portuguese};

bool is_valid_utf8(std::string_view text) {
    return !find_invalid_utf8(text);
}

// Every function that validates its input reports the same first problem.
template <typename Call>
void expect_invalid_utf8(Call call, const Utf8Error& expected, const char* what) {
    try {
        call();
    } catch (const InvalidUtf8& e) {
        FUZZ_CHECK(e.offset() == expected.offset && e.problem() == expected.problem, what);
        return;
    }
    fuzz::fail(what, "accepted invalid UTF-8");
}

void check_invalid(std::string_view text, const Utf8Error& expected) {
    Utf8Error error;
    const Analysis a = analyze(text, Options{}, error);
    FUZZ_CHECK(error.offset == expected.offset && error.problem == expected.problem,
               "analyze and find_invalid_utf8 disagree on the first problem");
    FUZZ_CHECK(a.bytes == 0 && a.characters == 0, "analyze of invalid UTF-8 is not empty");
    expect_invalid_utf8([&] { analyze(text); }, expected, "analyze (throwing)");
    expect_invalid_utf8([&] { split(text); }, expected, "split");
    expect_invalid_utf8([&] { ucs2_characters(text); }, expected, "ucs2_characters");
    expect_invalid_utf8([&] { replace_lookalikes(text); }, expected, "replace_lookalikes");
}

// split's parts: the text in order, each within the analysis's capacity, as many as it counted.
void check_split(std::string_view text, const Split& s) {
    const Analysis& a = s.analysis;
    FUZZ_CHECK(s.segments.size() == a.segments, "split and analyze count different parts");
    std::string joined;
    std::size_t units = 0, characters = 0;
    for (const Segment& segment : s.segments) {
        FUZZ_CHECK(segment.units <= a.units_per_segment, "a part holds more than its capacity");
        FUZZ_CHECK(segment.byte_offset == joined.size() && segment.char_offset == characters,
                   "a part's offsets are not where it starts");
        joined += segment.text;
        units += segment.units;
        characters += segment.characters;
    }
    FUZZ_CHECK(joined == text, "the parts do not join back to the text");
    FUZZ_CHECK(units == a.units && characters == a.characters, "the parts' units or characters differ from analyze");
    FUZZ_CHECK(a.units_free == a.units_per_segment - s.segments.back().units, "units_free is not the room left");
}

// The parts' bytes: within 140 octets, and each decodes back to its segment.
void check_parts(const Split& s, std::uint16_t reference) {
    const Analysis& a = s.analysis;
    if (s.segments.size() > max_segments) return;  // refused with an Error: the unit tests check it
    const auto parts = encode_parts(s, reference);
    FUZZ_CHECK(parts.size() == s.segments.size(), "encode_parts made another number of parts");
    for (std::size_t i = 0; i < parts.size(); ++i) {
        FUZZ_CHECK(parts[i].user_data.size() <= user_data_octets, "a part exceeds 140 octets");
        FUZZ_CHECK(decode_part(parts[i], a.encoding, a.locking_shift, a.single_shift) == s.segments[i].text,
                   "a part does not decode back to its text");
    }
}

void check_valid(std::string_view text) {
    Options national;
    national.reference = ConcatReference::SixteenBit;
    national.national = {Language::Turkish, Language::Spanish, Language::Portuguese};
    for (const Options& options : {Options{}, national}) {
        Utf8Error error;
        const Analysis a = analyze(text, options, error);
        FUZZ_CHECK(!error, "analyze refused valid UTF-8");
        FUZZ_CHECK(a.bytes == text.size(), "analyze counted other bytes");
        const Split s = split(text, options);
        check_split(text, s);
        check_parts(s, 0xBEEF);
    }

    // Without national tables, UCS-2 is chosen exactly when a character is outside the GSM alphabet.
    const Analysis plain = analyze(text);
    const auto outside = ucs2_characters(text);
    FUZZ_CHECK((plain.encoding == Encoding::Ucs2) == !outside.empty(), "the encoding disagrees with ucs2_characters");
    FUZZ_CHECK(outside.empty() ? plain.first_ucs2_offset == npos : plain.first_ucs2_offset == outside[0].byte_offset,
               "first_ucs2_offset is not the first character outside the alphabet");

    const LookalikeResult replaced = replace_lookalikes(text);
    FUZZ_CHECK(is_valid_utf8(replaced.text), "replace_lookalikes made invalid UTF-8");
    for (const Replacement& r : replaced.replacements) {
        std::string original;
        connectel::utf8::append(original, r.original);
        FUZZ_CHECK(text.substr(r.byte_offset, original.size()) == original, "a replacement's offset is not its character");
    }
}

// Bytes as they come from the air: never a crash, text out always valid UTF-8.
void check_decoders(std::string_view bytes) {
    const Bytes raw(bytes.begin(), bytes.end());
    for (Language locking : languages)
        for (Language single : languages)
            FUZZ_CHECK(is_valid_utf8(decode_septets(raw, locking, single)), "decode_septets made invalid UTF-8");

    const unsigned fill = raw.empty() ? 0 : raw[0] % 7;
    Bytes septets(raw);
    for (auto& s : septets) s &= 0x7F;
    FUZZ_CHECK(unpack_septets(pack_septets(raw, fill), raw.size(), fill) == septets,
               "unpack_septets(pack_septets(s)) is not s");

    // A part as a receiving handset might get it: a header of the first byte's length, any
    // TP-UDL. decode_part must refuse what it cannot read with its Error, and give valid UTF-8.
    Part part;
    part.user_data = raw;
    const std::size_t header = raw.empty() ? 0 : std::min<std::size_t>(raw[0], raw.size());
    part.header.assign(raw.begin(), raw.begin() + std::ptrdiff_t(header));
    part.user_data_length = raw.size() < 2 ? 0 : raw[1];
    for (Encoding encoding : {Encoding::Gsm7, Encoding::Ucs2}) {
        try {
            FUZZ_CHECK(is_valid_utf8(decode_part(part, encoding)), "decode_part made invalid UTF-8");
        } catch (const connectel::Error&) {
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    if (const Utf8Error error = find_invalid_utf8(text))
        check_invalid(text, error);
    else
        check_valid(text);
    check_decoders(text);
    return 0;
}
