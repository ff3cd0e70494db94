// Wiring: scenario -> clock -> gateway -> routes -> cpp-httplib server.
#include "simulator.hpp"

#include <random>
#include <stdexcept>

#include "callbacks/payloads.hpp"
#include "embedded.hpp"
#include "http/connectel_routes.hpp"
#include "http/control_routes.hpp"
#include "http/json_response.hpp"
#include "http/router.hpp"
#include "scenario/loader.hpp"

namespace sim {

namespace {

// A virtual clock starts at a fixed instant, so a seeded run gives the same ids and dates
// every time; 2020-01-01 is the date of the vendor reference's examples.
constexpr Time virtual_epoch{std::chrono::seconds(1577836800)};

std::shared_ptr<const scenario::Scenario> load(const Options& options) {
    if (options.scenario_file) return std::make_shared<scenario::Scenario>(scenario::load_scenario_file(*options.scenario_file));
    if (options.scenario_text) return std::make_shared<scenario::Scenario>(scenario::load_scenario(*options.scenario_text, "scenario"));
    return std::make_shared<scenario::Scenario>(scenario::load_scenario(embedded::default_scenario, "default.json"));
}

std::string_view http_reason(int status) {
    switch (status) {
        case 400: return "bad_request";
        case 404: return "not_found";
        case 405: return "method_not_allowed";
        case 408: return "request_timeout";
        case 413: return "body_too_large";
        case 414: return "uri_too_long";
        case 415: return "unsupported_media_type";
        default: return "http_error";
    }
}

std::string error_message(int status) {
    switch (status) {
        case 413: return "the request body is larger than the simulator accepts (--max-body-size)";
        case 414: return "the request line is too long";
        default: return "the request could not be read (HTTP " + std::to_string(status) + ")";
    }
}

}  // namespace

struct Simulator::Server {
    httplib::Server http;
    http::TunedSocket socket;
    http::Router router;
};

Simulator::Simulator(Options options) : options_(std::move(options)), scenario_(load(options_)) {
    const ClockSetting clock = options_.clock.value_or(scenario_->clock.value_or(ClockSetting{}));
    const Time start = clock.kind == ClockSetting::Kind::Virtual
                           ? virtual_epoch
                           : std::chrono::time_point_cast<Duration>(std::chrono::system_clock::now());
    scheduler_ = std::make_unique<Scheduler>(clock, start);
    const std::uint64_t seed = options_.seed.value_or(scenario_->seed.value_or(std::random_device{}()));
    gateway_ = std::make_unique<gateway::Gateway>(scenario_, *scheduler_, seed);
    journal_ = std::make_unique<http::RequestJournal>(*scheduler_, options_.log_level, options_.journal_limit,
                                                      options_.log);
    const auto& policy = scenario_->callbacks;
    dispatcher_ = std::make_unique<callbacks::Dispatcher>(
        *scheduler_, callbacks::RetryPolicy{policy.timeout, policy.retries, policy.backoff, policy.max_backoff},
        [this](const std::string& warning) { journal_->log(http::LogLevel::Warn, warning); });
    gateway_->on_status_change([this](const gateway::StatusChangeNotice& notice) { send_delivery_report(notice); });
    gateway_->on_inbound([this](const gateway::InboundRecord& sms) { forward_inbound(sms); });
    // The timeline counts from the start; reset() drops what has not happened yet.
    for (const auto& event : scenario_->timeline)
        scheduler_->at(start + event.at, [this, sms = event.inbound] {
            if (!gateway_->receive_inbound(sms.from, sms.to, sms.message, "timeline"))
                journal_->log(http::LogLevel::Warn, "timeline: no token has the number " + sms.to);
        });

    server_ = std::make_unique<Server>();
    server_->socket.apply(server_->http, options_.tuning);
    http::GatewayEndpoints{*gateway_, *scheduler_, base_url_}.install(server_->router);
    http::ControlEndpoints{*gateway_, *scheduler_, *journal_, *dispatcher_, [this] {
                               return nlohmann::json{{"name", scenario_->name},
                                                     {"description", scenario_->description}};
                           }}
        .install(server_->router);

    auto& http = server_->http;
    const auto dispatch = [this](const httplib::Request& req, httplib::Response& res) {
        server_->router.dispatch(req, res);
        journal_->record(req, res);
    };
    // Every method and path goes to the router, which knows 404 from 405.
    http.Get(".*", dispatch).Post(".*", dispatch).Put(".*", dispatch).Delete(".*", dispatch);
    http.Patch(".*", dispatch).Options(".*", dispatch);
    http.set_pre_routing_handler([](const httplib::Request&, httplib::Response&) {
        http::RequestContext::current().started = std::chrono::steady_clock::now();
        return httplib::Server::HandlerResponse::Unhandled;
    });
    // Errors cpp-httplib answers itself (body too large, bad request line) get our error body.
    http.set_error_handler(httplib::Server::HandlerWithResponse([this](const httplib::Request& req,
                                                                       httplib::Response& res) {
        if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;  // one of ours
        http::send_error(res, res.status, http_reason(res.status), error_message(res.status));
        journal_->record(req, res);
        return httplib::Server::HandlerResponse::Handled;
    }));
    http.set_exception_handler([this](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
        std::string what = "unknown exception";
        try {
            std::rethrow_exception(ep);
        } catch (const std::exception& e) {
            what = e.what();
        } catch (...) {
        }
        journal_->log(http::LogLevel::Error, "internal error serving " + req.method + " " + req.path + ": " + what);
        http::send_error(res, 500, "internal_error", "the simulator failed: " + what);
        journal_->record(req, res);
    });
    http.set_logger(
        [this](const httplib::Request& req, const httplib::Response& res) { journal_->log_request(req, res); });
}

Simulator::~Simulator() {
    stop();
    if (serving_.joinable()) serving_.join();
    scheduler_->stop();
}

const scenario::TokenSettings* Simulator::token_settings(const std::string& token) const {
    if (!scenario_->tokens) return nullptr;
    for (const auto& settings : *scenario_->tokens)
        if (settings.token == token) return &settings;
    return nullptr;
}

// An inbound SMS to the token's receive URL, when the scenario gives the token one.
void Simulator::forward_inbound(const gateway::InboundRecord& sms) const {
    const auto* settings = token_settings(sms.token);
    if (!settings || !settings->inbound) return;
    dispatcher_->enqueue(callbacks::inbound_callback(settings->inbound->target,
                                                     {sms.from, sms.to, sms.request_id, sms.message}));
}

// A DLR to the token's URL, when the scenario gives the token one.
void Simulator::send_delivery_report(const gateway::StatusChangeNotice& notice) const {
    const auto* token = token_settings(notice.token);
    if (!token || !token->dlr) return;
    connectel::api::Dlr dlr;
    dlr.requestid = notice.request_id;
    dlr.tokenid = notice.token_id;
    dlr.status = connectel::api::StatusField::of(notice.change.status);
    dlr.sender = notice.sender;
    dlr.recipient = notice.recipient;
    dlr.bulkid = notice.bulk_id;
    dlr.date = format_date(notice.change.at);
    dlr.status_desc = notice.change.desc;
    dispatcher_->enqueue(callbacks::dlr_callback(*token->dlr, dlr, scenario_->quirks.numeric_dlr_status_str));
}

int Simulator::bind() {
    if (options_.port == 0) {
        port_ = server_->http.bind_to_any_port(options_.host);
    } else if (server_->http.bind_to_port(options_.host, options_.port)) {
        port_ = options_.port;
    }
    if (port_ <= 0)
        throw std::runtime_error("cannot listen on " + options_.host + ":" + std::to_string(options_.port) +
                                 " (in use, or not an address of this machine)");
    server_->socket.relisten();
    base_url_ = base_url();
    return port_;
}

void Simulator::serve() {
    scheduler_->start();
    serve_entered_ = true;
    if (!stop_requested_) server_->http.listen_after_bind();
    serve_done_ = true;
}

void Simulator::start() {
    bind();  // connections queue on the bound socket until the thread accepts them
    serving_ = std::thread([this] { serve(); });
}

// cpp-httplib's stop() does nothing before its accept loop runs, so wait for the loop when
// serve() has been entered; serve() itself checks the flag before entering it.
void Simulator::stop() {
    stop_requested_ = true;
    while (serve_entered_ && !serve_done_ && !server_->http.is_running()) std::this_thread::yield();
    server_->http.stop();
}

std::string Simulator::base_url() const {
    const bool ipv6 = options_.host.find(':') != std::string::npos;
    return "http://" + (ipv6 ? "[" + options_.host + "]" : options_.host) + ":" + std::to_string(port_);
}

}  // namespace sim
