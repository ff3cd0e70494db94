// A status as the wire carries it: statusInt and statusStr, read leniently (docs/simulator.md, "The
// endpoints": statusStr may be a string or a number, the table spells QUEUE, codes 3/4/6/7 are
// reserved).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "connectel/error.hpp"
#include "connectel/status.hpp"

namespace connectel::api {

struct StatusField {
    Status status = Status::Enroute;
    int code = 0;          // statusInt as sent (3, 4, 6 and 7 are kept for Status::Reserved)
    std::string text;      // statusStr as sent ("1" when the sender used the numeric form)

    static StatusField of(Status s) { return {s, status_int(s), std::string(status_str(s))}; }
};

inline bool operator==(const StatusField& a, const StatusField& b) {
    return a.status == b.status && a.code == b.code && a.text == b.text;
}

namespace detail {

// Reads statusInt (or the single-send response's setusInt) and statusStr from `j`.
inline StatusField read_status(const nlohmann::json& j) {
    StatusField field;
    auto number = j.find("statusInt");
    if (number == j.end()) number = j.find("setusInt");
    bool have_code = false;
    if (number != j.end()) {
        if (number->is_number_integer()) {
            field.code = number->get<int>();
            have_code = true;
        } else if (number->is_string()) {
            try {
                field.code = std::stoi(number->get<std::string>());
                have_code = true;
            } catch (const std::exception&) {
                throw ValidationError("statusInt", "statusInt is not a number");
            }
        }
    }
    std::optional<Status> from_text;
    if (const auto str = j.find("statusStr"); str != j.end()) {
        if (str->is_string()) {
            field.text = str->get<std::string>();
            from_text = parse_status_str(field.text);
        } else if (str->is_number_integer()) {  // the reference's DLR example: "statusStr": 1
            field.text = std::to_string(str->get<int>());
            if (!have_code) {
                field.code = str->get<int>();
                have_code = true;
            }
        }
    }
    if (from_text) {
        field.status = *from_text;
        if (!have_code) field.code = status_int(*from_text);
        return field;
    }
    if (!have_code) throw ValidationError("statusInt", "neither statusInt nor statusStr names a status");
    const auto from_code = parse_status_int(field.code);
    if (!from_code) throw ValidationError("statusInt", "unknown status code " + std::to_string(field.code));
    field.status = *from_code;
    return field;
}

inline void write_status(nlohmann::json& j, const StatusField& s) {
    j["statusInt"] = s.code;
    j["statusStr"] = s.text;
}

template <typename T>
void read_optional(const nlohmann::json& j, const char* name, T& out) {
    if (const auto it = j.find(name); it != j.end() && !it->is_null()) {
        try {
            it->get_to(out);
        } catch (const nlohmann::json::exception&) {
            throw ValidationError(name, std::string(name) + " has the wrong type");
        }
    }
}

}  // namespace detail
}  // namespace connectel::api
