// The control API's handlers: thin reads of the gateway, journal and clock.
#include "http/control_api/routes.hpp"

#include "connectel/api/send_request.hpp"
#include "connectel/api/validation.hpp"
#include "connectel/excerpt.hpp"
#include "connectel/sms/utf8_error.hpp"
#include "events/domain_events.hpp"
#include "http/json_response.hpp"
#include "http/control_api/page_query.hpp"
#include "http/control_api/streamed_json.hpp"
#include "http/control_api/text_view.hpp"
#include "http/whole_number.hpp"
#include "scenario/loader.hpp"

namespace sim::http {

namespace {

using connectel::excerpt;
using nlohmann::json;

// A control call's body: a JSON object, or nothing. (browser_guard.hpp has refused other types.)
using Body = nlohmann::ordered_json;

std::optional<Body> read_json_body(const httplib::Request& req, httplib::Response& res) {
    Body body = Body::object();
    if (req.body.empty()) return body;
    if (const auto problem = connectel::read_json(req.body, body)) {
        const auto field_problem = connectel::api::json_problem(*problem);
        send_error(res, 400, field_problem.code, field_problem.message, field_problem.field);
        return std::nullopt;
    }
    if (!body.is_object()) {
        send_error(res, 400, "malformed_body", "the body is a JSON object");
        return std::nullopt;
    }
    return body;
}

std::optional<std::string> string_member(const Body& body, const char* name, httplib::Response& res) {
    const auto it = body.find(name);
    if (it == body.end() || it->is_null()) return std::string();
    if (!it->is_string()) {
        send_error(res, 400, "invalid_parameter", std::string(name) + " is a string", name);
        return std::nullopt;
    }
    return it->get<std::string>();
}

std::optional<connectel::Status> read_status(const std::string& text, httplib::Response& res) {
    const auto status = connectel::parse_status_str(text);
    if (!status || *status == connectel::Status::Reserved) {
        send_error(res, 400, "invalid_parameter", "unknown status " + excerpt(text), "status");
        return std::nullopt;
    }
    return status;
}

// "failed=true": the filter is on; "false", "0" or absent: off.
bool flag_param(const httplib::Request& req, const char* name) {
    const std::string value = req.get_param_value(name);
    return !value.empty() && value != "false" && value != "0";
}

std::optional<std::size_t> id_position(const std::string& cursor, std::size_t size) {
    const auto id = parse_whole_number(cursor);
    if (!id || *id < 1 || *id > size) return std::nullopt;
    return static_cast<std::size_t>(*id - 1);
}

// On a virtual clock, what a control call set off now (its callbacks' first attempts) runs
// before the call returns, as it would have on a real clock by the time a test looks.
void settle_now(Scheduler& scheduler) {
    if (scheduler.is_virtual()) scheduler.advance(Duration(0));
}

}  // namespace

void ControlEndpoints::install(Router& router) {
    // The routes outlive this (often temporary) object: they share a copy of its references.
    const auto self = std::make_shared<const ControlEndpoints>(*this);
    router.add("GET", "/_sim/health",
               [](const auto&, auto& res, const auto&) { send_json(res, 200, {{"status", "ok"}}); });

    router.add("GET", "/_sim/messages", [self](const httplib::Request& req, httplib::Response& res, const auto&) {
        gateway::MessageFilter filter;
        filter.recipient = req.get_param_value("recipient");
        filter.sender = req.get_param_value("sender");
        filter.bulk_id = req.get_param_value("bulkid");
        filter.token_id = req.get_param_value("tokenid");
        if (const std::string status = req.get_param_value("status"); !status.empty()) {
            filter.status = read_status(status, res);
            if (!filter.status) return;
        }
        const auto& gateway = self->gateway;
        const auto page = read_page_query(req, res, [&](const std::string& id) { return gateway.message_position(id); });
        if (!page) return;
        send_page(res, "messages", gateway.messages(filter, *page),
                  [](std::string& out, const gateway::MessageView& m) {
                      events::append_fields(out, events::MessageAccepted{m});
                  });
    });

    router.add("GET", "/_sim/messages/{}", [self](const auto&, httplib::Response& res, const PathParams& params) {
        const auto message = self->gateway.message(params[0]);
        if (!message) {
            const bool forgotten = self->gateway.message_position(params[0]).has_value();
            return send_error(res, 404, "not_found",
                              "no message " + params[0] +
                                  (forgotten ? " (forgotten: the simulator keeps the newest --max-messages)" : ""),
                              "requestid");
        }
        json out = events::field_tree(events::MessageAccepted{*message});
        callbacks::AttemptFilter about;
        about.order_key = message->request_id;
        out["callbacks"] = json::array();
        for (const auto& attempt : self->dispatcher.attempts(about, {}).items)
            out["callbacks"].push_back(events::field_tree(events::CallbackAttempted{attempt}));
        std::string head = out.dump(-1, ' ', false, json::error_handler_t::replace);
        head.back() = ',';
        head += "\"text\":";
        send_streamed_json(res, in_sequence(std::move(head), text_view_pieces(message->content->text), "}"));
    });

    router.add("POST", "/_sim/messages/{}/status",
               [self](const httplib::Request& req, httplib::Response& res, const PathParams& params) {
                   const auto body = read_json_body(req, res);
                   if (!body) return;
                   const auto status_text = string_member(*body, "status", res);
                   const auto desc = string_member(*body, "desc", res);
                   if (!status_text || !desc) return;
                   if (status_text->empty())
                       return send_error(res, 400, "missing_parameter", "status is required", "status");
                   const auto status = read_status(*status_text, res);
                   if (!status) return;
                   const auto message = self->gateway.force_status(params[0], *status, *desc);
                   if (!message) return send_error(res, 404, "not_found", "no message " + params[0], "requestid");
                   settle_now(self->scheduler);
                   send_json(res, 200, events::field_tree(events::MessageAccepted{*message}));
               });

    router.add("POST", "/_sim/preview", [](const httplib::Request& req, httplib::Response& res, const auto&) {
        const auto body = read_json_body(req, res);
        if (!body) return;
        const auto message = string_member(*body, "message", res);
        if (!message) return;
        if (!body->contains("message") || (*body)["message"].is_null())
            return send_error(res, 400, "missing_parameter", "message is required: the text to count", "message");
        // As long a text as a send accepts, and no longer: a view is about 150 bytes per character.
        if (auto problem = connectel::api::check_message(*message); problem && !message->empty())
            return send_error(res, 400, problem->code, problem->message, problem->field);
        try {
            send_streamed_json(res, text_view_pieces(*message));
        } catch (const connectel::sms::InvalidUtf8& e) {
            send_error(res, 400, "invalid_utf8", e.what(), "message");
        }
    });

    router.add("GET", "/_sim/requests", [self](const httplib::Request& req, httplib::Response& res, const auto&) {
        const auto& journal = self->journal;
        const auto page = read_page_query(req, res, [&](const std::string& cursor) -> std::optional<std::size_t> {
            const auto id = parse_whole_number(cursor);
            return id ? journal.position(*id) : std::nullopt;
        });
        if (!page) return;
        // Written after this handler returns: `self` keeps the journal alive till then.
        send_page(res, "requests", journal.entries(*page), [self](std::string& out, const RequestJournal::EntryPtr& entry) {
            append_json(out, self->journal.entry_json(*entry));
        });
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
        send_json(res, 200, events::field_tree(events::InboundReceived{*sms}));
    });

    router.add("GET", "/_sim/inbound", [self](const httplib::Request& req, httplib::Response& res, const auto&) {
        const gateway::InboundFilter filter{req.get_param_value("from"), req.get_param_value("to")};
        const auto& gateway = self->gateway;
        const auto page = read_page_query(req, res, [&](const std::string& id) { return gateway.inbound_position(id); });
        if (!page) return;
        send_page(res, "inbound", gateway.inbound(filter, *page),
                  [](std::string& out, const gateway::InboundRecord& sms) {
                      events::append_fields(out, events::InboundReceived{sms});
                  });
    });

    router.add("GET", "/_sim/callbacks", [self](const httplib::Request& req, httplib::Response& res, const auto&) {
        callbacks::AttemptFilter filter;
        filter.failed_only = flag_param(req, "failed");
        filter.url_part = req.get_param_value("url");
        filter.order_key = req.get_param_value("requestid");
        if (const std::string kind = req.get_param_value("kind"); !kind.empty()) {
            if (kind != "dlr" && kind != "inbound")
                return send_error(res, 400, "invalid_parameter", "kind is dlr or inbound, not \"" + excerpt(kind) + "\"",
                                  "kind");
            filter.kind = kind == "dlr" ? callbacks::Kind::Dlr : callbacks::Kind::Inbound;
        }
        const auto& dispatcher = self->dispatcher;
        const auto page = read_page_query(
            req, res, [&](const std::string& id) { return id_position(id, dispatcher.attempt_count()); });
        if (!page) return;
        send_page(res, "callbacks", dispatcher.attempts(filter, *page),
                  [](std::string& out, const callbacks::Attempt& attempt) {
                      events::append_fields(out, events::CallbackAttempted{attempt});
                  },
                  {{"pending", dispatcher.pending()}});
    });

    router.add("GET", "/_sim/clock", [self](const auto&, auto& res, const auto&) {
        send_json(res, 200, events::field_tree(events::ClockMoved::of(self->scheduler)));
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
                              "bad duration \"" + excerpt(*by) + "\"; write it like \"250ms\", \"2s\", \"5m\" or \"48h\"",
                              "by");
        if (!self->scheduler.is_virtual())
            return send_error(res, 409, "clock_not_virtual",
                              "only a virtual clock is advanced; start with --clock virtual or \"clock\": \"virtual\"");
        const std::size_t ran = self->scheduler.advance(*duration);
        const auto clock = events::ClockMoved::of(self->scheduler);
        events::publish(self->events, clock);
        json out = events::field_tree(clock);
        out["ran"] = ran;
        send_json(res, 200, out);
    });

