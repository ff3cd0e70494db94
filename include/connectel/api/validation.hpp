// The API's parameter rules (docs/simulator.md, "The parameter rules"), one source of truth for the
// simulator and the client's pre-flight checks. Each check names the field at fault.
#pragma once

#include <cstddef>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "connectel/error.hpp"
#include "connectel/sms/analysis.hpp"

namespace connectel::api {

inline constexpr std::size_t max_alphanumeric_sender = 11;
inline constexpr std::size_t max_numeric_sender_digits = 20;
inline constexpr std::size_t min_recipient_digits = 7;
inline constexpr std::size_t max_recipient_digits = 15;  // E.164
inline constexpr std::size_t max_message_characters = 1600;

// What is wrong with one parameter. `code` is the error code of the API's error body.
struct FieldProblem {
    std::string field;
    std::string code;  // "missing_parameter" or "invalid_parameter"
    std::string message;
};

namespace detail {

inline bool is_digit(char c) noexcept {
    return c >= '0' && c <= '9';
}
inline bool is_letter(char c) noexcept {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

inline FieldProblem missing(std::string field) {
    std::string message = field + " is required";
    return {std::move(field), "missing_parameter", std::move(message)};
}
inline FieldProblem invalid(std::string field, std::string message) {
    return {std::move(field), "invalid_parameter", std::move(message)};
}

}  // namespace detail

// A token of blanks only (spaces, tabs, line breaks) is as missing as none.
inline std::optional<FieldProblem> check_token(std::string_view token) {
    if (token.find_first_not_of(" \t\r\n\f\v") == std::string_view::npos)
        return detail::missing("authorization");
    return std::nullopt;
}

// Numeric: an optional '+' and 1 to 20 digits. Alphanumeric: 1 to 11 ASCII letters, digits and
// spaces, at least one letter (our reading of "alphanumeric"; a gateway may be stricter).
inline std::optional<FieldProblem> check_sender(std::string_view sender) {
    if (sender.empty()) return detail::missing("sender");
    const std::string_view digits = sender.front() == '+' ? sender.substr(1) : sender;
    bool all_digits = !digits.empty();
    for (char c : digits) all_digits = all_digits && detail::is_digit(c);
    if (all_digits) {
        if (digits.size() > max_numeric_sender_digits)
            return detail::invalid("sender", "a numeric sender has at most 20 digits");
        return std::nullopt;
    }
    if (sender.front() == '+') return detail::invalid("sender", "after '+' a sender must be digits only");
    bool has_letter = false;
    for (char c : sender) {
        if (!detail::is_letter(c) && !detail::is_digit(c) && c != ' ')
            return detail::invalid("sender", "an alphanumeric sender has only letters, digits and spaces");
        has_letter = has_letter || detail::is_letter(c);
    }
    if (!has_letter) return detail::invalid("sender", "a sender is digits only, or has at least one letter");
    if (sender.size() > max_alphanumeric_sender)
        return detail::invalid("sender", "an alphanumeric sender has at most 11 characters");
    return std::nullopt;
}

// International format: an optional '+' or '00', then 7 to 15 digits.
inline std::optional<FieldProblem> check_recipient(std::string_view number,
                                                   const std::string& field = "recipient") {
    if (number.empty()) return detail::missing(field);
    std::string_view digits = number;
    if (digits.front() == '+')
        digits.remove_prefix(1);
    else if (digits.substr(0, 2) == "00")
        digits.remove_prefix(2);
    for (char c : digits)
        if (!detail::is_digit(c))
            return detail::invalid(field,
                                   "a recipient is an international number: digits only, after an optional "
                                   "'+' or '00'");
    if (digits.size() < min_recipient_digits || digits.size() > max_recipient_digits)
        return detail::invalid(
            field, "a recipient has 7 to 15 digits (E.164), not " + std::to_string(digits.size()));
    return std::nullopt;
}

// Valid UTF-8, 1 to 1600 characters (Unicode code points, not bytes or SMS units).
inline std::optional<FieldProblem> check_message(std::string_view message) {
    if (message.empty()) return detail::missing("message");
    sms::Utf8Error error;
    const sms::Analysis a = sms::analyze(message, {}, error);
    if (error) return detail::invalid("message", error.message());
    if (a.characters > max_message_characters)
        return detail::invalid("message",
                               "a message has at most 1600 characters, not " + std::to_string(a.characters));
    return std::nullopt;
}

struct BulkRecipient {
    std::string key;  // the caller's identifier, unique in the request
    std::string number;
};

// Bulk recipients: at least one, keys non-empty and unique, every number valid. The field of a
// bad number names its key: recipient[Key].
inline std::optional<FieldProblem> check_bulk_recipients(const std::vector<BulkRecipient>& recipients) {
    if (recipients.empty()) return detail::missing("recipient");
    std::set<std::string_view> keys;
    for (const BulkRecipient& r : recipients) {
        if (r.key.empty()) return detail::invalid("recipient", "every bulk recipient needs a non-empty key");
        if (!keys.insert(r.key).second)
            return detail::invalid("recipient[" + r.key + "]",
                                   "bulk keys must be unique; " + r.key + " repeats");
        if (auto problem = check_recipient(r.number, "recipient[" + r.key + "]")) return problem;
    }
    return std::nullopt;
}

// Throws ValidationError naming the field, for callers that prefer exceptions.
inline void throw_if(const std::optional<FieldProblem>& problem) {
    if (problem) throw ValidationError(problem->field, problem->message);
}

}  // namespace connectel::api
