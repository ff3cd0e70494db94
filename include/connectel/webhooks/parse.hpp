// Reading the gateway's callbacks: a DLR or an inbound SMS from a request's body and
// Content-Type, leniently where the vendor is inconsistent, with the problem named otherwise.
#pragma once

#include <algorithm>
#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include "connectel/api/callbacks.hpp"
#include "connectel/api/status_field.hpp"
#include "connectel/detail/enum_names.hpp"
#include "connectel/form.hpp"
#include "connectel/error.hpp"
#include "connectel/sms/analysis.hpp"

namespace connectel {

// What kind of problem made a callback unreadable; to_string gives a snake_case code.
enum class CallbackErrorKind {
    UnsupportedContentType,  // neither application/json nor application/x-www-form-urlencoded
    MalformedBody,           // JSON that does not parse, not an object, or a bad %-escape
    InvalidUtf8,             // the body (JSON) or a field (form) is not valid UTF-8
    MissingField,            // a field the callback cannot do without (requestid, from, ...)
    InvalidField,            // a field of the wrong type, or an unknown status
    UnknownCallback,         // neither a delivery report nor an inbound SMS
    HandlerFailed,           // WebhookReceiver only: the payload parsed, the user's handler threw
};

inline constexpr std::string_view to_string(CallbackErrorKind kind) noexcept {
    // In the enum's order.
    constexpr std::string_view codes[] = {"unsupported_content_type", "malformed_body", "invalid_utf8",
                                          "missing_field",            "invalid_field",  "unknown_callback",
                                          "handler_failed"};
    return connectel::detail::enum_name(kind, codes, "unknown");
}

// Why a callback did not parse. `field` names the field at fault, or is empty.
struct CallbackProblem {
    CallbackErrorKind kind = CallbackErrorKind::MalformedBody;
    std::string field;
    std::string message;  // a short sentence

    // "field: message", or the message alone when it is empty of a field or starts with its
    // name: what CallbackError::what() and WebhookReceiver's 400 say.
    std::string describe() const {
        if (field.empty() || message.compare(0, field.size() + 1, field + " ") == 0) return message;
        return field + ": " + message;
    }
};

// A callback that could not be read. Not a ValidationError: that one means our own request
// broke a rule before it was sent; this one means the gateway (or someone) sent us garbage.
class CallbackError : public Error {
public:
    explicit CallbackError(CallbackProblem problem)
        : Error(problem.describe()), problem_(std::move(problem)) {}
    CallbackErrorKind kind() const noexcept { return problem_.kind; }
    const std::string& field() const noexcept { return problem_.field; }
    const CallbackProblem& problem() const noexcept { return problem_; }

private:
    CallbackProblem problem_;
};

// Either kind of callback the gateway makes.
using Callback = std::variant<api::Dlr, api::InboundSms>;

// The non-throwing form of a parse: a value, or the problem.
template <typename T>
struct CallbackParse {
    std::optional<T> value;
    CallbackProblem problem;  // meaningful only when there is no value

