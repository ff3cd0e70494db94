// Reads the vendor API's requests with the shared wire model, calls the gateway, and answers
// in the reference's shapes. Nothing here decides what happens to a message.
#include "http/vendor_api/connectel_routes.hpp"

#include "connectel/api/responses.hpp"
#include "connectel/api/send_request.hpp"
#include "events/field_json.hpp"
#include "http/json_response.hpp"
#include "http/media_type.hpp"
#include "http/vendor_api/fault_exchange.hpp"

namespace sim::http {

namespace {

using connectel::api::FieldProblem;
using gateway::Gateway;

std::string_view trim(std::string_view text) {
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string_view::npos) return {};
    return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

// The token from the Authorization header: "Bearer T" (the scheme in any case) or a bare "T".
// "Bearer" alone carries no token: it is not the token "Bearer".
std::string header_token(const httplib::Request& req) {
    const std::string value = req.get_header_value("Authorization");
    std::string_view token = trim(value);
    constexpr std::string_view scheme = "bearer";
    if (ascii_lower(token.substr(0, scheme.size())) == scheme &&
        (token.size() == scheme.size() || token[scheme.size()] == ' ' || token[scheme.size()] == '\t'))
        token = trim(token.substr(scheme.size()));
    return std::string(token);
}

std::string query_param(const httplib::Request& req, const char* name) {
    return req.has_param(name) ? req.get_param_value(name) : std::string();
}

void send_problem(httplib::Response& res, const FieldProblem& problem) {
    send_error(res, 400, problem.code, problem.message, problem.field);
}

// 401 unless the token is accepted; notes it for the journal's masking either way.
bool authenticate(const Gateway& gateway, const std::string& token, httplib::Response& res, RequestScope& scope) {
    scope.token = token;
    // A token of blanks only is as missing as none, whatever the scenario accepts.
    switch (connectel::api::check_token(token) ? Gateway::Auth::Missing : gateway.authenticate(token)) {
        case Gateway::Auth::Accepted: return true;
        case Gateway::Auth::Missing:
            send_error(res, 401, "missing_token", "authorization is required: the API token", "authorization");
            return false;
        default:
            send_error(res, 401, "unknown_token", "this token is not known to the gateway", "authorization");
            return false;
    }
}

// Writes `response` from its field list with the streaming writer: nlohmann's bytes, its
// replacement of invalid UTF-8 (a form body's bulk key, say) included.
template <typename Response>
void send_fast(httplib::Response& res, const Response& response, std::size_t reserve = 0) {
    std::string body;
    body.reserve(reserve);
    events::append_fields(body, response);
    res.status = 200;
    res.body = std::move(body);  // set_content would copy it
    res.set_header("Content-Type", "application/json");
}

class Endpoints {
public:
    Endpoints(Gateway& gateway, const Scheduler& scheduler, const std::string& fallback_base,
              std::function<void()> await_early_dlrs)
        : gateway_(gateway),
          scheduler_(scheduler),
          fallback_base_(fallback_base),
          await_early_dlrs_(std::move(await_early_dlrs)) {}

    void send(const httplib::Request& req, httplib::Response& res, RequestScope& scope) const {
        const std::string media = lower_media_type(req.get_header_value("Content-Type"));
        connectel::api::SendRequest request;
        std::optional<FieldProblem> problem;
        if (media == "application/json") {
            problem = connectel::api::parse_send_json(req.body, request);
        } else if (media == "application/x-www-form-urlencoded" || (media.empty() && req.body.empty())) {
            problem = connectel::api::parse_send_form(req.body, request);
        } else {
            send_error(res, 415, "unsupported_media_type",
                       "send a body as application/json or application/x-www-form-urlencoded, not " +
                           (media.empty() ? std::string("a body without Content-Type") : media),
                       "Content-Type");
            return;
        }
        if (problem) {
            if (problem->code == "malformed_body") scope.token = query_param(req, "authorization");
            return send_problem(res, *problem);
        }
        if (request.token.empty()) request.token = query_param(req, "authorization");
        if (request.token.empty()) request.token = header_token(req);
        if (!authenticate(gateway_, request.token, res, scope)) return;
        if (const auto invalid = connectel::api::check_send(request)) return send_problem(res, *invalid);

        if (!gateway_.rate_limit().admit(request.token)) {
            res.set_header("Retry-After", "1");
            return send_error(res, 429, "rate_limited", "too many requests for this token; the scenario's limit is " +
                                                            gateway_.rate_limit().describe());
        }
        const std::string base = base_url(req);
        if (!request.bulk) {
            auto accepted = gateway_.accept_single(request);
            if (accepted.early_dlr && await_early_dlrs_) await_early_dlrs_();
            if (accepted.faults && act_out(*accepted.faults, req, res, scheduler_)) return;
            connectel::api::SendResponse response;
            response.requestid = std::move(accepted.request_id);
            response.href = status_href(base, request.token, "message", response.requestid);
            response.recipient = request.recipient;
            response.sender = request.sender;
            return send_fast(res, response);
        }
        auto accepted = gateway_.accept_bulk(request);
        if (accepted.early_dlr && await_early_dlrs_) await_early_dlrs_();
        if (accepted.faults && act_out(*accepted.faults, req, res, scheduler_)) return;
        connectel::api::BulkSendResponse response;
        response.href = status_href(base, request.token, "bulkid", accepted.bulk_id);
        response.bulkid = std::move(accepted.bulk_id);
        response.sender = request.sender;
        response.recipients.reserve(request.recipients.size());
        for (std::size_t i = 0; i < request.recipients.size(); ++i)
            response.recipients.push_back(
                {request.recipients[i].key, request.recipients[i].number, std::move(accepted.request_ids[i])});
        send_fast(res, response, 128 + response.recipients.size() * 96);
    }

