// Serving: the world's routes over cpp-httplib, and a new world for each scenario loaded.
#include "simulator.hpp"

#include <stdexcept>
#include <utility>

#include "connectel/detail/excerpt.hpp"
#include "embedded.hpp"
#include "http/browser_guard.hpp"
#include "http/control_json.hpp"
#include "http/event_stream.hpp"
#include "http/json_response.hpp"
#include "http/response_encoding.hpp"
#include "http/router.hpp"
#include "http/web_page.hpp"
#include "scenario/loader.hpp"

namespace sim {

namespace {

std::shared_ptr<const scenario::Scenario> load(const Options& options) {
    if (options.scenario_file) return std::make_shared<scenario::Scenario>(scenario::load_scenario_file(*options.scenario_file));
    if (options.scenario_text) return std::make_shared<scenario::Scenario>(scenario::load_scenario(*options.scenario_text, "scenario"));
    return std::make_shared<scenario::Scenario>(scenario::load_scenario(embedded::default_scenario, "default.json"));
}

// PUT /_sim/scenario's route validates the scenario in the world it is about to replace, so it
// cannot replace it there: it leaves the scenario here, on the request's own thread, and the
// dispatch replaces the world once the request has left it.
thread_local std::shared_ptr<const scenario::Scenario> scenario_to_load;

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
    Server(events::EventHub& events, std::size_t max_streams, std::vector<std::string> allowed_hosts)
        : event_stream(events, {max_streams, std::chrono::seconds(10)}),
          guard(http::HostAllowlist(std::move(allowed_hosts))) {}
    httplib::Server http;
    http::TunedSocket socket;
    http::EventStream event_stream;
    const http::BrowserGuard guard;
};

Simulator::Simulator(Options options) : options_(std::move(options)), world_(make_world(load(options_))) {
    // Half the worker threads at most for event streams, each of which holds one.
    // The name it listens on (--host myhost.lan) is one its page is reached by.
    auto allowed_hosts = options_.allowed_hosts;
    allowed_hosts.push_back(options_.host);
    server_ = std::make_unique<Server>(events_, std::max<std::size_t>(1, options_.tuning.threads / 2),
                                       std::move(allowed_hosts));
    server_->socket.apply(server_->http, options_.tuning);

    auto& http = server_->http;
    // Outside the world's lock: a stream lasts as long as its client, and the page is static.
    http.Get("/_sim/events", [this](const httplib::Request& req, httplib::Response& res) {
        if (server_->guard.admits(req, res)) server_->event_stream.serve(req, res);
    });
    const bool web_page = options_.web_page;
    const auto dispatch = [this, web_page](const httplib::Request& req, httplib::Response& res) {
        if (!server_->guard.admits(req, res)) return;
        if (web_page && http::serve_web_page(req, res)) return;
        scenario_to_load = nullptr;
        {
            std::shared_lock lock(world_mutex_);
            world_->router().dispatch(req, res);
            world_->journal().record(req, res);
        }
        if (scenario_to_load) replace_world(std::exchange(scenario_to_load, nullptr));
    };
    // Every method and path goes to the router, which knows 404 from 405.
    http.Get(".*", dispatch).Post(".*", dispatch).Put(".*", dispatch).Delete(".*", dispatch);
    http.Patch(".*", dispatch).Options(".*", dispatch);
    http.set_pre_routing_handler([](const httplib::Request& req, httplib::Response&) {
        http::RequestContext::current().started = std::chrono::steady_clock::now();
        http::decline_brotli(const_cast<httplib::Request&>(req));  // cpp-httplib's own request object
        return httplib::Server::HandlerResponse::Unhandled;
    });
    // Errors cpp-httplib answers itself (body too large, bad request line) get our error body.
    http.set_error_handler(httplib::Server::HandlerWithResponse([this](const httplib::Request& req,
                                                                       httplib::Response& res) {
        if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;  // one of ours
        http::send_error(res, res.status, http_reason(res.status), error_message(res.status));
        std::shared_lock lock(world_mutex_);
        world_->journal().record(req, res);
        return httplib::Server::HandlerResponse::Handled;
    }));
    http.set_exception_handler([this](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
        std::string what = "unknown exception";
        try {
            std::rethrow_exception(ep);
        } catch (const std::exception& e) {
            what = connectel::detail::excerpt(e.what(), 200);  // it may quote the request at length
        } catch (...) {
        }
        http::send_error(res, 500, "internal_error", "the simulator failed: " + what);
        std::shared_lock lock(world_mutex_);
        world_->journal().log(http::LogLevel::Error, "internal error serving " + req.method + " " + req.path + ": " + what);
        world_->journal().record(req, res);
    });
    http.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
        std::shared_lock lock(world_mutex_);
        world_->journal().log_request(req, res);
    });
}

Simulator::~Simulator() {
    events_.close();
    stop();
    if (serving_.joinable()) serving_.join();
    world_->stop();
}

std::unique_ptr<World> Simulator::make_world(std::shared_ptr<const scenario::Scenario> scenario) {
    return std::make_unique<World>(std::move(scenario), options_, base_url_, events_,
                                   [](std::shared_ptr<const scenario::Scenario> next) { scenario_to_load = std::move(next); });
}

// A restart in place: the new world is built aside, swapped in once no request runs in the
// old one, and the old one is destroyed outside the lock, as joining its callback workers
// can take up to a callback timeout.
void Simulator::replace_world(std::shared_ptr<const scenario::Scenario> scenario) {
    auto next = make_world(scenario);
    std::unique_ptr<World> previous;
    {
        std::unique_lock lock(world_mutex_);
        previous = std::exchange(world_, std::move(next));
        previous->stop();
        previous->silence();
        events_.publish("scenario.loaded",
                        [&](std::string& out) { http::append_json(out, http::scenario_json(*scenario)); });
        if (clock_running_) world_->start();
    }
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
    {
        std::unique_lock lock(world_mutex_);
        clock_running_ = true;
        world_->start();
    }
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
    events_.close();  // ends the event streams, whose threads the server joins
    while (serve_entered_ && !serve_done_ && !server_->http.is_running()) std::this_thread::yield();
    server_->http.stop();
}

std::string Simulator::base_url() const {
    const bool ipv6 = options_.host.find(':') != std::string::npos;
    return "http://" + (ipv6 ? "[" + options_.host + "]" : options_.host) + ":" + std::to_string(port_);
}

}  // namespace sim
