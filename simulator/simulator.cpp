// Serving: the world's routes through cpp-httplib's request handling, over the simulator's own
// connections (http/transport/), and a new world for each scenario loaded.
#include "simulator.hpp"

#include <stdexcept>
#include <utility>

#include "connectel/excerpt.hpp"
#include "embedded.hpp"
#include "events/domain_events.hpp"
#include "http/control_api/browser_guard.hpp"
#include "http/control_api/event_stream.hpp"
#include "http/json_response.hpp"
#include "http/router.hpp"
#include "http/transport/connection_server.hpp"
#include "http/transport/httplib_requests.hpp"
#include "http/transport/request_log.hpp"
#include "http/transport/response_encoding.hpp"
#include "scenario/loader.hpp"

namespace sim {

namespace {

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
        case 431: return "headers_too_large";
        case 501: return "not_implemented";
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

http::transport::ServerLimits server_limits(const http::ServerTuning& tuning) {
    http::transport::ServerLimits limits;
    limits.max_threads = tuning.threads;
    limits.max_connections = tuning.max_connections;
    limits.keep_alive_max_requests = tuning.keep_alive_max_requests;
    limits.framing.max_head_bytes = tuning.max_header_bytes;
    limits.framing.max_body_bytes = tuning.max_body_bytes;
    limits.timeouts.request = std::chrono::seconds(tuning.request_timeout_seconds);
    limits.timeouts.keep_alive = std::chrono::seconds(tuning.keep_alive_timeout_seconds);
    limits.listen_backlog = tuning.listen_backlog;
    return limits;
}

}  // namespace

struct Simulator::Server {
    Server(events::EventHub& events, std::size_t max_streams, std::vector<std::string> allowed_hosts)
        : event_stream(events, {max_streams, std::chrono::seconds(10)}),
          guard(http::HostAllowlist(std::move(allowed_hosts))) {}
    http::transport::HttplibRequests http;
    http::EventStream event_stream;
    const http::BrowserGuard guard;
    std::unique_ptr<http::transport::ConnectionServer> connections;
};

// Half the worker threads at most for event streams, each of which holds one.
// The name it listens on (--host myhost.lan) is one its page is reached by.
std::unique_ptr<Simulator::Server> Simulator::make_server() {
    auto allowed_hosts = options_.allowed_hosts;
    allowed_hosts.push_back(options_.host);
    return std::make_unique<Server>(events_, std::max<std::size_t>(1, options_.tuning.threads / 2),
                                    std::move(allowed_hosts));
}

Simulator::Simulator(Options options)
    : options_(std::move(options)),
      waiters_(options_.tuning.max_waiting),
      server_(make_server()),
      world_(make_first_world()) {
    if (!state_note_.empty()) world_->log().write(LogLevel::Warn, state_note_);
    if (state_file_)
        state_writer_ = std::make_unique<state::StateWriter>(
            *state_file_,
            [this](state::Batch& batch) {
                std::shared_lock lock(world_mutex_);
                world_->collect_changes(batch);
            },
            [this](const std::string& error) {
                std::shared_lock lock(world_mutex_);
                world_->log().write(LogLevel::Error, error);
            });
    // The request log's time counts from a request's first byte, which only the transport knows.
    server_->connections = std::make_unique<http::transport::ConnectionServer>(
        server_limits(options_.tuning),
        [this](httplib::Stream& stream, http::transport::Clock::time_point began, bool close, bool& closed) {
            const http::transport::ArrivalScope arrival(began);
            return server_->http.process(stream, close, closed);
        },
        [this](const http::transport::Rejection& rejection) {
            {
                std::shared_lock lock(world_mutex_);
                world_->log().write(LogLevel::Info, http::transport::rejection_log_line(rejection));
            }
            return http::error_body(http_reason(rejection.status), rejection.message, rejection.field).dump();
        });

    server_->connections->record_exchanges(http::transport::ExchangeRecorder::from_environment());

    auto& http = server_->http;
    // The Keep-Alive header cpp-httplib writes, and its limit for chunked bodies.
    http.set_keep_alive_max_count(options_.tuning.keep_alive_max_requests);
    http.set_keep_alive_timeout(options_.tuning.keep_alive_timeout_seconds);
    http.set_payload_max_length(options_.tuning.max_body_bytes);
    // Every route is the world's, run under its lock; what lasts longer than the handler (an
    // event stream, a long list) is written after it, outside the lock. A list call that waits
    // sleeps outside it too, on a thread the worker pool does not count, and is served again
    // once something it waits for may have come.
    const auto dispatch = [this](const httplib::Request& req, httplib::Response& res) {
        if (!server_->guard.admits(req, res)) return;
        http::RequestScope scope;
        for (;;) {
            {
                std::shared_lock lock(world_mutex_);
                world_->router().dispatch(req, res, scope);
                if (!scope.serve_again) world_->journal().record(req, res, scope.token);
            }
            if (!scope.serve_again) break;
            scope.serve_again = false;
            const http::transport::WorkerPool::Blocking blocking(server_->connections->workers());
            scope.waiter->sleep();
        }
        if (scope.after) scope.after();
    };
    // Bodies are read here rather than by cpp-httplib, which refuses a form body over 8,192
    // bytes whatever the payload limit (and parses it into parameters nobody reads).
    const auto dispatch_with_body = [dispatch](const httplib::Request& req, httplib::Response& res,
                                               const httplib::ContentReader& read) {
        auto& request = const_cast<httplib::Request&>(req);  // cpp-httplib's own request object
        // cpp-httplib reads a multipart body only part by part (and throws for a plain reader);
        // nothing here takes one (415), so it is read as the bytes it is, Content-Type hidden.
        const std::string multipart_type = req.is_multipart_form_data() ? req.get_header_value("Content-Type") : "";
        if (!multipart_type.empty()) request.headers.erase("Content-Type");
        const bool read_whole = read([&request](const char* data, std::size_t size) {
            request.body.append(data, size);
            return true;
        });
        if (!multipart_type.empty()) request.headers.emplace("Content-Type", multipart_type);
        if (!read_whole) return http::send_error(res, 400, "bad_request", "the request body could not be read");
        dispatch(req, res);
    };
    // Every method and path goes to the router, which knows 404 from 405.
    http.Get(".*", dispatch).Post(".*", dispatch_with_body).Put(".*", dispatch_with_body);
    http.Delete(".*", dispatch_with_body).Patch(".*", dispatch_with_body).Options(".*", dispatch);
    http.set_pre_routing_handler([](const httplib::Request& req, httplib::Response&) {
        http::decline_brotli(const_cast<httplib::Request&>(req));  // cpp-httplib's own request object
        return httplib::Server::HandlerResponse::Unhandled;
    });
    // Errors cpp-httplib answers itself (body too large, bad request line) get our error body.
    http.set_error_handler(httplib::Server::HandlerWithResponse([this](const httplib::Request& req,
                                                                       httplib::Response& res) {
        if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;  // one of ours
        http::send_error(res, res.status, http_reason(res.status), error_message(res.status));
        std::shared_lock lock(world_mutex_);
        world_->journal().record(req, res, {});
        return httplib::Server::HandlerResponse::Handled;
    }));
    http.set_exception_handler([this](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
        std::string what = "unknown exception";
        try {
            std::rethrow_exception(ep);
        } catch (const std::exception& e) {
            what = connectel::excerpt(e.what(), 200);  // it may quote the request at length
        } catch (...) {
        }
        http::send_error(res, 500, "internal_error", "the simulator failed: " + what);
        std::shared_lock lock(world_mutex_);
        world_->log().write(LogLevel::Error, "internal error serving " + req.method + " " + req.path + ": " + what);
        world_->journal().record(req, res, {});
    });
    // The request log's lines, when the log writes them at all (a line is built under the lock).
    if (options_.log && options_.log_level >= LogLevel::Info)
        http.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
            std::shared_lock lock(world_mutex_);
            world_->log().write(LogLevel::Info, http::transport::request_log_line(req, res));
        });
}