    // delivery/?requestid=ID, where ID is a request-id or a bulk-id.
    void delivery(const httplib::Request& req, httplib::Response& res, RequestScope& scope) const {
        const std::string token = read_token(req);
        if (!authenticate(gateway_, token, res, scope)) return;
        const std::string id = query_param(req, "requestid");
        if (id.empty())
            return send_error(res, 400, "missing_parameter", "requestid is required: a request-id or a bulk-id",
                              "requestid");
        report(req, res, token, id, "requestid");
    }

    // The legacy status endpoint: message=REQUESTID or bulkid=BULKID.
    void legacy_status(const httplib::Request& req, httplib::Response& res, RequestScope& scope) const {
        const std::string token = read_token(req);
        if (!authenticate(gateway_, token, res, scope)) return;
        for (const char* name : {"message", "bulkid", "requestid"})
            if (const std::string id = query_param(req, name); !id.empty()) return report(req, res, token, id, name);
        send_error(res, 400, "missing_parameter", "message (a request-id) or bulkid is required", "message");
    }

    // /status/{id}: what a delivery report's url points to.
    void status_url(const httplib::Request& req, httplib::Response& res, RequestScope& scope) const {
        const std::string& id = scope.params[0];
        const std::string token = read_token(req);
        if (!authenticate(gateway_, token, res, scope)) return;
        report(req, res, token, id, "id");
    }

private:
    static std::string read_token(const httplib::Request& req) {
        std::string token = query_param(req, "authorization");
        return token.empty() ? header_token(req) : token;
    }

    std::string base_url(const httplib::Request& req) const {
        const std::string host = req.get_header_value("Host");
        return host.empty() ? fallback_base_ : "http://" + host;
    }

    static std::string status_href(const std::string& base, const std::string& token, const char* param,
                                   const std::string& id) {
        return base + "/api/status/?authorization=" + connectel::form::encode_component(token) + "&" + param + "=" + id;
    }

    void report(const httplib::Request& req, httplib::Response& res, const std::string& token, const std::string& id,
                const char* field) const {
        if (!id.empty() && id.front() == 'B') {
            if (const auto bulk = gateway_.find_bulk(token, id)) return send_json(res, 200, bulk_report(*bulk));
        } else if (const auto message = gateway_.find_message(token, id)) {
            return send_json(res, 200, message_report(*message, base_url(req)));
        }
        send_error(res, 404, "not_found", "no message or bulk " + id + " for this token", field);
    }

    static connectel::api::DeliveryReport message_report(const gateway::MessageRecord& m, const std::string& base) {
        connectel::api::DeliveryReport report;
        report.date = format_date(m.current().at);
        report.recipient = m.recipient;
        report.requestid = m.request_id;
        report.sender = m.content->sender();
        report.status_desc = m.current().desc;
        report.status = connectel::api::StatusField::of(m.current().status);
        report.url = base + "/status/" + m.request_id;
        return report;
    }

    static connectel::api::BulkDeliveryReport bulk_report(const gateway::BulkRecord& bulk) {
        connectel::api::BulkDeliveryReport report;
        report.bulkid = bulk.bulk_id;
        report.sender = bulk.content->sender();
        report.recipients.reserve(bulk.members.size());
        for (const auto& m : bulk.members)
            report.recipients.push_back({format_date(m.current().at), m.recipient, m.request_id, m.current().desc,
                                         connectel::api::StatusField::of(m.current().status), ""});
        return report;
    }

    Gateway& gateway_;
    const Scheduler& scheduler_;
    const std::string& fallback_base_;
    const std::function<void()> await_early_dlrs_;
};

}  // namespace

void GatewayEndpoints::install(Router& router) {
    auto endpoints = std::make_shared<Endpoints>(gateway, scheduler, fallback_base_url, await_early_dlrs);
    router.add("POST", "/api/v2/send", [endpoints](const auto& req, auto& res, auto& scope) { endpoints->send(req, res, scope); });
    router.add("GET", "/api/v2/delivery",
               [endpoints](const auto& req, auto& res, auto& scope) { endpoints->delivery(req, res, scope); });
    router.add("GET", "/api/status",
               [endpoints](const auto& req, auto& res, auto& scope) { endpoints->legacy_status(req, res, scope); });
    router.add("GET", "/status/{}",
               [endpoints](const auto& req, auto& res, auto& scope) { endpoints->status_url(req, res, scope); });
}

}  // namespace sim::http
