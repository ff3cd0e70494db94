// The segment view from connectel::sms: split, ucs2_characters and replace_lookalikes.
#include "http/text_view.hpp"

#include <cstdio>

#include "connectel/sms/lookalikes.hpp"
#include "connectel/sms/split.hpp"

namespace sim::http {

namespace {

namespace sms = connectel::sms;

std::string code_point_label(char32_t cp) {
    char label[16];
    std::snprintf(label, sizeof label, "U+%04X", static_cast<unsigned>(cp));
    return label;
}

std::string utf8(char32_t cp) {
    std::string out;
    sms::detail::append_utf8(out, cp);
    return out;
}

}  // namespace

nlohmann::json text_view(std::string_view text) {
    const sms::Split split = sms::split(text);
    const sms::Analysis& a = split.analysis;
    nlohmann::json parts = nlohmann::json::array();
    for (const sms::Segment& s : split.segments)
        parts.push_back({{"text", s.text}, {"units", s.units}, {"characters", s.characters}, {"charOffset", s.char_offset}});
    nlohmann::json forcing = nlohmann::json::array();
    if (a.encoding == sms::Encoding::Ucs2)
        for (const sms::CharacterPosition& c : sms::ucs2_characters(text))
            forcing.push_back({{"character", c.text}, {"codePoint", code_point_label(c.code_point)}, {"charOffset", c.char_offset}});

    const sms::LookalikeResult smart = sms::replace_lookalikes(text);
    const sms::Analysis smart_analysis = sms::analyze(smart.text);
    nlohmann::json replacements = nlohmann::json::array();
    for (const sms::Replacement& r : smart.replacements)
        replacements.push_back({{"original", utf8(r.original)},
                                {"codePoint", code_point_label(r.original)},
                                {"replacement", r.replacement},
                                {"charOffset", r.char_offset}});
    return {{"encoding", sms::to_string(a.encoding)},
            {"unit", a.encoding == sms::Encoding::Gsm7 ? "septet" : "utf16"},
            {"characters", a.characters},
            {"units", a.units},
            {"segments", a.segments},
            {"unitsPerSegment", a.units_per_segment},
            {"unitsFree", a.units_free},
            {"parts", std::move(parts)},
            {"ucs2Characters", std::move(forcing)},
            {"smart",
             {{"text", smart.text},
              {"encoding", sms::to_string(smart_analysis.encoding)},
              {"segments", smart_analysis.segments},
              {"replacements", std::move(replacements)}}}};
}

}  // namespace sim::http
