// `connectel segments`: how a text is encoded and split, for people and for scripts.
#include "segments_command.hpp"

#include <CLI/CLI.hpp>
#include <iostream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>

#include "connectel/sms.hpp"
#include "exit_codes.hpp"
#include "terminal_text.hpp"

namespace connectel::cli {
namespace {

// Connectel accepts 1 to 1600 characters (README, "The API's parameter rules").
constexpr std::size_t connectel_max_characters = 1600;
// A human listing of the characters that force UCS-2 stops after this many.
constexpr std::size_t listed_characters = 10;

std::string unit_name(sms::Encoding e) {
    return e == sms::Encoding::Gsm7 ? "septets" : "UTF-16 units";
}

std::string language_name(sms::Language l) {
    switch (l) {
        case sms::Language::Turkish:
            return "Turkish";
        case sms::Language::Spanish:
            return "Spanish";
        case sms::Language::Portuguese:
            return "Portuguese";
        case sms::Language::Default:
            break;
    }
    return "default";
}

std::string original_text(const sms::Replacement& r) {
    std::string text;
    sms::detail::append_utf8(text, r.original);
    return text;
}

struct Report {
    sms::Split split;
    std::vector<sms::CharacterPosition> ucs2_characters;
    std::vector<sms::Replacement> replacements;
    std::optional<std::vector<sms::Part>> parts;  // none beyond 255 parts
    std::string text;                             // after look-alike replacement
};

Report build_report(const SegmentsRequest& request, std::string text) {
    sms::Options options;
    options.reference =
        request.reference_bits == 16 ? sms::ConcatReference::SixteenBit : sms::ConcatReference::EightBit;
    for (const std::string& code : request.national) options.national.add(*sms::parse_language(code));

    Report report;
    if (request.smart) {
        sms::LookalikeResult replaced = sms::replace_lookalikes(text);
        text = std::move(replaced.text);
        report.replacements = std::move(replaced.replacements);
    }
    report.split = sms::split(text, options);
    if (report.split.analysis.encoding == sms::Encoding::Ucs2)
        report.ucs2_characters = sms::ucs2_characters(text);
    if (report.split.segments.size() <= sms::max_segments) report.parts = sms::encode_parts(report.split);
    report.text = std::move(text);
    return report;
}

bool fits_connectel(const sms::Analysis& a) {
    return a.characters >= 1 && a.characters <= connectel_max_characters;
}

nlohmann::json to_json(const Report& r, const SegmentsRequest& request) {
    const sms::Analysis& a = r.split.analysis;
    nlohmann::json j;
    j["encoding"] = std::string(sms::to_string(a.encoding));
    j["unit"] = a.encoding == sms::Encoding::Gsm7 ? "septet" : "utf16";
    j["bytes"] = a.bytes;
    j["characters"] = a.characters;
    j["units"] = a.units;
    j["extension_characters"] = a.extension_characters;
    j["segments"] = a.segments;
    j["units_per_segment"] = a.units_per_segment;
    j["units_free"] = a.units_free;
    j["header_octets"] = a.header_octets;
    j["reference_bits"] = request.reference_bits;
    j["locking_shift"] = std::string(sms::to_string(a.locking_shift));
    j["single_shift"] = std::string(sms::to_string(a.single_shift));
    j["fits_connectel_limit"] = fits_connectel(a);
    j["text"] = r.text;

    nlohmann::json forcing = nlohmann::json::array();
    for (const sms::CharacterPosition& c : r.ucs2_characters)
        forcing.push_back({{"character", c.text},
                           {"code_point", code_point_name(c.code_point)},
                           {"byte_offset", c.byte_offset},
                           {"char_offset", c.char_offset}});
    j["ucs2_characters"] = forcing;

    nlohmann::json replacements = nlohmann::json::array();
    for (const sms::Replacement& rep : r.replacements) {
        replacements.push_back({{"original", original_text(rep)},
                                {"code_point", code_point_name(rep.original)},
                                {"replacement", rep.replacement},
                                {"byte_offset", rep.byte_offset},
                                {"char_offset", rep.char_offset}});
    }
    j["replacements"] = replacements;

    nlohmann::json parts = nlohmann::json::array();
    for (std::size_t i = 0; i < r.split.segments.size(); ++i) {
        const sms::Segment& s = r.split.segments[i];
        nlohmann::json part = {{"text", s.text},
                               {"units", s.units},
                               {"characters", s.characters},
                               {"byte_offset", s.byte_offset},
                               {"char_offset", s.char_offset}};
        if (r.parts) {
            const sms::Part& p = (*r.parts)[i];
            part["header"] = sms::to_hex(p.header);
            part["user_data"] = sms::to_hex(p.user_data);
            part["user_data_length"] = p.user_data_length;
        }
        parts.push_back(std::move(part));
    }
    j["parts"] = parts;
    return j;
}

void print_human(const Report& r, const SegmentsRequest& request, std::ostream& out) {
    const sms::Analysis& a = r.split.analysis;
    const std::string units = unit_name(a.encoding);

    out << "encoding:   " << sms::to_string(a.encoding);
    if (a.locking_shift != sms::Language::Default)
        out << " with the " << language_name(a.locking_shift) << " locking shift table";
    if (a.single_shift != sms::Language::Default)
        out << (a.locking_shift != sms::Language::Default ? " and the " : " with the ")
            << language_name(a.single_shift) << " single shift table";
    out << '\n';
    if (!r.ucs2_characters.empty()) {
        out << "forced by:  ";
        for (std::size_t i = 0; i < r.ucs2_characters.size() && i < listed_characters; ++i) {
            const sms::CharacterPosition& c = r.ucs2_characters[i];
            out << (i ? ", " : "") << quote_for_terminal(c.text) << ' ' << code_point_name(c.code_point)
                << " at character " << c.char_offset << " (byte " << c.byte_offset << ')';
        }
        if (r.ucs2_characters.size() > listed_characters)
            out << " and " << r.ucs2_characters.size() - listed_characters << " more";
        out << '\n';
    }
    for (const sms::Replacement& rep : r.replacements) {
        out << "replaced:   " << quote_for_terminal(original_text(rep)) << ' '
            << code_point_name(rep.original) << " -> " << quote_for_terminal(rep.replacement)
            << " at input character " << rep.char_offset << '\n';
    }
    out << "characters: " << a.characters << '\n';
    out << "units:      " << a.units << ' ' << units;
    if (a.extension_characters > 0)
        out << " (" << a.extension_characters << " extension character"
            << (a.extension_characters == 1 ? " costs" : "s cost") << " 2 septets)";
    out << '\n';
    out << "segments:   " << a.segments << " (up to " << a.units_per_segment << ' ' << units
        << (a.segments == 1 ? "" : " each") << ", " << a.units_free << " free"
        << (a.segments == 1 ? "" : " in the last") << ")\n";

    const std::size_t count = r.split.segments.size();
    const std::size_t width = std::to_string(a.units_per_segment).size();
    for (std::size_t i = 0; i < count; ++i) {
        const sms::Segment& s = r.split.segments[i];
        std::string units_text = std::to_string(s.units);
        units_text.insert(0, width > units_text.size() ? width - units_text.size() : 0, ' ');
        out << "  " << i + 1 << '/' << count << "  " << units_text << ' ' << units << "  "
            << quote_for_terminal(s.text) << '\n';
        if (request.show_bytes && r.parts) {
            const sms::Part& p = (*r.parts)[i];
            out << "      header " << (p.header.empty() ? "(none)" : sms::to_hex(p.header)) << "  TP-UDL "
                << p.user_data_length << "  user data " << sms::to_hex(p.user_data) << '\n';
        }
    }
    if (!r.parts) out << "note: more than " << sms::max_segments << " parts cannot be concatenated\n";
    if (!fits_connectel(a))
        out << "note: Connectel accepts 1 to " << connectel_max_characters << " characters; this text has "
            << a.characters << '\n';
}

std::string read_all(std::istream& in) {
    std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    // `echo` and most editors end input with a newline the user did not mean to send.
    if (!text.empty() && text.back() == '\n') {
        text.pop_back();
        if (!text.empty() && text.back() == '\r') text.pop_back();
    }
    return text;
}

}  // namespace

CLI::App* add_segments_command(CLI::App& app, SegmentsRequest& request) {
    CLI::App* cmd = app.add_subcommand(
        "segments", "Show how a text is encoded (GSM-7 or UCS-2) and split into SMS segments");
    cmd->add_option("text", request.text,
                    "The message text; - or nothing reads standard input "
                    "(one trailing newline dropped)");
    cmd->add_flag("--json", request.json, "Print JSON for scripts");
    cmd->add_flag("--smart", request.smart,
                  "Replace look-alikes (curly quotes, dashes, ellipsis, Unicode spaces, "
                  "zero-width characters) first, and list each replacement");
    cmd->add_flag("--bytes", request.show_bytes, "Show each part's header and user data in hex");
    cmd->add_option("--national", request.national,
                    "Allow national language tables (tr, es, pt; repeat or comma-separate) when the "
                    "default alphabet cannot carry the text")
        ->check(CLI::IsMember({"tr", "es", "pt"}))
        ->delimiter(',')
        ->allow_extra_args(false);
    cmd->add_option("--reference", request.reference_bits,
                    "Concatenation reference size in bits (16 leaves one unit less per part)")
        ->check(CLI::IsMember({8, 16}));
    return cmd;
}

int run_segments(SegmentsRequest request, std::istream& in, std::ostream& out, std::ostream& err) {
    std::string text = request.text == "-" ? read_all(in) : request.text;

    try {
        const Report report = build_report(request, std::move(text));
        if (request.json)
            out << to_json(report, request).dump(2) << '\n';
        else
            print_human(report, request, out);
        return ExitCode::Success;
    } catch (const sms::InvalidUtf8& e) {
        if (request.json)
            out << nlohmann::json{{"error",
                                   {{"code", "invalid_utf8"},
                                    {"message", e.what()},
                                    {"byte_offset", e.offset()}}}}
                       .dump(2)
                << '\n';
        err << "connectel: " << e.what() << '\n';
        return ExitCode::Validation;
    }
}

}  // namespace connectel::cli
