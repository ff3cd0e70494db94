// The segment view from connectel::sms: split, ucs2_characters and replace_lookalikes, each
// item written by the library's own JSON view (connectel/sms/json.hpp).
#include "http/control_api/text_view.hpp"

#include <nlohmann/json.hpp>

#include "connectel/sms/json.hpp"
#include "connectel/sms/lookalikes.hpp"
#include "connectel/sms/split.hpp"

namespace sim::http {

namespace {

namespace sms = connectel::sms;
using nlohmann::json;

void append(std::string& out, const json& value) {
    out += value.dump(-1, ' ', false, json::error_handler_t::replace);
}

// An object's members without its closing brace, for members to follow.
void append_open(std::string& out, const json& object) {
    append(out, object);
    out.pop_back();
}

// What the view shows, analysed once; written out as three lists, an item per piece.
struct TextView {
    explicit TextView(std::string_view text)
        : split(sms::split(text)),
          forcing(split.analysis.encoding == sms::Encoding::Ucs2 ? sms::ucs2_characters(text)
                                                                   : std::vector<sms::CharacterPosition>{}),
          smart(sms::replace_lookalikes(text)),
          smart_analysis(sms::analyze(smart.text)) {}

    std::size_t size(int list) const {
        return list == 0 ? split.segments.size() : list == 1 ? forcing.size() : smart.replacements.size();
    }

    void append_item(std::string& out, int list, std::size_t i) const {
        if (list == 0) {
            append(out, split.segments[i]);
        } else if (list == 1) {
            append(out, forcing[i]);
        } else {
            append(out, smart.replacements[i]);
        }
    }

    // What comes before list `list` (after the previous one's items); list 3: the end.
    void append_between(std::string& out, int list) const {
        const sms::Analysis& a = split.analysis;
        switch (list) {
            case 0:
                append_open(out, a);
                out += ",\"parts\":[";
                break;
            case 1: out += "],\"ucs2Characters\":["; break;
            case 2:
                out += "],\"smart\":";
                append_open(out, {{"text", smart.text},
                                  {"encoding", sms::to_string(smart_analysis.encoding)},
                                  {"segments", smart_analysis.segments}});
                out += ",\"replacements\":[";
                break;
            default: out += "]}}";
        }
    }

    sms::Split split;
    std::vector<sms::CharacterPosition> forcing;
    sms::LookalikeResult smart;
    sms::Analysis smart_analysis;
    int list = -1;  // -1 before anything is written; 3 once everything is
    std::size_t next = 0;
};

}  // namespace

JsonPieces text_view_pieces(std::string_view text) {
    auto view = std::make_shared<TextView>(text);
    return [view](std::string& out) {
        TextView& v = *view;
        if (v.list >= 0 && v.list < 3 && v.next < v.size(v.list)) {
            if (v.next > 0) out += ',';
            v.append_item(out, v.list, v.next++);
            return true;
        }
        if (v.list == 3) return false;
        v.append_between(out, ++v.list);
        v.next = 0;
        return v.list < 3;
    };
}

}  // namespace sim::http
