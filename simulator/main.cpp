// connectel-sim: the command line over sim::Simulator (docs/simulator.md, "Running it").
#include <sys/resource.h>

#include <CLI/CLI.hpp>
#include <iostream>
#include <map>

#include "cli_docs.hpp"
#include "connectel/api/validation.hpp"
#include "malloc_arenas.hpp"
#include "scenario/callback_url.hpp"
#include "scenario/loader.hpp"
#include "signal_stop.hpp"
#include "simulator.hpp"

namespace {

// `connectel-sim check FILE...`: every problem as FILE:LINE:COL: message.
int check_files(const std::vector<std::string>& files) {
    int bad = 0;
    for (const auto& file : files) {
        try {
            const auto scenario = sim::scenario::load_scenario_file(file);
            std::cout << file << ": ok (scenario \"" << scenario.name << "\")\n";
        } catch (const sim::scenario::ScenarioError& e) {
            for (const auto& line : e.lines()) std::cerr << line << '\n';
            ++bad;
        }
    }
    return bad == 0 ? 0 : 1;
}

// Every connection is a descriptor, and Debian's soft limit (1,024) is below --max-connections:
// the hard limit is what the system allows this process, so take it.
void raise_open_file_limit() {
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur >= limit.rlim_max) return;
    limit.rlim_cur = limit.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &limit);
}

std::optional<sim::ClockSetting> clock_from_flag(const std::string& flag) {
    if (flag == "real") return sim::ClockSetting{sim::ClockSetting::Kind::Real, 1.0};
    if (flag == "virtual") return sim::ClockSetting{sim::ClockSetting::Kind::Virtual, 1.0};
    return std::nullopt;
}

// A callback URL (--dlr-url, --inbound-url) and a phone number (--number), checked as a
// scenario's are.
const CLI::Validator callback_url(
    [](std::string& url) { return sim::scenario::callback_url_problem(url).value_or(std::string()); }, "URL");
const CLI::Validator phone_number(
    [](std::string& number) {
        const auto problem = connectel::api::check_recipient(number, "--number");
        return problem ? problem->message : std::string();
    },
    "NUMBER");

sim::scenario::PayloadFormat payload_format(const std::string& flag) {
    return flag == "form" ? sim::scenario::PayloadFormat::Form : sim::scenario::PayloadFormat::Json;
}

// What the vendor's portal sets for a token, for every token the scenario gives none: where
// its DLRs and inbound SMS go, and the numbers inbound SMS can be sent to.
struct CallbackFlags {
    std::string dlr_url, dlr_format = "json", inbound_url, inbound_format = "json";
    std::vector<std::string> numbers;

    sim::scenario::TokenCallbacks callbacks() const {
        sim::scenario::TokenCallbacks callbacks;
        if (!dlr_url.empty()) callbacks.dlr = sim::scenario::CallbackTarget{dlr_url, payload_format(dlr_format)};
        if (!inbound_url.empty())
            callbacks.inbound = sim::scenario::InboundSettings{{inbound_url, payload_format(inbound_format)}, numbers};
        return callbacks;
    }
};

// --NAME-url and --NAME-format, which needs the URL. Returns the URL's option.
CLI::Option* add_target_flags(CLI::App& app, const std::string& name, std::string& url, std::string& format,
                              const std::string& what) {
    auto* url_flag =
        app.add_option("--" + name + "-url", url,
                       "Where " + what + " of every token without a scenario " + name + " go (http://HOST:PORT/path)")
            ->check(callback_url);
    app.add_option("--" + name + "-format", format, "json or form: how those " + what + " are posted")
        ->capture_default_str()
        ->check(CLI::IsMember({"json", "form"}))
        ->needs(url_flag);
    return url_flag;
}

