// The scenario file's keys and rules (docs/scenarios.md), checked with positions for every problem.
#include "scenario/loader.hpp"

#include "connectel/api/validation.hpp"
#include "faults/registry.hpp"
#include "scenario/callback_url.hpp"
#include "scenario/masked_source.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>

namespace sim::scenario {

using namespace jsonc;  // the document reader and checker this file reads the scenario with

namespace {

using json = nlohmann::ordered_json;
using connectel::Status;

std::string status_names() {
    std::string names;
    for (const auto& row : connectel::status_table)
        if (row.status != Status::Reserved) names += (names.empty() ? "" : ", ") + std::string(row.name);
    return names;
}

std::shared_ptr<const Lifecycle> read_lifecycle(Checker& check, const json& value, const std::string& pointer) {
    if (!value.is_array() || value.empty()) {
        check.at_value(pointer, "lifecycle is a non-empty array of {\"after\": \"1s\", \"status\": \"DELIVRD\"}");
        return nullptr;
    }
    auto lifecycle = std::make_shared<Lifecycle>();
    bool ok = true;
    std::optional<std::string> final_pointer;
    for (std::size_t i = 0; i < value.size(); ++i) {
        const std::string step_pointer = pointer + "/" + std::to_string(i);
        const json& step = value[i];
        if (!check.object(step, step_pointer, {"after", "status", "desc"}, "a lifecycle step")) {
            ok = false;
            continue;
        }
        LifecycleStep parsed;
        if (const auto after = check.string(step, step_pointer, "after", true)) {
            if (const auto d = parse_duration(*after)) {
                parsed.after = *d;
                if (!lifecycle->empty() && parsed.after < lifecycle->back().after) {
                    check.at_value(step_pointer + "/after",
                                   "lifecycle steps are in time order; " + *after + " comes before the step above");
                    ok = false;
                }
            } else {
                check.at_value(step_pointer + "/after",
                               "bad duration " + json_quoted(*after) + "; write it like \"250ms\", \"2s\", \"5m\" or \"48h\"");
                ok = false;
            }
        } else {
            ok = false;
        }
        if (const auto status = check.string(step, step_pointer, "status", true)) {
            const auto parsed_status = connectel::parse_status_str(*status);
            if (!parsed_status || *parsed_status == Status::Reserved) {
                check.at_value(step_pointer + "/status", "unknown status " + json_quoted(*status) + "; one of " + status_names());
                ok = false;
            } else {
                parsed.status = *parsed_status;
            }
        } else {
            ok = false;
        }
        if (const auto desc = check.string(step, step_pointer, "desc")) parsed.desc = *desc;
        if (final_pointer) {
            check.at_value(step_pointer, "a lifecycle ends at its first final status; this step comes after one");
            ok = false;
        }
        if (connectel::is_final(parsed.status)) final_pointer = step_pointer;
        lifecycle->push_back(std::move(parsed));
    }
    return ok ? lifecycle : nullptr;
}

std::optional<Match> read_match(Checker& check, const json& value, const std::string& pointer) {
    if (!check.object(value, pointer, {"recipient", "sender", "message", "token", "bulk"}, "match")) return std::nullopt;
    Match match;
    bool ok = true;
    for (auto [key, target] : {std::pair{"recipient", &match.recipient}, std::pair{"sender", &match.sender},
                               std::pair{"message", &match.message}, std::pair{"token", &match.token}}) {
        const auto source = check.string(value, pointer, key);
        if (!source) {
            ok = ok && !value.contains(key);
            continue;
        }
        std::string error;
        if (auto pattern = Pattern::parse(*source, error))
            *target = std::move(*pattern);
        else
            check.at_value(Checker::member_pointer(pointer, key), error), ok = false;
    }
    if (const auto bulk = value.find("bulk"); bulk != value.end()) {
        if (bulk->is_boolean())
            match.bulk = bulk->get<bool>();
        else
            check.at_value(pointer + "/bulk", "bulk is true or false, not " + describe(*bulk)), ok = false;
    }
    return ok ? std::optional<Match>(std::move(match)) : std::nullopt;
}

std::optional<Reply> read_reply(Checker& check, const json& value, const std::string& pointer) {
    if (!check.object(value, pointer, {"after", "message"}, "reply")) return std::nullopt;
    Reply reply;
    if (const auto after = check.duration(value, pointer, "after", true)) reply.after = *after;
    if (auto message = check.string(value, pointer, "message", true)) {
        if (auto problem = connectel::api::check_message(*message))
            check.at_value(pointer + "/message", problem->message);
        reply.message = std::move(*message);
    }
    return reply;
}

// A rule's dlr_faults (`dlr`) or inbound_faults: at least one fault, each checked.
std::optional<CallbackFaults> read_callback_faults(Checker& check, const json& value, const std::string& pointer,
                                                   bool dlr) {
    const char* what = dlr ? "dlr_faults" : "inbound_faults";
    const std::vector<std::string_view> keys = dlr ? std::vector<std::string_view>{"duplicate", "delay", "reorder", "early"}
                                                   : std::vector<std::string_view>{"duplicate", "delay"};
    if (!check.object(value, pointer, keys, what)) return std::nullopt;
    CallbackFaults faults;
    if (const auto duplicate = value.find("duplicate"); duplicate != value.end()) {
        const std::string at = pointer + "/duplicate";
        const char* shape = "duplicate is a number of extra deliveries from 1 to 10, or {\"times\": N, \"probability\": P}";
        DuplicateFault parsed;
        if (duplicate->is_number_unsigned() && duplicate->get<std::uint64_t>() >= 1 && duplicate->get<std::uint64_t>() <= 10) {
            parsed.times = static_cast<std::uint32_t>(duplicate->get<std::uint64_t>());
            faults.duplicate = parsed;
        } else if (duplicate->is_object()) {
            if (check.object(*duplicate, at, {"times", "probability"}, "duplicate")) {
                if (const auto times = check.whole(*duplicate, at, "times", 1, 10)) parsed.times = static_cast<std::uint32_t>(*times);
                if (const auto p = duplicate->find("probability"); p != duplicate->end()) {
                    if (p->is_number() && p->get<double>() > 0 && p->get<double>() <= 1)
                        parsed.probability = p->get<double>();
                    else
                        check.at_value(at + "/probability", "probability is a number above 0, at most 1, not " +
                                                           (p->is_number() ? p->dump() : describe(*p)));
                }
                faults.duplicate = parsed;
            }
        } else {
            check.at_value(at, shape);
        }
    }
    if (const auto delay = check.duration(value, pointer, "delay")) faults.delay = *delay;
    if (dlr) {
        if (const auto reorder = check.duration(value, pointer, "reorder")) {
            if (reorder->count() == 0) check.at_value(pointer + "/reorder", "a reorder window is longer than 0s");
            faults.reorder = *reorder;
        }
        if (const auto early = check.boolean(value, pointer, "early")) faults.early = *early;
    }
    if (value.is_object() && value.empty())
        check.at_value(pointer, std::string(what) + " scripts at least one fault: " +
                                    (dlr ? "duplicate, delay, reorder or early" : "duplicate or delay"));
    return faults;
}

std::optional<CallbackTarget> read_target(Checker& check, const json& value, const std::string& pointer,
                                          std::initializer_list<std::string_view> keys, const char* what) {
    if (!check.object(value, pointer, keys, what)) return std::nullopt;
    CallbackTarget target;
    if (auto url = check.string(value, pointer, "url", true)) {
        if (const auto problem = callback_url_problem(*url)) check.at_value(pointer + "/url", *problem);
        target.url = std::move(*url);
    }
    if (const auto format = check.string(value, pointer, "format")) {
        if (*format == "form")
            target.format = PayloadFormat::Form;
        else if (*format != "json")
            check.at_value(pointer + "/format", "format is \"json\" or \"form\", not " + json_quoted(*format));
    }
    return target;
}

std::optional<InboundSettings> read_inbound(Checker& check, const json& value, const std::string& pointer) {
    auto target = read_target(check, value, pointer, {"url", "format", "numbers"}, "inbound");
    if (!target) return std::nullopt;
    InboundSettings inbound{std::move(*target), {}};
    if (const auto numbers = value.find("numbers"); numbers != value.end()) {
        if (!numbers->is_array()) {
            check.at_value(pointer + "/numbers", "numbers is an array of phone numbers");
            return inbound;
        }
        for (std::size_t i = 0; i < numbers->size(); ++i) {
            const std::string at = pointer + "/numbers/" + std::to_string(i);
            const json& number = (*numbers)[i];
            if (!number.is_string() || connectel::api::check_recipient(number.get<std::string>()))
                check.at_value(at, "a number is a string of 7 to 15 digits, like \"46700000100\"");
            else
                inbound.numbers.push_back(number.get<std::string>());
        }
    }
    return inbound;
}

void read_timeline(Checker& check, const json& value, Scenario& scenario) {
    if (!value.is_array()) {
        check.at_value("/timeline", "timeline is an array of {\"at\": \"5s\", \"inbound\": {...}}");
        return;
    }
    for (std::size_t i = 0; i < value.size(); ++i) {
        const std::string pointer = "/timeline/" + std::to_string(i);
        if (!check.object(value[i], pointer, {"at", "inbound"}, "a timeline event")) continue;
        TimelineEvent event;
        if (const auto at = check.duration(value[i], pointer, "at", true)) event.at = *at;
        const auto inbound = value[i].find("inbound");
        if (inbound == value[i].end()) {
            check.at_value(pointer, "missing required key \"inbound\"");
            continue;
        }
        const std::string inbound_pointer = pointer + "/inbound";
        if (!check.object(*inbound, inbound_pointer, {"from", "to", "message"}, "an inbound SMS")) continue;
        for (auto [key, target] : {std::pair{"from", &event.inbound.from}, std::pair{"to", &event.inbound.to},
                                   std::pair{"message", &event.inbound.message}})
            if (auto text = check.string(*inbound, inbound_pointer, key, true)) *target = std::move(*text);
        for (const char* key : {"from", "to"})
            if (inbound->contains(key) && (*inbound)[key].is_string() &&
                connectel::api::check_recipient((*inbound)[key].get<std::string>()))
                check.at_value(inbound_pointer + "/" + key, std::string(key) + " is a phone number of 7 to 15 digits");
        if (inbound->contains("message") && (*inbound)["message"].is_string())
            if (auto problem = connectel::api::check_message((*inbound)["message"].get<std::string>()))
                check.at_value(inbound_pointer + "/message", problem->message);
        scenario.timeline.push_back(std::move(event));
    }
}

// Every scripted inbound SMS goes to a number some token lists, or it could never be delivered.
void check_timeline_numbers(Checker& check, const Scenario& scenario) {
    for (std::size_t i = 0; i < scenario.timeline.size(); ++i) {
        const std::string& to = scenario.timeline[i].inbound.to;
        bool owned = false;
        if (scenario.tokens)
            for (const auto& token : *scenario.tokens)
                if (const auto& inbound = token.callbacks.inbound)
                    for (const auto& number : inbound->numbers) owned = owned || number == to;
        if (!owned && !to.empty())
            check.at_value("/timeline/" + std::to_string(i) + "/inbound/to",
                           "no token lists " + json_quoted(to) + " among its inbound numbers");
    }
}

void read_callbacks(Checker& check, const json& value, Scenario& scenario) {
    if (!check.object(value, "/callbacks", {"timeout", "retries", "backoff", "max_backoff"}, "callbacks")) return;
    RetryPolicy& policy = scenario.callbacks;
    if (const auto timeout = check.duration(value, "/callbacks", "timeout")) policy.timeout = *timeout;
    if (const auto retries = check.whole(value, "/callbacks", "retries", 0, 100)) policy.retries = unsigned(*retries);
    if (const auto backoff = check.duration(value, "/callbacks", "backoff")) policy.backoff = *backoff;
    if (const auto max_backoff = check.duration(value, "/callbacks", "max_backoff")) policy.max_backoff = *max_backoff;
    if (policy.timeout.count() == 0) check.at_value("/callbacks/timeout", "a timeout is longer than 0s");
    if (policy.max_backoff < policy.backoff)
        check.at_value("/callbacks", "max_backoff is at least backoff");
}

void read_limits(Checker& check, const json& value, Scenario& scenario) {
    if (!check.object(value, "/limits", {"rate"}, "limits")) return;
    const auto rate = check.string(value, "/limits", "rate");
    if (!rate) return;
    // "50/s", "600/m", "1000/h"
    const auto slash = rate->find('/');
    RateLimit limit;
    const std::string count = rate->substr(0, slash);
    const std::string unit = slash == std::string::npos ? "" : rate->substr(slash + 1);
    const bool digits = !count.empty() && count.size() <= 9 && count.find_first_not_of("0123456789") == std::string::npos;
    if (digits) limit.count = static_cast<std::uint32_t>(std::stoul(count));
    if (unit == "s") limit.per = std::chrono::seconds(1);
    if (unit == "m") limit.per = std::chrono::minutes(1);
    if (unit == "h") limit.per = std::chrono::hours(1);
    if (!digits || limit.count == 0 || limit.per.count() == 0) {
        check.at_value("/limits/rate", "a rate is requests per second, minute or hour, like \"50/s\", not " +
                                           json_quoted(*rate));
        return;
    }
    scenario.rate_limit = limit;
}

void read_quirks(Checker& check, const json& value, Scenario& scenario) {
    if (!check.object(value, "/quirks", {"numeric_dlr_status_str"}, "quirks")) return;
    if (const auto numeric = check.boolean(value, "/quirks", "numeric_dlr_status_str"))
        scenario.quirks.numeric_dlr_status_str = *numeric;
}

void read_rules(Checker& check, const json& value, Scenario& scenario) {
    if (!value.is_array()) {
        check.at_value("/rules", "rules is an array of {\"match\": {...}, \"lifecycle\": [...]}");
        return;
    }
    // Per aspect (lifecycle, faults, reply, DLR faults, inbound faults): the first rule that
    // sets it for every message.
    std::optional<std::size_t> catch_all[5];
    for (std::size_t i = 0; i < value.size(); ++i) {
        const std::string pointer = "/rules/" + std::to_string(i);
        const json& rule = value[i];
        if (!check.object(rule, pointer,
                          {"match", "times", "lifecycle", "respond", "reply", "dlr_faults", "inbound_faults"}, "a rule"))
            continue;
        Rule parsed;
        const std::size_t problems_before = check.problem_count();
        bool ok = true;
        if (const auto match = rule.find("match"); match == rule.end()) {
            check.at_value(pointer, "missing required key \"match\" (use {} to match every message)");
            ok = false;
        } else if (auto read = read_match(check, *match, pointer + "/match")) {
            parsed.match = std::move(*read);
        } else {
            ok = false;
        }
        if (const auto lifecycle = rule.find("lifecycle"); lifecycle != rule.end()) {
            parsed.lifecycle = read_lifecycle(check, *lifecycle, pointer + "/lifecycle");
            ok = ok && parsed.lifecycle;
        }
        if (const auto times = check.whole(rule, pointer, "times", 1, UINT32_MAX))
            parsed.times = static_cast<std::uint32_t>(*times);
        if (const auto respond = rule.find("respond"); respond != rule.end())
            parsed.faults = faults::read_faults(check, *respond, pointer + "/respond");
        if (const auto reply = rule.find("reply"); reply != rule.end())
            parsed.reply = read_reply(check, *reply, pointer + "/reply");
        if (const auto dlr = rule.find("dlr_faults"); dlr != rule.end())
            parsed.dlr_faults = read_callback_faults(check, *dlr, pointer + "/dlr_faults", true);
        if (const auto inbound = rule.find("inbound_faults"); inbound != rule.end())
            parsed.inbound_faults = read_callback_faults(check, *inbound, pointer + "/inbound_faults", false);
        if (!rule.contains("lifecycle") && !rule.contains("respond") && !rule.contains("reply") &&
            !rule.contains("dlr_faults") && !rule.contains("inbound_faults")) {
            check.at_value(pointer, "a rule says what to do: \"lifecycle\", \"respond\", \"reply\", "
                                    "\"dlr_faults\" or \"inbound_faults\"");
            ok = false;
        }
        if (!ok || check.problem_count() != problems_before) continue;
        // Each aspect is decided by the first matching rule that sets it: a rule whose every
        // aspect an earlier always-matching rule already decides is never used.
        const std::optional<std::size_t>* covers[] = {parsed.lifecycle ? &catch_all[0] : nullptr,
                                                      parsed.faults ? &catch_all[1] : nullptr,
                                                      parsed.reply ? &catch_all[2] : nullptr,
                                                      parsed.dlr_faults ? &catch_all[3] : nullptr,
                                                      parsed.inbound_faults ? &catch_all[4] : nullptr};
        std::optional<std::size_t> shadowed_by;
        bool all_covered = true;
        for (const auto* cover : covers)
            if (cover) {
                all_covered = all_covered && cover->has_value();
                if (cover->has_value()) shadowed_by = **cover;
            }
        if (all_covered && shadowed_by) {
            check.at_value(pointer, "this rule can never match: rule " + std::to_string(*shadowed_by + 1) +
                                        " above matches every message first");
            continue;
        }
        if (parsed.match.matches_everything() && !parsed.times)
            for (std::size_t aspect = 0; aspect < std::size(catch_all); ++aspect)
                if (covers[aspect] && !catch_all[aspect]) catch_all[aspect] = i;
        scenario.rules.push_back(std::move(parsed));
    }
}

const json* member(const json* object, const char* key) {
    if (!object || !object->is_object()) return nullptr;
    const auto it = object->find(key);
    return it == object->end() ? nullptr : &*it;
}

// A number has one owner, or where its inbound SMS go would hang on the order of the list.
void check_number_owners(Checker& check, const json& tokens) {
    std::map<std::string, std::string> owners;  // number -> token
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const json* numbers = member(member(&tokens[i], "inbound"), "numbers");
        const json* token = member(&tokens[i], "token");
        if (!numbers || !numbers->is_array() || !token || !token->is_string()) continue;
        for (std::size_t j = 0; j < numbers->size(); ++j) {
            if (!(*numbers)[j].is_string()) continue;
            const auto [owner, first] = owners.emplace((*numbers)[j].get<std::string>(), token->get<std::string>());
            if (!first)
                check.at_value("/tokens/" + std::to_string(i) + "/inbound/numbers/" + std::to_string(j),
                               "number " + json_quoted(owner->first) + " is already listed by token " +
                                   json_quoted(owner->second));
        }
    }
}

void read_tokens(Checker& check, const json& value, Scenario& scenario) {
    if (!value.is_array()) {
        check.at_value("/tokens", "tokens is an array of {\"token\": \"...\", \"id\": \"...\"}");
        return;
    }
    std::vector<TokenSettings> tokens;
    for (std::size_t i = 0; i < value.size(); ++i) {
        const std::string pointer = "/tokens/" + std::to_string(i);
        if (!check.object(value[i], pointer, {"token", "id", "dlr", "inbound"}, "a token"))
            continue;
        TokenSettings settings;
        if (auto token = check.string(value[i], pointer, "token", true)) {
            if (token->empty()) check.at_value(pointer + "/token", "a token is not empty");
            const bool repeated = std::any_of(tokens.begin(), tokens.end(),
                                              [&](const TokenSettings& t) { return t.token == *token; });
            if (repeated) check.at_value(pointer + "/token", "token " + json_quoted(*token) + " is listed twice");
            settings.token = std::move(*token);
        }
        if (auto id = check.string(value[i], pointer, "id")) {
            if (*id == "default")
                check.at_value(pointer + "/id",
                               "the id \"default\" names the settings of every token that has none; pick another");
            settings.id = std::move(*id);
        }
        if (const auto dlr = value[i].find("dlr"); dlr != value[i].end())
            settings.callbacks.dlr = read_target(check, *dlr, pointer + "/dlr", {"url", "format"}, "dlr");
        if (const auto inbound = value[i].find("inbound"); inbound != value[i].end())
            settings.callbacks.inbound = read_inbound(check, *inbound, pointer + "/inbound");
        tokens.push_back(std::move(settings));
    }
    scenario.tokens = std::move(tokens);
    check_number_owners(check, value);
}

void read_clock(Checker& check, const json& value, Scenario& scenario) {
    const char* shape = "clock is \"real\", \"virtual\" or {\"speed\": N} with N > 0";
    if (value.is_string()) {
        if (value == "real")
            scenario.clock = ClockSetting{ClockSetting::Kind::Real, 1.0};
        else if (value == "virtual")
            scenario.clock = ClockSetting{ClockSetting::Kind::Virtual, 1.0};
        else
            check.at_value("/clock", shape);
        return;
    }
    if (!check.object(value, "/clock", {"speed"}, "clock")) return;
    const auto speed = value.find("speed");
    if (speed == value.end() || !speed->is_number() || !(speed->get<double>() > 0) ||
        speed->get<double>() > 1e6) {
        check.at_value(speed == value.end() ? "/clock" : "/clock/speed", shape);
        return;
    }
    scenario.clock = ClockSetting{ClockSetting::Kind::Scaled, speed->get<double>()};
}

}  // namespace

