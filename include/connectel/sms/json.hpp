// The text engine's results as JSON, in one key style (camelCase, as the control API writes):
// the one view of a text's analysis that the simulator's /_sim/preview and message detail and
// `connectel segments --json` are built from. Apart from connectel/sms.hpp, which needs no JSON
// library.
#pragma once

#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

#include "connectel/sms/analysis.hpp"
#include "connectel/sms/lookalikes.hpp"
#include "connectel/sms/options.hpp"
#include "connectel/sms/pdu.hpp"
#include "connectel/sms/split.hpp"
#include "connectel/utf8.hpp"

namespace connectel::sms {

// "U+00E7", "U+1F600": how the views name a character.
inline std::string code_point_name(char32_t code_point) {
    char name[16];
    std::snprintf(name, sizeof name, "U+%04X", static_cast<unsigned>(code_point));
    return name;
}

// {"encoding": "GSM-7"|"UCS-2", "unit": "septet"|"utf16", "bytes", "characters", "units",
//  "extensionCharacters", "segments", "unitsPerSegment", "unitsFree", "headerOctets",
//  "lockingShift", "singleShift"} (the shifts: "default", "tr", "es", "pt").
inline void to_json(nlohmann::json& j, const Analysis& a) {
    j = {{"encoding", std::string(to_string(a.encoding))},
         {"unit", a.encoding == Encoding::Gsm7 ? "septet" : "utf16"},
         {"bytes", a.bytes},
         {"characters", a.characters},
         {"units", a.units},
         {"extensionCharacters", a.extension_characters},
         {"segments", a.segments},
         {"unitsPerSegment", a.units_per_segment},
         {"unitsFree", a.units_free},
         {"headerOctets", a.header_octets},
         {"lockingShift", std::string(to_string(a.locking_shift))},
         {"singleShift", std::string(to_string(a.single_shift))}};
}

// {"text", "units", "characters", "byteOffset", "charOffset"}: offsets in the analysed text.
inline void to_json(nlohmann::json& j, const Segment& s) {
    j = {{"text", s.text},
         {"units", s.units},
         {"characters", s.characters},
         {"byteOffset", s.byte_offset},
         {"charOffset", s.char_offset}};
}

// A character that forced UCS-2: {"character", "codePoint", "byteOffset", "charOffset"}.
inline void to_json(nlohmann::json& j, const CharacterPosition& c) {
    j = {{"character", c.text},
         {"codePoint", code_point_name(c.code_point)},
         {"byteOffset", c.byte_offset},
         {"charOffset", c.char_offset}};
}

// A look-alike replaced: {"original", "codePoint", "replacement", "byteOffset", "charOffset"},
// offsets in the original text; an empty replacement when the character was removed.
inline void to_json(nlohmann::json& j, const Replacement& r) {
    std::string original;
    utf8::append(original, r.original);
    j = {{"original", std::move(original)},
         {"codePoint", code_point_name(r.original)},
         {"replacement", r.replacement},
         {"byteOffset", r.byte_offset},
         {"charOffset", r.char_offset}};
}

// A part's bytes in hex: {"header", "userData", "userDataLength"} (TP-UDH, TP-UD, TP-UDL).
inline void to_json(nlohmann::json& j, const Part& p) {
    j = {{"header", to_hex(p.header)}, {"userData", to_hex(p.user_data)}, {"userDataLength", p.user_data_length}};
}

}  // namespace connectel::sms