    router.add("POST", "/_sim/reset", [self](const auto&, auto& res, const auto&) {
        self->gateway.reset();
        self->journal.clear();
        self->dispatcher.reset();
        events::publish(self->events, events::Reset{});
        send_json(res, 200, {{"status", "ok"}});
    });

    router.add("GET", "/_sim/scenario",
               [self](const auto&, auto& res, const auto&) {
                   const auto clock = events::ClockMoved::of(self->scheduler).clock;
                   send_json(res, 200, events::field_tree(events::ScenarioDetail{self->scenario, clock}));
               });

    // The body is a scenario file's text; ?file=NAME names it in the problems (default "body").
    router.add("PUT", "/_sim/scenario", [self](const httplib::Request& req, httplib::Response& res, const auto&) {
        const std::string name = req.has_param("file") ? req.get_param_value("file") : "body";
        auto parsed = scenario::parse_scenario(req.body);
        if (!parsed.problems.empty()) {
            json problems = json::array();
            for (const auto& problem : parsed.problems) problems.push_back(scenario::format_problem(name, problem));
            const std::string first = problems.front();
            json error = error_body("invalid_scenario", problems.size() == 1 ? first
                                                        : first + " (and " + std::to_string(problems.size() - 1) + " more)");
            error["error"]["problems"] = std::move(problems);
            return send_json(res, 400, error);
        }
        parsed.scenario.source_name = name;
        json out = events::field_tree(events::ScenarioLoaded{parsed.scenario});
        self->load_scenario(std::make_shared<const scenario::Scenario>(std::move(parsed.scenario)));
        out["status"] = "loaded";
        send_json(res, 200, out);
    });
}

}  // namespace sim::http