ParseResult parse_scenario(std::string_view text) {
    ParseResult result;
    JsoncDocument doc;
    try {
        doc = parse_jsonc(text);
    } catch (const JsoncError& e) {
        result.problems.push_back({e.where(), e.what()});
        return result;
    }
    Checker check(doc, result.problems);
    const json& root = doc.value;
    Scenario& scenario = result.scenario;
    scenario.source_text = std::string(text);
    scenario.original_text = scenario.source_text;
    if (check.object(root, "",
                     {"name", "description", "seed", "clock", "tokens", "lifecycle", "rules", "timeline", "callbacks",
                      "limits", "quirks"},
                     "the scenario")) {
        if (auto name = check.string(root, "", "name", true)) {
            if (name->empty()) check.at_value("/name", "name is not empty");
            scenario.name = std::move(*name);
        }
        if (auto description = check.string(root, "", "description")) scenario.description = std::move(*description);
        if (const auto seed = root.find("seed"); seed != root.end()) {
            if (seed->is_number_unsigned())
                scenario.seed = seed->get<std::uint64_t>();
            else
                check.at_value("/seed", "seed is a whole number from 0 to 2^64-1, not " + describe(*seed));
        }
        if (const auto clock = root.find("clock"); clock != root.end()) read_clock(check, *clock, scenario);
        if (const auto tokens = root.find("tokens"); tokens != root.end()) read_tokens(check, *tokens, scenario);
        if (const auto lifecycle = root.find("lifecycle"); lifecycle != root.end())
            scenario.lifecycle = read_lifecycle(check, *lifecycle, "/lifecycle");
        else
            scenario.lifecycle = std::make_shared<const Lifecycle>(
                Lifecycle{{std::chrono::seconds(1), Status::Delivered, ""}});
        if (const auto rules = root.find("rules"); rules != root.end()) read_rules(check, *rules, scenario);
        if (const auto timeline = root.find("timeline"); timeline != root.end()) read_timeline(check, *timeline, scenario);
        if (const auto callbacks = root.find("callbacks"); callbacks != root.end())
            read_callbacks(check, *callbacks, scenario);
        if (const auto limits = root.find("limits"); limits != root.end()) read_limits(check, *limits, scenario);
        if (const auto quirks = root.find("quirks"); quirks != root.end()) read_quirks(check, *quirks, scenario);
        check_timeline_numbers(check, scenario);
    }
    if (scenario.tokens) {
        std::vector<std::string> tokens;
        for (const auto& settings : *scenario.tokens) tokens.push_back(settings.token);
        scenario.source_text = mask_tokens_in_source(text, doc, tokens);
    }
    std::stable_sort(result.problems.begin(), result.problems.end(),
                     [](const Problem& a, const Problem& b) { return a.where.offset < b.where.offset; });
    return result;
}