    explicit operator bool() const noexcept { return value.has_value(); }
    const T& operator*() const { return *value; }
    const T* operator->() const { return &*value; }
};

namespace detail {

inline char ascii_lower(char c) noexcept {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}
inline std::string lower_trimmed(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    std::string out(text);
    for (char& c : out) c = ascii_lower(c);
    return out;
}

enum class BodyType { Json, Form };

// "application/json; charset=UTF-8" -> Json. Callbacks are UTF-8; a charset that says
// otherwise is refused rather than misread.
inline std::optional<CallbackProblem> body_type(std::string_view content_type, BodyType& out) {
    const std::size_t semicolon = content_type.find(';');
    const std::string media = lower_trimmed(content_type.substr(0, semicolon));
    if (media == "application/json") {
        out = BodyType::Json;
    } else if (media == "application/x-www-form-urlencoded") {
        out = BodyType::Form;
    } else {
        return CallbackProblem{CallbackErrorKind::UnsupportedContentType, "",
                               media.empty() ? "no Content-Type; a callback is application/json or "
                                               "application/x-www-form-urlencoded"
                                             : "unsupported Content-Type " + media +
                                                   "; a callback is application/json or "
                                                   "application/x-www-form-urlencoded"};
    }
    // Parameters: only charset matters.
    std::string_view rest =
        semicolon == std::string_view::npos ? std::string_view{} : content_type.substr(semicolon + 1);
    while (!rest.empty()) {
        const std::size_t end = std::min(rest.find(';'), rest.size());
        const std::string parameter = lower_trimmed(rest.substr(0, end));
        rest.remove_prefix(std::min(end + 1, rest.size()));
        if (parameter.compare(0, 8, "charset=") != 0) continue;
        std::string charset = parameter.substr(8);
        if (charset.size() >= 2 && charset.front() == '"' && charset.back() == '"')
            charset = charset.substr(1, charset.size() - 2);
        if (charset != "utf-8" && charset != "utf8" && charset != "us-ascii")
            return CallbackProblem{CallbackErrorKind::UnsupportedContentType, "",
                                   "unsupported charset " + charset + "; callbacks are UTF-8"};
    }
    return std::nullopt;
}

inline bool all_digits(const std::string& text) noexcept {
    if (text.empty() || text.size() > 9) return false;  // 9 digits always fit an int
    for (const char c : text)
        if (c < '0' || c > '9') return false;
    return true;
}

// Irons out the vendor's inconsistencies before from_json reads the object: numbers where
// text is expected (PHP's json_encode of a phone number) become their digits, and a statusStr
// of digits ("1", as the form of the reference's "statusStr": 1 arrives) becomes a number,
// which read_status takes as the code. Every top-level field but the status ones is text in
// both callbacks, so a field added to them needs no edit here.
inline void normalize(nlohmann::json& doc) {
    if (!doc.is_object()) return;
    for (auto it = doc.begin(); it != doc.end(); ++it)
        if ((it->is_number_integer() || it->is_number_unsigned()) && it.key() != "statusInt" &&
            it.key() != "setusInt" && it.key() != "statusStr")
            *it = it->dump();
    if (const auto it = doc.find("statusStr");
        it != doc.end() && it->is_string() && all_digits(it->get<std::string>()))
        *it = std::stoi(it->get<std::string>());
}

inline std::string json_reason(const nlohmann::json::parse_error& e) {
    // what() is "[json.exception.parse_error.101] parse error at line L, column C: reason".
    const std::string what = e.what();
    const std::size_t colon = what.find(": ");
    return colon == std::string::npos ? what : what.substr(colon + 2);
}

// Reads the body into one JSON object of fields, whatever its type.
inline std::optional<CallbackProblem> read_fields(std::string_view body, std::string_view content_type,
                                                  nlohmann::json& out) {
    BodyType type = BodyType::Json;
    if (auto problem = body_type(content_type, type)) return problem;
    if (type == BodyType::Json) {
        // Checked first so that the message names the byte and the problem, which nlohmann's
        // message for invalid UTF-8 does less clearly.
        if (const auto bad = sms::find_invalid_utf8(body))
            return CallbackProblem{CallbackErrorKind::InvalidUtf8, "", bad.message()};
        nlohmann::json doc;
        try {
            doc = nlohmann::json::parse(body);
        } catch (const nlohmann::json::parse_error& e) {
            return CallbackProblem{
                CallbackErrorKind::MalformedBody, "",
                "malformed JSON at byte " + std::to_string(e.byte) + ": " + json_reason(e)};
        } catch (const nlohmann::json::out_of_range&) {  // a number such as 1e400, which no double holds
            return CallbackProblem{CallbackErrorKind::MalformedBody, "", "the JSON body has a number out of range"};
        }
        if (!doc.is_object())
            return CallbackProblem{CallbackErrorKind::MalformedBody, "",
                                   "the JSON body is not an object of fields"};
        out = std::move(doc);
    } else {
        std::string bad_field;
        const auto fields = connectel::form::parse(body, &bad_field);
        if (!fields)
            return CallbackProblem{CallbackErrorKind::MalformedBody, bad_field, "malformed percent-escape"};
        nlohmann::json doc = nlohmann::json::object();
        for (const auto& [name, value] : *fields) {
            if (const auto bad = sms::find_invalid_utf8(name))
                return CallbackProblem{CallbackErrorKind::InvalidUtf8, "",
                                       "a field name has " + bad.message()};
            if (const auto bad = sms::find_invalid_utf8(value))
                return CallbackProblem{CallbackErrorKind::InvalidUtf8, name, bad.message()};
            doc[name] = value;  // a repeated name: the last one counts, as in PHP's $_POST
        }
        out = std::move(doc);
    }
    normalize(out);
    return std::nullopt;
}

// ValidationError's what() is "field: message"; the problem keeps them apart.
inline CallbackProblem invalid_field(const ValidationError& e) {
    std::string message = e.what();
    const std::string prefix = e.field() + ": ";
    if (!e.field().empty() && message.compare(0, prefix.size(), prefix) == 0) message.erase(0, prefix.size());
    return {CallbackErrorKind::InvalidField, e.field(), std::move(message)};
}

inline bool has(const nlohmann::json& doc, const char* name) {
    const auto it = doc.find(name);
    return it != doc.end() && !it->is_null();
}

inline CallbackProblem missing_field(const char* name, const char* what) {
    return {CallbackErrorKind::MissingField, name, std::string(name) + " is required in " + what};
}

inline std::optional<CallbackProblem> dlr_from(const nlohmann::json& doc, api::Dlr& out) {
    // Checked before from_json so that a missing status is named as missing, not as invalid.
    if (!has(doc, "statusInt") && !has(doc, "setusInt") && !has(doc, "statusStr"))
        return CallbackProblem{CallbackErrorKind::MissingField, "statusInt",
                               "a delivery report needs statusInt or statusStr"};
    try {
        api::Dlr dlr;
        from_json(doc, dlr);
        if (dlr.requestid.empty()) return missing_field("requestid", "a delivery report");
        out = std::move(dlr);
    } catch (const ValidationError& e) {
        return invalid_field(e);
    }
    return std::nullopt;
}

inline std::optional<CallbackProblem> inbound_from(const nlohmann::json& doc, api::InboundSms& out) {
    try {
        api::InboundSms sms;
        from_json(doc, sms);
        if (sms.from.empty()) return missing_field("from", "an inbound SMS");
        if (sms.to.empty()) return missing_field("to", "an inbound SMS");
        if (!has(doc, "message")) return missing_field("message", "an inbound SMS");  // empty text is a text
        out = std::move(sms);
    } catch (const ValidationError& e) {
        return invalid_field(e);
    }
    return std::nullopt;
}

enum class CallbackKind { Dlr, Inbound };

// Which callback this is. An explicit action decides first ("dlr"); then status fields mean
// a delivery report, since only those carry one; then from/to/message mean an inbound SMS.
inline std::optional<CallbackProblem> classify(const nlohmann::json& doc, CallbackKind& out) {
    std::string action;
    if (const auto it = doc.find("action"); it != doc.end() && it->is_string())
        action = lower_trimmed(it->get<std::string>());
    const bool has_status = has(doc, "statusInt") || has(doc, "setusInt") || has(doc, "statusStr");
    const bool looks_inbound = has(doc, "from") || has(doc, "to");
    if (action == "dlr" || (action.empty() && has_status)) {
        out = CallbackKind::Dlr;
    } else if (looks_inbound) {
        out = CallbackKind::Inbound;
    } else if (!action.empty()) {
        return CallbackProblem{CallbackErrorKind::UnknownCallback, "action",
                               "\"" + action + "\" is neither a delivery report (dlr) nor an inbound SMS"};
    } else {
        return CallbackProblem{CallbackErrorKind::UnknownCallback, "",
                               "neither a delivery report (action, statusInt, statusStr) nor an inbound SMS "
                               "(from, to, message)"};
    }
    return std::nullopt;
}

template <typename T>
CallbackParse<T> failed(CallbackProblem problem) {
    CallbackParse<T> result;
    result.problem = std::move(problem);
    return result;
}

}  // namespace detail

// Reads a delivery report (action=dlr) from a callback's body. Lenient where the vendor is:
// statusStr as text or number, QUEUE for QUEUED, reserved codes 3/4/6/7, numbers as numbers,
// unknown extra fields ignored. Required: requestid and a status.
inline CallbackParse<api::Dlr> try_parse_dlr(std::string_view body, std::string_view content_type) {
    nlohmann::json doc;
    if (auto problem = detail::read_fields(body, content_type, doc))
        return detail::failed<api::Dlr>(std::move(*problem));
    CallbackParse<api::Dlr> result;
    api::Dlr dlr;
    if (auto problem = detail::dlr_from(doc, dlr)) return detail::failed<api::Dlr>(std::move(*problem));
    result.value = std::move(dlr);
    return result;
}

// Reads an inbound SMS. Required: from, to and message (which may be empty); requestid is
// kept when present.
inline CallbackParse<api::InboundSms> try_parse_inbound(std::string_view body,
                                                        std::string_view content_type) {
    nlohmann::json doc;
    if (auto problem = detail::read_fields(body, content_type, doc))
        return detail::failed<api::InboundSms>(std::move(*problem));
    CallbackParse<api::InboundSms> result;
    api::InboundSms sms;
    if (auto problem = detail::inbound_from(doc, sms))
        return detail::failed<api::InboundSms>(std::move(*problem));
    result.value = std::move(sms);
    return result;
}

// Reads either kind, deciding which from the fields (see detail::classify).
inline CallbackParse<Callback> try_parse_callback(std::string_view body, std::string_view content_type) {
    nlohmann::json doc;
    if (auto problem = detail::read_fields(body, content_type, doc))
        return detail::failed<Callback>(std::move(*problem));
    detail::CallbackKind kind = detail::CallbackKind::Dlr;
    if (auto problem = detail::classify(doc, kind)) return detail::failed<Callback>(std::move(*problem));
    CallbackParse<Callback> result;
    if (kind == detail::CallbackKind::Dlr) {
        api::Dlr dlr;
        if (auto problem = detail::dlr_from(doc, dlr)) return detail::failed<Callback>(std::move(*problem));
        result.value = Callback(std::move(dlr));
    } else {
        api::InboundSms sms;
        if (auto problem = detail::inbound_from(doc, sms))
            return detail::failed<Callback>(std::move(*problem));
        result.value = Callback(std::move(sms));
    }
    return result;
}

// The throwing forms: CallbackError names the field or says what is wrong.
inline api::Dlr parse_dlr(std::string_view body, std::string_view content_type) {
    auto result = try_parse_dlr(body, content_type);
    if (!result) throw CallbackError(std::move(result.problem));
    return std::move(*result.value);
}
inline api::InboundSms parse_inbound(std::string_view body, std::string_view content_type) {
    auto result = try_parse_inbound(body, content_type);
    if (!result) throw CallbackError(std::move(result.problem));
    return std::move(*result.value);
}
inline Callback parse_callback(std::string_view body, std::string_view content_type) {
    auto result = try_parse_callback(body, content_type);
    if (!result) throw CallbackError(std::move(result.problem));
    return std::move(*result.value);
}

}  // namespace connectel