Simulator::~Simulator() {
    events_.close();
    stop();
    if (serving_.joinable()) serving_.join();
    world_->stop();
    if (state_writer_) state_writer_->stop();  // the last changes, once nothing runs
}

std::unique_ptr<World> Simulator::make_world(std::shared_ptr<const scenario::Scenario> scenario,
                                             const state::SavedState* saved) {
    return std::make_unique<World>(
        std::move(scenario), options_, World::Shared{base_url_, events_, server_->event_stream, waiters_},
        [this](std::shared_ptr<const scenario::Scenario> next) { replace_world(std::move(next)); }, saved);
}

// The first world: the scenario's, or the one a state file saved. A saved world comes back when
// the command line names no scenario, or names the one it was saved with, and the clock's kind
// and the seed (when one is set) are its own; otherwise the simulator starts afresh and the
// file's state is replaced, as loading a scenario replaces it.
std::unique_ptr<World> Simulator::make_first_world() {
    if (!options_.state_file) return make_world(load(options_));
    state_file_ = std::make_unique<state::StateFile>(*options_.state_file);
    const auto saved = state_file_->load();
    if (!saved) return make_world(load(options_));
    const state::SavedWorld& world = saved->world;
    std::shared_ptr<const scenario::Scenario> scenario;
    const bool named = options_.scenario_file || options_.scenario_text;
    if (named) {
        scenario = load(options_);
        if (scenario->original_text != world.scenario_text)
            state_note_ = "it was saved with another scenario (" + world.scenario_name + ")";
    } else {
        try {
            scenario = std::make_shared<scenario::Scenario>(scenario::load_scenario(world.scenario_text, world.scenario_name));
        } catch (const scenario::ScenarioError& e) {
            throw state::StateFileError(*options_.state_file + ": its scenario (" + world.scenario_name +
                                        ") no longer loads: " + e.what());
        }
    }
    const ClockSetting clock = options_.clock.value_or(scenario->clock.value_or(ClockSetting{}));
    const auto seed = options_.seed ? options_.seed : scenario->seed;
    if (state_note_.empty() && world.clock != to_string(clock.kind))
        state_note_ = std::string("it was saved on a ") + world.clock.c_str() + " clock, not a " + to_string(clock.kind) + " one";
    if (state_note_.empty() && seed && *seed != world.seed)
        state_note_ = "it was saved with seed " + std::to_string(world.seed) + ", not " + std::to_string(*seed);
    if (!state_note_.empty()) {
        state_note_ = *options_.state_file + ": starting afresh, as " + state_note_;
        return make_world(scenario);
    }
    return make_world(scenario, &*saved);
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
        events::publish(events_, events::ScenarioLoaded{*scenario});
        if (clock_running_) world_->start();
    }
}