void add_callback_flags(CLI::App& app, CallbackFlags& flags) {
    add_target_flags(app, "dlr", flags.dlr_url, flags.dlr_format, "DLRs");
    auto* inbound_url = add_target_flags(app, "inbound", flags.inbound_url, flags.inbound_format, "inbound SMS");
    app.add_option("--number", flags.numbers,
                   "A number inbound SMS can be sent to, posted to --inbound-url (repeatable; token id \"default\")")
        ->check(phone_number)
        ->needs(inbound_url)
        ->allow_extra_args(false);
}

// The man page's EXIT STATUS, and the end of --help.
constexpr const char* exit_statuses =
    "0 after a clean stop (SIGINT or SIGTERM); 1 when it did not start: an invalid scenario (each\n"
    "problem as FILE:LINE:COL: message), a --state file it cannot use (FILE: what is wrong) or a\n"
    "port in use; 2 for a bad flag. `check`: 0 when every file is valid, 1 otherwise.";

constexpr const char* description =
    "connectel-sim serves the endpoints of Connectel's SMS Gateway API v2 (send, delivery, status) on\n"
    "a local port, with the status lifecycles, delivery-report callbacks and inbound SMS that a\n"
    "scenario file scripts; without --scenario, the built-in default scenario, which accepts any\n"
    "token. When ready it prints one line, `connectel-sim listening on http://HOST:PORT`.\n"
    "\n"
    "Its control API (/_sim/...) lets tests read what it holds, move a virtual clock, force a\n"
    "status, send an inbound SMS, wait for a message and load another scenario; its web page at /\n"
    "shows the same. `check` validates scenario files without starting anything.";

// An option whose default the help shows, and whose value `check` validates.
template <class T>
CLI::Option* add_checked(CLI::App& app, const std::string& name, T& value, const std::string& description,
                         const CLI::Validator& check) {
    return app.add_option(name, value, description)->capture_default_str()->check(check);
}

}  // namespace

