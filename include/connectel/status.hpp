// The one status table of the Connectel API (docs/simulator.md, "The endpoints"): int <-> str, final or not.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace connectel {

enum class Status : std::uint8_t {
    Enroute,        // 0 ENROUTE: handed to the operator
    Queued,         // 0 QUEUED (the table says QUEUE): in a bulk queue
    Delivered,      // 1 DELIVRD
    Rejected,       // 2 REJECTD
    Undeliverable,  // 5 UNDELIV
    Expired,        // 8 EXPIRED
    Unknown,        // 9 UNKNOWN
    Reserved,       // 3, 4, 6, 7: accepted from the wire, never emitted
};

struct StatusRow {
    Status status;
    int code;
    std::string_view name;  // as sent in statusStr
    bool final;
    std::string_view description;  // the vendor's words
};

inline constexpr StatusRow status_table[] = {
    {Status::Enroute, 0, "ENROUTE", false,
     "SMS has been handed over to the operator and is pending delivery."},
    {Status::Queued, 0, "QUEUED", false,
     "SMS has been temporarily stored in a bulk queue and will be sent shortly."},
    {Status::Delivered, 1, "DELIVRD", true, "SMS has been delivered to the recipient."},
    {Status::Rejected, 2, "REJECTD", true, "The SMS was rejected by the operator."},
    {Status::Undeliverable, 5, "UNDELIV", true,
     "The SMS was not delivered because the SMS could not be sent to the destination."},
    {Status::Expired, 8, "EXPIRED", true,
     "The operator could not deliver the SMS to the recipient because the validity period expired."},
    {Status::Unknown, 9, "UNKNOWN", true, "An unknown error occurred."},
    {Status::Reserved, -1, "RESERVED", false, "Reserved status code."},
};

inline constexpr const StatusRow& status_row(Status s) noexcept {
    return status_table[static_cast<std::uint8_t>(s)];
}

// statusInt; -1 for Reserved, whose code is kept by whoever parsed it.
inline constexpr int status_int(Status s) noexcept {
    return status_row(s).code;
}
// statusStr as the simulator sends it (QUEUED for the bulk queue, as in the bulk response).
inline constexpr std::string_view status_str(Status s) noexcept {
    return status_row(s).name;
}
inline constexpr bool is_final(Status s) noexcept {
    return status_row(s).final;
}

// A statusStr from the wire: case-insensitive, and the table's spelling QUEUE as well as QUEUED.
inline constexpr std::optional<Status> parse_status_str(std::string_view text) noexcept {
    const auto equal_ignoring_case = [](std::string_view a, std::string_view b) {
        if (a.size() != b.size()) return false;
        for (std::size_t i = 0; i < a.size(); ++i) {
            char c = a[i];
            if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
            if (c != b[i]) return false;
        }
        return true;
    };
    if (equal_ignoring_case(text, "QUEUE")) return Status::Queued;
    for (const StatusRow& row : status_table)
        if (row.status != Status::Reserved && equal_ignoring_case(text, row.name)) return row.status;
    return std::nullopt;
}

// A statusInt from the wire. 0 reads as ENROUTE (the string, when present, tells QUEUED apart);
// 3, 4, 6 and 7 as Reserved; anything else is not a status.
inline constexpr std::optional<Status> parse_status_int(int code) noexcept {
    if (code == 3 || code == 4 || code == 6 || code == 7) return Status::Reserved;
    // The table's first row with that code: ENROUTE comes before QUEUED.
    for (const StatusRow& row : status_table)
        if (row.status != Status::Reserved && row.code == code) return row.status;
    return std::nullopt;
}

}  // namespace connectel
