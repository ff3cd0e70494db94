// The control API's JSON shapes (README, "Control API").
#include "http/control_json.hpp"

#include "connectel/form.hpp"
#include "connectel/sms/options.hpp"
#include "http/json_writer.hpp"

namespace sim::http {

namespace {

using nlohmann::json;

// The payload as the receiver got it: parsed when JSON or a form, else the raw text.
json payload_json(const callbacks::Attempt& attempt) {
    if (attempt.content_type == "application/json") {
        json payload = json::parse(attempt.body, nullptr, false);
        if (!payload.is_discarded()) return payload;
    } else if (const auto fields = connectel::form::parse(attempt.body)) {
        json payload = json::object();
        for (const auto& [name, value] : *fields) payload[name] = value;
        return payload;
    }
    return attempt.body;
}

const char* clock_kind(const ClockSetting& setting) {
    switch (setting.kind) {
        case ClockSetting::Kind::Virtual: return "virtual";
        case ClockSetting::Kind::Scaled: return "scaled";
        case ClockSetting::Kind::Real: break;
    }
    return "real";
}

json tokens_json(const scenario::Scenario& scenario) {
    if (!scenario.tokens) return nullptr;
    json tokens = json::array();
    for (const auto& t : *scenario.tokens) {
        json numbers = t.inbound ? json(t.inbound->numbers) : json::array();
        tokens.push_back({{"id", t.id},
                          {"numbers", std::move(numbers)},
                          {"dlrUrl", t.dlr ? json(t.dlr->url) : json(nullptr)},
                          {"inboundUrl", t.inbound ? json(t.inbound->target.url) : json(nullptr)}});
    }
    return tokens;
}

}  // namespace

json message_json(const gateway::MessageView& m) {
    json history = json::array();
    for (const auto& change : m.history)
        history.push_back({{"at", format_iso(change.at)},
                           {"status", connectel::status_str(change.status)},
                           {"statusInt", connectel::status_int(change.status)},
                           {"desc", change.desc}});
    const auto& current = m.current();
    json out = {{"requestid", m.request_id},
                {"tokenid", m.token_id},
                {"sender", m.content.sender},
                {"recipient", m.recipient},
                {"message", m.content.text},
                {"encoding", connectel::sms::to_string(m.content.encoding)},
                {"characters", m.content.characters},
                {"segments", m.content.segments},
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

json status_change_json(const gateway::StatusChangeNotice& notice) {
    json out = {{"requestid", notice.request_id},
                {"status", connectel::status_str(notice.change.status)},
                {"statusInt", connectel::status_int(notice.change.status)},
                {"statusDesc", notice.change.desc},
                {"at", format_iso(notice.change.at)},
                {"recipient", notice.recipient},
                {"tokenid", notice.token_id}};
    if (!notice.bulk_id.empty()) out["bulkid"] = notice.bulk_id;
    return out;
}

void append_message_json(std::string& out, const gateway::MessageView& m) {
    bool valid = JsonWriter::all_valid({m.request_id, m.token_id, m.content.sender, m.recipient, m.content.text,
                                        m.bulk_id, m.key});
    for (const auto& change : m.history) valid = valid && JsonWriter::all_valid({change.desc});
    if (!valid) {  // nlohmann replaces what is not UTF-8; the writer would not
        append_json(out, message_json(m));
        return;
    }
    JsonWriter w(out);
    const auto& current = m.current();
    w.begin_object();  // the keys in nlohmann's (sorted) order
    if (!m.bulk_id.empty()) w.key("bulkid"), w.string(m.bulk_id);
    w.key("characters"), w.number(m.content.characters);
    w.key("encoding"), w.string(connectel::sms::to_string(m.content.encoding));
    w.key("history"), w.begin_array();
    for (const auto& change : m.history) {
        w.begin_object();
        w.key("at"), w.string(format_iso(change.at));
        w.key("desc"), w.string(change.desc);
        w.key("status"), w.string(connectel::status_str(change.status));
        w.key("statusInt"), w.number(connectel::status_int(change.status));
        w.end_object();
    }
    w.end_array();
    if (!m.bulk_id.empty()) w.key("key"), w.string(m.key);
    w.key("message"), w.string(m.content.text);
    w.key("recipient"), w.string(m.recipient);
    w.key("requestid"), w.string(m.request_id);
    w.key("segments"), w.number(m.content.segments);
    w.key("sender"), w.string(m.content.sender);
    w.key("status"), w.string(connectel::status_str(current.status));
    w.key("statusDesc"), w.string(current.desc);
    w.key("statusInt"), w.number(connectel::status_int(current.status));
    w.key("tokenid"), w.string(m.token_id);
    w.end_object();
}

void append_status_change_json(std::string& out, const gateway::StatusChangeNotice& n) {
    if (!JsonWriter::all_valid({n.request_id, n.bulk_id, n.token_id, n.recipient, n.change.desc})) {
        append_json(out, status_change_json(n));  // nlohmann replaces what is not UTF-8
        return;
    }
    JsonWriter w(out);
    w.begin_object();  // the keys in nlohmann's (sorted) order
    w.key("at"), w.string(format_iso(n.change.at));
    if (!n.bulk_id.empty()) w.key("bulkid"), w.string(n.bulk_id);
    w.key("recipient"), w.string(n.recipient);
    w.key("requestid"), w.string(n.request_id);
    w.key("status"), w.string(connectel::status_str(n.change.status));
    w.key("statusDesc"), w.string(n.change.desc);
    w.key("statusInt"), w.number(connectel::status_int(n.change.status));
    w.key("tokenid"), w.string(n.token_id);
    w.end_object();
}

json inbound_json(const gateway::InboundRecord& sms) {
    return {{"requestid", sms.request_id}, {"from", sms.from},         {"to", sms.to},
            {"message", sms.message},      {"tokenid", sms.token_id}, {"at", format_iso(sms.at)},
            {"origin", sms.origin}};
}

json attempt_json(const callbacks::Attempt& attempt) {
    json out = {{"id", attempt.id},
                {"callback", attempt.callback_id},
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

json clock_json(const Scheduler& scheduler) {
    const auto& setting = scheduler.setting();
    return {{"clock", clock_kind(setting)}, {"speed", setting.speed}, {"now", format_iso(scheduler.now())},
            {"pending", scheduler.pending()}};
}

json scenario_json(const scenario::Scenario& scenario, bool full) {
    json out = {{"name", scenario.name}, {"description", scenario.description}, {"file", scenario.source_name}};
    if (!full) return out;
    out["source"] = scenario.source_text;
    out["tokens"] = tokens_json(scenario);
    return out;
}

}  // namespace sim::http