int main(int argc, char** argv) {
    sim::limit_malloc_arenas();
    CLI::App app{"connectel-sim: a local twin of Connectel's SMS Gateway API v2, for development and tests"};
    app.set_version_flag("--version", "connectel-sim 0.1.0");
    app.footer(std::string("Exit status: ") + exit_statuses);
    cli_docs::add_doc_flags(app, {"connectel-sim", "connectel-sim 0.1.0",
                                  "a local twin of Connectel's SMS Gateway API v2, for development and tests",
                                  description,
                                  {{"Exit status", exit_statuses},
                                   {"See also", "connectel(1), the command line of the connectel client library.\n\n"
                                                "The manual is the project's docs/ folder: the simulator, its control "
                                                "API and event stream, and the scenario format."}}});
    sim::Options options;
    std::string clock_flag, log_level = "info";
    std::optional<std::uint64_t> seed;
    app.add_option("--host", options.host, "Address to listen on")->capture_default_str();
    add_checked(app, "--port", options.port, "Port; 0 picks a free one", CLI::Range(0, 65535));
    app.add_option("--scenario", options.scenario_file, "Scenario file (default: the built-in scenarios/default.json)")
        ->type_name("FILE");
    app.add_option("--clock", clock_flag, "real or virtual; overrides the scenario")->check(CLI::IsMember({"real", "virtual"}));
    app.add_option("--seed", seed, "Seed for ids and random choices; overrides the scenario");
    add_checked(app, "--log-level", log_level, "error, warn, info (one line per request) or debug",
                CLI::IsMember({"error", "warn", "info", "debug"}));
    add_checked(app, "--threads", options.tuning.threads,
                "Worker threads at most (a thread serves a request; waiting connections hold none)", CLI::Range(1, 4096));
    add_checked(app, "--max-connections", options.tuning.max_connections,
                "Open connections at most; beyond it the oldest idle one is closed", CLI::Range(1, 1'000'000));
    app.add_option("--max-body-size", options.tuning.max_body_bytes, "Largest request body in bytes (413 beyond)")
        ->capture_default_str();
    add_checked(app, "--max-header-size", options.tuning.max_header_bytes,
                "Largest request line and headers together, in bytes (431 beyond)", CLI::Range(1024, 16 * 1024 * 1024));
    add_checked(app, "--request-timeout", options.tuning.request_timeout_seconds,
                "Seconds for a request's head to arrive from its first byte, and again for its body (408 beyond)",
                CLI::Range(1, 3600));
    add_checked(app, "--keep-alive-timeout", options.tuning.keep_alive_timeout_seconds,
                "Seconds an idle keep-alive connection is kept open", CLI::Range(1, 3600));
    add_checked(app, "--journal-limit", options.journal.entries, "Requests kept in the journal (/_sim/requests)",
                CLI::PositiveNumber);
    add_checked(app, "--journal-max-bytes", options.journal.bytes, "Bytes the journal keeps at most (oldest go first)",
                CLI::PositiveNumber);
    add_checked(app, "--max-messages", options.store.items,
                "Messages kept, and likewise inbound SMS and callback attempts (oldest done go first)",
                CLI::Range(std::size_t{1}, std::size_t{UINT32_MAX / 2}));
    add_checked(app, "--max-store-bytes", options.store.bytes,
                "Bytes the messages kept may take, and likewise inbound SMS and callback attempts", CLI::PositiveNumber);
    app.add_option("--state", options.state_file,
                   "Keep messages, callbacks, inbound SMS and the journal in this SQLite file, and come back "
                   "from it on a restart")
        ->type_name("FILE");
    bool no_ui = false;
    app.add_flag("--no-ui", no_ui, "No web page at /; the control API and /_sim/events keep working");
    app.add_option("--allow-host", options.allowed_hosts,
                   "A Host name the page and /_sim/ answer to besides IP addresses and localhost "
                   "(repeatable; '*': any)")
        ->allow_extra_args(false);
    CallbackFlags callback_flags;
    add_callback_flags(app, callback_flags);

    // Hidden: the routes, "METHOD PATTERN" a line, which the contract test compares with docs/openapi.yaml.
    bool list_routes = false;
    app.add_flag("--list-routes", list_routes, "Print every route served and exit")->group("");

    std::vector<std::string> check_paths;
    auto* check = app.add_subcommand("check", "Validate scenario files; print FILE:LINE:COL: message per problem");
    check->add_option("FILE", check_paths, "Scenario files")->required()->check(CLI::ExistingFile);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? 0 : 2;
    }
    if (*check) return check_files(check_paths);

    options.clock = clock_from_flag(clock_flag);
    options.default_callbacks = callback_flags.callbacks();
    options.web_page = !no_ui;
    options.seed = seed;
    const std::map<std::string, sim::LogLevel> levels = {{"error", sim::LogLevel::Error},
                                                         {"warn", sim::LogLevel::Warn},
                                                         {"info", sim::LogLevel::Info},
                                                         {"debug", sim::LogLevel::Debug}};
    options.log_level = levels.at(log_level);

    raise_open_file_limit();
    // Before any thread exists, so that every thread inherits the blocked signals.
    sim::SignalStop signal_stop;
    try {
        sim::Simulator simulator(std::move(options));
        if (list_routes) {
            for (const auto& route : simulator.routes()) std::cout << route << '\n';
            return 0;
        }
        const int port = simulator.bind();
        (void)port;
        std::cout << "connectel-sim listening on " << simulator.base_url() << std::endl;
        signal_stop.start([&simulator] { simulator.stop(); });
        simulator.serve();
        signal_stop.finish();
    } catch (const sim::scenario::ScenarioError& e) {
        for (const auto& line : e.lines()) std::cerr << line << '\n';
        std::cerr << "connectel-sim: the scenario is invalid; nothing started\n";
        return 1;
    } catch (const sim::state::StateFileError& e) {
        std::cerr << e.what() << "\nconnectel-sim: the state file cannot be used (left as it is); nothing started\n";
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "connectel-sim: " << e.what() << '\n';
        return 1;
    }
    return 0;
}
