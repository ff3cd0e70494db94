// The send request as the gateway reads it (docs/simulator.md, "The endpoints"): from a JSON or a form body, single or
// bulk, in every shape the contract accepts; then checked with the API's rules. Beside the
// readers, the writers the client sends with (to_json, to_form).
#pragma once

#include <algorithm>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "connectel/api/validation.hpp"
#include "connectel/form.hpp"
#include "connectel/json_reader.hpp"

namespace connectel::api {

struct SendRequest {
    std::string token;  // `authorization` from the body; the HTTP layer may find it elsewhere
    std::string sender;
    std::string message;
    bool bulk = false;
    std::string recipient;                  // a single send
    std::vector<BulkRecipient> recipients;  // a bulk send, in request order
};

// A body the API cannot read at all: code malformed_body, no field.
inline FieldProblem malformed_body(std::string message) {
    return {"", "malformed_body", std::move(message)};
}

// A body (or a member holding JSON text, `member`) that read_json refused, as the API reports
// it. A number out of range names the member it stands in, as any other bad value does.
inline FieldProblem json_problem(const connectel::JsonReadProblem& problem,
                                 const std::string& member = "") {
    const std::string field = member.empty() ? problem.member : member;
    const std::string message = connectel::describe_json_problem(problem);
    if (problem.kind == connectel::JsonReadProblem::Kind::NumberOutOfRange && !field.empty())
        return detail::invalid(field, message);
    return malformed_body(message);
}

namespace detail {

using json = nlohmann::ordered_json;  // keeps a plain-object bulk set in request order (read_json builds it)

inline std::optional<bool> bulk_flag_from_text(std::string_view text) {
    if (text == "true" || text == "TRUE" || text == "True" || text == "1") return true;
    if (text == "false" || text == "FALSE" || text == "False" || text == "0" || text.empty()) return false;
    return std::nullopt;
}

inline std::optional<FieldProblem> bulk_flag_from_json(const json& value, bool& out) {
    if (value.is_boolean()) {
        out = value.get<bool>();
    } else if (value.is_number_integer() && (value == 0 || value == 1)) {
        out = value == 1;
    } else if (value.is_string()) {
        const auto flag = bulk_flag_from_text(value.get_ref<const std::string&>());
        if (!flag) return invalid("bulk", "bulk is true or false (also 1/0 or \"true\"/\"false\")");
        out = *flag;
    } else {
        return invalid("bulk", "bulk is true or false (also 1/0 or \"true\"/\"false\")");
    }
    return std::nullopt;
}

// Bulk recipients: the documented array of one-pair objects [{"Key":"number"}, ...], or a plain
// object {"Key":"number", ...}; numbers are strings.
inline std::optional<FieldProblem> bulk_recipients_from_json(const json& value,
                                                             std::vector<BulkRecipient>& out) {
    const auto add = [&](const std::string& key, const json& number) -> std::optional<FieldProblem> {
        if (!number.is_string())
            return invalid("recipient[" + key + "]", "a recipient number is a string, like \"46700000000\"");
        out.push_back({key, number.get<std::string>()});
        return std::nullopt;
    };
    const char* shape = "bulk recipients are [{\"Key\":\"number\"}, ...] or {\"Key\":\"number\", ...}";
    if (value.is_object()) {
        for (const auto& [key, number] : value.items())
            if (auto problem = add(key, number)) return problem;
        return std::nullopt;
    }
    if (!value.is_array()) return invalid("recipient", shape);
    for (const json& pair : value) {
        if (!pair.is_object() || pair.size() != 1) return invalid("recipient", shape);
        if (auto problem = add(pair.begin().key(), pair.begin().value())) return problem;
    }
    return std::nullopt;
}

inline std::optional<FieldProblem> string_field(const json& body, const char* name, std::string& out) {
    const auto it = body.find(name);
    if (it == body.end() || it->is_null()) return std::nullopt;
    if (!it->is_string()) return invalid(name, std::string(name) + " is a string");
    out = it->get<std::string>();
    return std::nullopt;
}

// A PHP-style bulk recipient field, by its name: `recipient[Key]` (a keyed set, as
// http_build_query writes {"Key":"number",...}), or `recipient[N][Key]` / `recipient[][Key]` (a
// list of one-pair objects, as it writes the documented [{"Key":"number"},...]). nullopt for
// any other name that opens with "recipient[".
struct BracketedRecipient {
    bool listed = false;  // recipient[N][Key] or recipient[][Key]
    std::string index;    // N, when listed; empty for []
    std::string key;
};

inline std::optional<BracketedRecipient> parse_bracketed_recipient(std::string_view name) {
    std::vector<std::string_view> segments;
    std::string_view rest = name.substr(std::string_view("recipient").size());
    while (!rest.empty()) {
        const auto close = rest.find(']');
        if (rest.front() != '[' || close == std::string_view::npos) return std::nullopt;
        const std::string_view segment = rest.substr(1, close - 1);
        if (segment.find('[') != std::string_view::npos) return std::nullopt;
        segments.push_back(segment);
        rest.remove_prefix(close + 1);
    }
    if (segments.size() == 1) return BracketedRecipient{false, "", std::string(segments[0])};
    const bool numbered =
        std::all_of(segments[0].begin(), segments[0].end(), [](char c) { return c >= '0' && c <= '9'; });
    if (segments.size() != 2 || !numbered) return std::nullopt;
    return BracketedRecipient{true, std::string(segments[0]), std::string(segments[1])};
}

// The bulk set from PHP-style fields, in request order; each recipient[N] holds one pair, and one
// request uses one of the two shapes.
using BracketedFields = std::vector<std::pair<BracketedRecipient, std::string>>;  // with each number

inline std::optional<FieldProblem> bracketed_recipients(const BracketedFields& fields,
                                                        std::vector<BulkRecipient>& out) {
    std::set<std::string> indexes;
    for (const auto& [field, number] : fields) {
        if (field.listed != fields.front().first.listed)
            return invalid("recipient",
                           "give bulk recipients one way: recipient[Key]=number or recipient[N][Key]=number fields, "
                           "not both");
        if (field.listed && !field.index.empty() && !indexes.insert(field.index).second)
            return invalid("recipient[" + field.index + "]",
                           "recipient[" + field.index + "] holds one Key, like recipient[0][Number1]=46700000000");
        out.push_back({field.key, number});
    }
    return std::nullopt;
}

}  // namespace detail

// Reads a JSON body. Returns the first problem (malformed JSON with its byte offset, a wrong
// type naming the field); fills `out` only when there is none. Missing fields are left empty
// for check_send to report.
inline std::optional<FieldProblem> parse_send_json(std::string_view body, SendRequest& out) {
    using detail::json;
    json doc;
    if (const auto problem = connectel::read_json(body, doc)) return json_problem(*problem);
    if (!doc.is_object()) return malformed_body("the JSON body is an object of parameters");

    SendRequest request;
    for (auto [name, target] : {std::pair{"authorization", &request.token},
                                std::pair{"sender", &request.sender}, std::pair{"message", &request.message}})
        if (auto problem = detail::string_field(doc, name, *target)) return problem;
    if (const auto bulk = doc.find("bulk"); bulk != doc.end() && !bulk->is_null())
        if (auto problem = detail::bulk_flag_from_json(*bulk, request.bulk)) return problem;

    if (const auto recipient = doc.find("recipient"); recipient != doc.end() && !recipient->is_null()) {
        if (request.bulk) {
            // A JSON string holding the set is what form bodies send; accept it here too.
            json set = std::move(*recipient);
            if (set.is_string()) {
                const std::string text = set.get<std::string>();
                if (const auto problem = connectel::read_json(text, set))
                    return problem->kind == connectel::JsonReadProblem::Kind::Syntax
                               ? detail::invalid("recipient", "the bulk recipient string is not valid JSON")
                               : json_problem(*problem, "recipient");
            }
            if (auto problem = detail::bulk_recipients_from_json(set, request.recipients)) return problem;
        } else if (recipient->is_string()) {
            request.recipient = recipient->get<std::string>();
        } else if (recipient->is_array() || recipient->is_object()) {
            return detail::invalid("recipient", "several recipients need \"bulk\": true");
        } else {
            return detail::invalid("recipient", "recipient is a string, like \"46700000000\"");
        }
    }
    out = std::move(request);
    return std::nullopt;
}

// Reads an application/x-www-form-urlencoded body. Bulk recipients come as a JSON string in
// `recipient`, or as PHP-style fields: `recipient[Key]=number`, or `recipient[N][Key]=number`
// (also `recipient[][Key]`), which is how PHP's http_build_query writes the documented list.
inline std::optional<FieldProblem> parse_send_form(std::string_view body, SendRequest& out) {
    std::string bad_field;
    const auto fields = connectel::form::parse(body, &bad_field);
    if (!fields) return malformed_body("malformed percent-escape in form field " + bad_field);

    SendRequest request;
    std::optional<std::string> recipient;
    detail::BracketedFields bracketed;
    for (const auto& [name, value] : *fields) {
        if (name == "authorization")
            request.token = value;
        else if (name == "sender")
            request.sender = value;
        else if (name == "message")
            request.message = value;
        else if (name == "recipient")
            recipient = value;
        else if (name == "bulk") {
            const auto flag = detail::bulk_flag_from_text(value);
            if (!flag) return detail::invalid("bulk", "bulk is true or false (also 1/0)");
            request.bulk = *flag;
        } else if (name.compare(0, 10, "recipient[") == 0) {
            auto field = detail::parse_bracketed_recipient(name);
            if (!field)
                return detail::invalid(name, "a bulk recipient field is recipient[Key] or recipient[N][Key], like "
                                             "recipient[Number1] or recipient[0][Number1]");
            bracketed.emplace_back(std::move(*field), value);
        }
    }
    if (!bracketed.empty() && recipient)
        return detail::invalid("recipient", "give recipient or recipient[Key] fields, not both");
    if (!request.bulk) {
        if (!bracketed.empty()) return detail::invalid("recipient", "several recipients need bulk=true");
        request.recipient = recipient.value_or("");
    } else if (!bracketed.empty()) {
        if (auto problem = detail::bracketed_recipients(bracketed, request.recipients)) return problem;
    } else if (recipient) {
        detail::json set;
        if (const auto problem = connectel::read_json(*recipient, set))
            return problem->kind == connectel::JsonReadProblem::Kind::Syntax
                       ? detail::invalid("recipient",
                                         "a bulk recipient field is JSON, like [{\"Key\":\"46700000000\"}]")
                       : json_problem(*problem, "recipient");
        if (auto problem = detail::bulk_recipients_from_json(set, request.recipients)) return problem;
    }
    out = std::move(request);
    return std::nullopt;
}

// The request as a JSON body, as the client sends it: a bulk set as the documented array of
// one-pair objects [{"Key":"number"}, ...]. parse_send_json reads it back.
inline void to_json(nlohmann::json& j, const SendRequest& request) {
    j = {{"authorization", request.token}, {"sender", request.sender}, {"message", request.message}};
    if (request.bulk) {
        j["bulk"] = true;
        nlohmann::json set = nlohmann::json::array();
        for (const auto& r : request.recipients) set.push_back({{r.key, r.number}});
        j["recipient"] = std::move(set);
    } else {
        j["recipient"] = request.recipient;
    }
}

// The request as form fields: a bulk set goes as JSON text in `recipient` (an object keyed by
// the caller's keys). parse_send_form reads it back; connectel::form::encode makes the body.
inline form::Fields to_form(const SendRequest& request) {
    form::Fields fields = {
        {"authorization", request.token}, {"sender", request.sender}, {"message", request.message}};
    if (request.bulk) {
        nlohmann::json set = nlohmann::json::object();
        for (const auto& r : request.recipients) set[r.key] = r.number;
        fields.emplace_back("bulk", "true");
        fields.emplace_back("recipient", set.dump());
    } else {
        fields.emplace_back("recipient", request.recipient);
    }
    return fields;
}

// The API's rules over a parsed request, in the order a reader of the form would check them.
inline std::optional<FieldProblem> check_send(const SendRequest& request) {
    if (auto problem = check_token(request.token)) return problem;
    if (auto problem = check_sender(request.sender)) return problem;
    if (request.bulk) {
        if (auto problem = check_bulk_recipients(request.recipients)) return problem;
    } else if (auto problem = check_recipient(request.recipient)) {
        return problem;
    }
    return check_message(request.message);
}

// The same rules, throwing ValidationError naming the field: the client's pre-flight check.
inline void validate(const SendRequest& request) {
    throw_if(check_send(request));
}

}  // namespace connectel::api
