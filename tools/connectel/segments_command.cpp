// `connectel segments`: how a text is encoded and split, for people and for scripts.
#include "segments_command.hpp"

#include <CLI/CLI.hpp>
#include <iostream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>

#include "connectel/sms.hpp"
#include "connectel/sms/json.hpp"
#include "connectel/utf8.hpp"
#include "exit_codes.hpp"
#include "terminal_text.hpp"

namespace connectel::cli {
namespace {

// Connectel accepts 1 to 1600 characters (docs/simulator.md, "The parameter rules").
constexpr std::size_t connectel_max_characters = 1600;
// A human listing of the characters that force UCS-2 stops after this many.
constexpr std::size_t listed_characters = 10;

std::string unit_name(sms::Encoding e) {
    return e == sms::Encoding::Gsm7 ? "septets" : "UTF-16 units";
}

std::string original_text(const sms::Replacement& r) {
    std::string text;
    connectel::utf8::append(text, r.original);
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

// The snake_case spelling of a camelCase key ("unitsPerSegment" -> "units_per_segment").
std::string snake_case(const std::string& key) {
    std::string out;
    for (const char c : key) {
        if (c >= 'A' && c <= 'Z') {
            out += '_';
            out += static_cast<char>(c - 'A' + 'a');
        } else {
            out += c;
        }
    }
    return out;
}

// Adds, beside every camelCase key, its snake_case spelling that --json printed before it took
// the library's view (connectel/sms/json.hpp); kept for one release (CHANGELOG.md).
void add_old_keys(nlohmann::json& j) {
    if (j.is_array()) {
        for (auto& item : j) add_old_keys(item);
        return;
    }
    if (!j.is_object()) return;
    nlohmann::json old = nlohmann::json::object();
    for (auto& [key, value] : j.items()) {
        add_old_keys(value);
        if (const std::string snake = snake_case(key); snake != key) old[snake] = value;
    }
    j.update(old);
}

nlohmann::json to_json(const Report& r, const SegmentsRequest& request) {
    nlohmann::json j = r.split.analysis;
    j["referenceBits"] = request.reference_bits;
    j["fitsConnectelLimit"] = fits_connectel(r.split.analysis);
    j["text"] = r.text;
    j["ucs2Characters"] = r.ucs2_characters;
    j["replacements"] = r.replacements;
    nlohmann::json parts = nlohmann::json::array();
    for (std::size_t i = 0; i < r.split.segments.size(); ++i) {
        nlohmann::json part = r.split.segments[i];
        if (r.parts) part.update(nlohmann::json((*r.parts)[i]));
        parts.push_back(std::move(part));
    }
    j["parts"] = std::move(parts);
    add_old_keys(j);
    return j;
}

void print_human(const Report& r, const SegmentsRequest& request, std::ostream& out) {
    const sms::Analysis& a = r.split.analysis;
    const std::string units = unit_name(a.encoding);

    out << "encoding:   " << sms::to_string(a.encoding);
    if (a.locking_shift != sms::Language::Default)
        out << " with the " << sms::language_name(a.locking_shift) << " locking shift table";
    if (a.single_shift != sms::Language::Default)
        out << (a.locking_shift != sms::Language::Default ? " and the " : " with the ")
            << sms::language_name(a.single_shift) << " single shift table";
    out << '\n';
    if (!r.ucs2_characters.empty()) {
        out << "forced by:  ";
        for (std::size_t i = 0; i < r.ucs2_characters.size() && i < listed_characters; ++i) {
            const sms::CharacterPosition& c = r.ucs2_characters[i];
            out << (i ? ", " : "") << quote_for_terminal(c.text) << ' ' << sms::code_point_name(c.code_point)
                << " at character " << c.char_offset << " (byte " << c.byte_offset << ')';
        }
        if (r.ucs2_characters.size() > listed_characters)
            out << " and " << r.ucs2_characters.size() - listed_characters << " more";
        out << '\n';
    }
    for (const sms::Replacement& rep : r.replacements) {
        out << "replaced:   " << quote_for_terminal(original_text(rep)) << ' '
            << sms::code_point_name(rep.original) << " -> " << quote_for_terminal(rep.replacement)
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
                                    {"byteOffset", e.offset()},
                                    {"byte_offset", e.offset()}}}}
                       .dump(2)
                << '\n';
        err << "connectel: " << e.what() << '\n';
        return ExitCode::Validation;
    }
}

}  // namespace connectel::cli