int Simulator::bind() {
    port_ = server_->connections->bind(options_.host, options_.port);
    if (port_ <= 0)
        throw std::runtime_error("cannot listen on " + options_.host + ":" + std::to_string(options_.port) +
                                 " (in use, or not an address of this machine)");
    base_url_ = base_url();
    return port_;
}

void Simulator::serve() {
    {
        std::unique_lock lock(world_mutex_);
        clock_running_ = true;
        world_->start();
    }
    server_->http.set_serving(server_->connections->listening_fd());
    server_->connections->run();
}

void Simulator::start() {
    bind();  // connections queue on the bound socket until the thread accepts them
    serving_ = std::thread([this] { serve(); });
}

// Safe before serve() runs: it then returns at once.
void Simulator::stop() {
    events_.close();   // ends the event streams, whose threads the server joins
    waiters_.close();  // and the list calls that wait
    server_->http.set_stopped();
    server_->connections->stop();
}

std::vector<std::string> Simulator::routes() const {
    std::shared_lock lock(world_mutex_);
    return world_->router().describe();
}

std::string Simulator::base_url() const {
    const bool ipv6 = options_.host.find(':') != std::string::npos;
    return "http://" + (ipv6 ? "[" + options_.host + "]" : options_.host) + ":" + std::to_string(port_);
}

}  // namespace sim
