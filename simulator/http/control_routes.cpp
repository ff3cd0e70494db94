// The control API's handlers: thin reads of the gateway, journal and clock.
#include "http/control_routes.hpp"

#include "connectel/api/validation.hpp"
#include "connectel/detail/form_codec.hpp"
#include "connectel/sms/options.hpp"
#include "http/json_response.hpp"
#include "scenario/loader.hpp"

namespace sim::http {

namespace {

using nlohmann::json;

std::optional<json> read_json_body(const httplib::Request& req, httplib::Response& res) {
    if (req.body.empty()) return json::object();
    json body = json::parse(req.body, nullptr, false);
    if (body.is_discarded() || !body.is_object()) {
        send_error(res, 400, "malformed_body", "the body is a JSON object");
        return std::nullopt;
    }
    return body;
}

std::optional<std::string> string_member(const json& body, const char* name, httplib::Response& res) {
    const auto it = body.find(name);
    if (it == body.end() || it->is_null()) return std::string();
    if (!it->is_string()) {
        send_error(res, 400, "invalid_parameter", std::string(name) + " is a string", name);
        return std::nullopt;
    }
    return it->get<std::string>();
}

json clock_json(const Scheduler& scheduler) {
    const auto& setting = scheduler.setting();
    const char* kind = setting.kind == ClockSetting::Kind::Virtual  ? "virtual"
                       : setting.kind == ClockSetting::Kind::Scaled ? "scaled"
                                                                    : "real";
    return {{"clock", kind}, {"speed", setting.speed}, {"now", format_iso(scheduler.now())},
            {"pending", scheduler.pending()}};
}

// The payload as the receiver got it: parsed when JSON or a form, else the raw text.
json payload_json(const callbacks::Attempt& attempt) {
    if (attempt.content_type == "application/json") {
        json payload = json::parse(attempt.body, nullptr, false);
        if (!payload.is_discarded()) return payload;
    } else if (const auto fields = connectel::detail::parse_form(attempt.body)) {
        json payload = json::object();
        for (const auto& [name, value] : *fields) payload[name] = value;
        return payload;
    }
    return attempt.body;
}

// On a virtual clock, what a control call set off now (its callbacks' first attempts) runs
// before the call returns, as it would have on a real clock by the time a test looks.
void settle_now(Scheduler& scheduler) {
    if (scheduler.is_virtual()) scheduler.advance(Duration(0));
}

json scenario_json(const scenario::Scenario& scenario) {
    return {{"name", scenario.name}, {"description", scenario.description}};
}

json inbound_json(const gateway::InboundRecord& sms) {
    return {{"requestid", sms.request_id}, {"from", sms.from},         {"to", sms.to},
            {"message", sms.message},      {"tokenid", sms.token_id}, {"at", format_iso(sms.at)},
            {"origin", sms.origin}};
}

json attempt_json(const callbacks::Attempt& attempt) {
    json out = {{"callback", attempt.callback_id},
                {"attempt", attempt.number},
                {"kind", callbacks::to_string(attempt.kind)},
                {"url", attempt.url},
                {"contentType", attempt.content_type},
                {"payload", payload_json(attempt)},
                {"requestid", attempt.order_key},
                {"at", format_iso(attempt.at)},
                {"httpStatus", attempt.http_status},
                {"result", attempt.result},
                {"latencyMs", attempt.latency_ms},
                {"outcome", callbacks::to_string(attempt.outcome)},
                {"retryAt", nullptr}};
    if (attempt.retry_at) out["retryAt"] = format_iso(*attempt.retry_at);
    return out;
}

}  // namespace

json message_json(const gateway::MessageRecord& m) {
    json history = json::array();
    for (const auto& change : m.history)
        history.push_back({{"at", format_iso(change.at)},
                           {"status", connectel::status_str(change.status)},
                           {"statusInt", connectel::status_int(change.status)},
                           {"desc", change.desc}});
    const auto& current = m.current();
    json out = {{"requestid", m.request_id},
                {"tokenid", m.token_id},
                {"sender", m.content->sender},
                {"recipient", m.recipient},
                {"message", m.content->text},
                {"encoding", connectel::sms::to_string(m.content->encoding)},
                {"characters", m.content->characters},
                {"segments", m.content->segments},
                {"status", connectel::status_str(current.status)},
                {"statusInt", connectel::status_int(current.status)},
                {"statusDesc", current.desc},
                {"history", std::move(history)}};
    if (!m.bulk_id.empty()) {
        out["bulkid"] = m.bulk_id;
        out["key"] = m.key;
    }
    return out;
}

void ControlEndpoints::install(Router& router) {
    // The routes outlive this (often temporary) object: they share a copy of its references.
    const auto self = std::make_shared<const ControlEndpoints>(*this);
    router.add("GET", "/_sim/health",
               [](const auto&, auto& res, const auto&) { send_json(res, 200, {{"status", "ok"}}); });

    router.add("GET", "/_sim/messages", [self](const httplib::Request& req, httplib::Response& res, const auto&) {
        gateway::MessageFilter filter;
        filter.recipient = req.get_param_value("recipient");
        filter.bulk_id = req.get_param_value("bulkid");
        filter.token_id = req.get_param_value("tokenid");
        if (const std::string status = req.get_param_value("status"); !status.empty()) {
            filter.status = connectel::parse_status_str(status);
            if (!filter.status || *filter.status == connectel::Status::Reserved)
                return send_error(res, 400, "invalid_parameter", "unknown status " + status, "status");
        }
        json messages = json::array();
        for (const auto& m : self->gateway.messages(filter)) messages.push_back(message_json(m));
        const auto count = messages.size();
        send_json(res, 200, {{"messages", std::move(messages)}, {"count", count}});
    });

    router.add("POST", "/_sim/messages/{}/status",
               [self](const httplib::Request& req, httplib::Response& res, const PathParams& params) {
                   const auto body = read_json_body(req, res);
                   if (!body) return;
                   const auto status_text = string_member(*body, "status", res);
                   const auto desc = string_member(*body, "desc", res);
                   if (!status_text || !desc) return;
                   const auto status = connectel::parse_status_str(*status_text);
                   if (status_text->empty())
                       return send_error(res, 400, "missing_parameter", "status is required", "status");
                   if (!status || *status == connectel::Status::Reserved)
                       return send_error(res, 400, "invalid_parameter", "unknown status " + *status_text, "status");
                   const auto message = self->gateway.force_status(params[0], *status, *desc);
                   if (!message) return send_error(res, 404, "not_found", "no message " + params[0], "requestid");
                   settle_now(self->scheduler);
                   send_json(res, 200, message_json(*message));
               });

    router.add("GET", "/_sim/requests", [self](const auto&, auto& res, const auto&) {
        json entries = self->journal.entries();
        const auto count = entries.size();
        send_json(res, 200, {{"requests", std::move(entries)}, {"count", count}});
    });

    router.add("POST", "/_sim/inbound", [self](const httplib::Request& req, httplib::Response& res, const auto&) {
        const auto body = read_json_body(req, res);
        if (!body) return;
        std::string fields[3];
        const char* names[] = {"from", "to", "message"};
        for (int i = 0; i < 3; ++i) {
            const auto value = string_member(*body, names[i], res);
            if (!value) return;
            fields[i] = *value;
        }
        for (int i = 0; i < 2; ++i)
            if (auto problem = connectel::api::check_recipient(fields[i], names[i]))
                return send_error(res, 400, problem->code, problem->message, problem->field);
        if (auto problem = connectel::api::check_message(fields[2]))
            return send_error(res, 400, problem->code, problem->message, problem->field);
        const auto sms = self->gateway.receive_inbound(fields[0], fields[1], fields[2], "control");
        if (!sms)
            return send_error(res, 404, "unknown_number",
                              "no token has the number " + fields[1] + "; list it in tokens[].inbound.numbers", "to");
        settle_now(self->scheduler);
        send_json(res, 200, inbound_json(*sms));
    });

    router.add("GET", "/_sim/inbound", [self](const auto&, auto& res, const auto&) {
        json all = json::array();
        for (const auto& sms : self->gateway.inbound()) all.push_back(inbound_json(sms));
        const auto count = all.size();
        send_json(res, 200, {{"inbound", std::move(all)}, {"count", count}});
    });

    router.add("GET", "/_sim/callbacks", [self](const auto&, auto& res, const auto&) {
        json attempts = json::array();
        for (const auto& attempt : self->dispatcher.attempts()) attempts.push_back(attempt_json(attempt));
        const auto count = attempts.size();
        send_json(res, 200, {{"callbacks", std::move(attempts)}, {"count", count}, {"pending", self->dispatcher.pending()}});
    });

    router.add("GET", "/_sim/clock", [self](const auto&, auto& res, const auto&) {
        send_json(res, 200, clock_json(self->scheduler));
    });

    router.add("POST", "/_sim/clock/advance", [self](const httplib::Request& req, httplib::Response& res, const auto&) {
        const auto body = read_json_body(req, res);
        if (!body) return;
        const auto by = string_member(*body, "by", res);
        if (!by) return;
        if (by->empty()) return send_error(res, 400, "missing_parameter", "by is required, like \"5s\"", "by");
        const auto duration = parse_duration(*by);
        if (!duration)
            return send_error(res, 400, "invalid_parameter",
                              "bad duration \"" + *by + "\"; write it like \"250ms\", \"2s\", \"5m\" or \"48h\"", "by");
        if (!self->scheduler.is_virtual())
            return send_error(res, 409, "clock_not_virtual",
                              "only a virtual clock is advanced; start with --clock virtual or \"clock\": \"virtual\"");
        const std::size_t ran = self->scheduler.advance(*duration);
        json out = clock_json(self->scheduler);
        out["ran"] = ran;
        send_json(res, 200, out);
    });

    router.add("POST", "/_sim/reset", [self](const auto&, auto& res, const auto&) {
        self->gateway.reset();
        self->journal.clear();
        self->dispatcher.reset();
        send_json(res, 200, {{"status", "ok"}});
    });

    router.add("GET", "/_sim/scenario",
               [self](const auto&, auto& res, const auto&) { send_json(res, 200, scenario_json(self->scenario)); });

    // The body is a scenario file's text; "body" stands for the file in the problems' places.
    router.add("PUT", "/_sim/scenario", [self](const httplib::Request& req, httplib::Response& res, const auto&) {
        auto parsed = scenario::parse_scenario(req.body);
        if (!parsed.problems.empty()) {
            json problems = json::array();
            for (const auto& problem : parsed.problems) problems.push_back(scenario::format_problem("body", problem));
            const std::string first = problems.front();
            json error = error_body("invalid_scenario", problems.size() == 1 ? first
                                                        : first + " (and " + std::to_string(problems.size() - 1) + " more)");
            error["error"]["problems"] = std::move(problems);
            return send_json(res, 400, error);
        }
        json out = scenario_json(parsed.scenario);
        self->load_scenario(std::make_shared<const scenario::Scenario>(std::move(parsed.scenario)));
        out["status"] = "loaded";
        send_json(res, 200, out);
    });
}

}  // namespace sim::http