TokenCallbacksResult parse_token_callbacks(std::string_view text,
                                           const std::function<std::optional<std::string>(const std::string&)>& owner_of) {
    TokenCallbacksResult result;
    JsoncDocument doc;
    try {
        doc = parse_jsonc(text.empty() ? std::string_view("{}") : text);
    } catch (const JsoncError& e) {
        result.problems.push_back({e.where(), e.what()});
        return result;
    }
    Checker check(doc, result.problems);
    const json& root = doc.value;
    if (!check.object(root, "", {"dlr", "inbound"}, "a token's settings")) return result;
    if (const auto dlr = root.find("dlr"); dlr != root.end() && !dlr->is_null())
        result.callbacks.dlr = read_target(check, *dlr, "/dlr", {"url", "format"}, "dlr");
    if (const auto inbound = root.find("inbound"); inbound != root.end() && !inbound->is_null()) {
        result.callbacks.inbound = read_inbound(check, *inbound, "/inbound");
        const json* numbers = member(&*inbound, "numbers");
        for (std::size_t j = 0; numbers && numbers->is_array() && j < numbers->size(); ++j) {
            if (!(*numbers)[j].is_string()) continue;
            const std::string number = (*numbers)[j].get<std::string>();
            bool repeated = false;
            for (std::size_t k = 0; k < j; ++k) repeated = repeated || (*numbers)[k] == (*numbers)[j];
            if (repeated)
                check.at_value("/inbound/numbers/" + std::to_string(j), "number " + json_quoted(number) + " is listed twice");
            else if (const auto owner = owner_of(number))
                check.at_value("/inbound/numbers/" + std::to_string(j),
                               "number " + json_quoted(number) + " is already token " + json_quoted(*owner) + "'s");
        }
    }
    std::stable_sort(result.problems.begin(), result.problems.end(),
                     [](const Problem& a, const Problem& b) { return a.where.offset < b.where.offset; });
    return result;
}

std::string format_problem(std::string_view source, const Problem& problem) {
    return std::string(source) + ":" + std::to_string(problem.where.line) + ":" +
           std::to_string(problem.where.column) + ": " + problem.message;
}

namespace {

std::string join_lines(const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& line : lines) out += (out.empty() ? "" : "\n") + line;
    return out;
}

}  // namespace

ScenarioError::ScenarioError(std::vector<std::string> lines)
    : std::runtime_error(join_lines(lines)), lines_(std::move(lines)) {}

Scenario load_scenario(std::string_view text, std::string_view source) {
    ParseResult result = parse_scenario(text);
    result.scenario.source_name = std::string(source);
    if (result.problems.empty()) return std::move(result.scenario);
    std::vector<std::string> lines;
    for (const Problem& problem : result.problems) lines.push_back(format_problem(source, problem));
    throw ScenarioError(std::move(lines));
}

Scenario load_scenario_file(const std::string& path) {
    std::ifstream file(path, std::ios::binary);
    if (!file) throw ScenarioError({path + ": cannot read the scenario: " + std::strerror(errno)});
    std::ostringstream text;
    text << file.rdbuf();
    return load_scenario(text.str(), path);
}

}  // namespace sim::scenario
