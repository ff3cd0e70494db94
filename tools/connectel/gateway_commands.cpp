// `connectel send`, `bulk` and `delivery`: thin over connectel::Client, with the exit statuses of
// the contract: 3 when the input breaks a rule (nothing sent), 4 when the gateway refuses, 5 when
// it cannot be reached.
#include "gateway_commands.hpp"

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <nlohmann/json.hpp>
#include <thread>

#include "connectel/client.hpp"
#include "exit_codes.hpp"

namespace connectel::cli {
namespace {

// connectel-sim's default scenario takes any token, so a simulator on this machine needs no
// token set up: the CLI sends this one when none is given.
constexpr const char* local_token = "connectel-cli";

std::string from_env(const char* name) {
    const char* value = std::getenv(name);
    return value ? value : "";
}

bool is_local(const std::string& base_url) {
    for (const char* prefix : {"http://127.0.0.1", "http://localhost", "http://[::1]"})
        if (base_url.rfind(prefix, 0) == 0) return true;
    return false;
}

std::chrono::milliseconds seconds(double s) { return std::chrono::milliseconds(static_cast<long long>(s * 1000)); }

Client make_client(const Connection& connection) {
    ClientOptions options;
    options.base_url = !connection.base_url.empty() ? connection.base_url : from_env("CONNECTEL_BASE_URL");
    if (options.base_url.empty()) options.base_url = std::string(default_base_url);
    options.token = !connection.token.empty() ? connection.token : from_env("CONNECTEL_TOKEN");
    if (options.token.empty() && is_local(options.base_url)) options.token = local_token;
    if (options.token.empty())
        throw ValidationError("authorization", "no token: pass --token or set CONNECTEL_TOKEN");
    options.format = connection.form ? BodyFormat::Form : BodyFormat::Json;
    options.connect_timeout = options.read_timeout = seconds(connection.timeout);
    return Client(options);
}

// Runs `command`, turning the library's errors into a line on `err` and the contract's status.
int guarded(std::ostream& err, const std::function<int()>& command) {
    try {
        return command();
    } catch (const ValidationError& e) {
        err << "connectel: " << e.what() << " (nothing was sent)\n";
        return ExitCode::Validation;
    } catch (const ApiError& e) {
        err << "connectel: the gateway refused: " << e.what() << '\n';
        return ExitCode::Api;
    } catch (const TransportError& e) {
        err << "connectel: no answer from the gateway: " << e.what() << '\n';
        return ExitCode::Network;
    }
}

void add_text_facts(nlohmann::json& out, const sms::Analysis& text) {
    out["encoding"] = std::string(sms::to_string(text.encoding));
    out["characters"] = text.characters;
    out["segments"] = text.segments;
}

std::string text_summary(const sms::Analysis& text) {
    return std::string(sms::to_string(text.encoding)) + ", " + std::to_string(text.characters) + " characters, " +
           std::to_string(text.segments) + (text.segments == 1 ? " segment" : " segments");
}

std::string report_line(const api::StatusField& status, const std::string& date, const std::string& desc) {
    return status.text + '\t' + std::to_string(status.code) + '\t' + date + '\t' + desc;
}

bool all_final(const api::BulkDeliveryReport& report) {
    for (const auto& member : report.recipients)
        if (!is_final(member.status.status)) return false;
    return !report.recipients.empty();
}

}  // namespace

void add_connection_options(CLI::App& app, Connection& connection) {
    app.add_option("--token", connection.token,
                   "The API token (default: $CONNECTEL_TOKEN; none is needed for a simulator on this machine)");
    app.add_option("--base-url", connection.base_url,
                   "The gateway (default: $CONNECTEL_BASE_URL, else https://smsapi.connectel.se); "
                   "a simulator is http://127.0.0.1:8080");
    app.add_flag("--form", connection.form, "Send parameters as a form instead of JSON");
    app.add_option("--timeout", connection.timeout, "Seconds to wait for each answer")->check(CLI::PositiveNumber);
}

CLI::App* add_send_command(CLI::App& app, SendRequest& request) {
    CLI::App* cmd = app.add_subcommand("send", "Send one SMS; prints its request-id");
    cmd->add_option("--from", request.from, "The sender: up to 11 letters and digits, or a number")->required();
    cmd->add_option("--to", request.to, "The recipient, in international format (46700000000)")->required();
    cmd->add_option("message", request.message, "The text")->required();
    cmd->add_flag("--json", request.json, "Print the gateway's answer as JSON, with the text's encoding and segments");
    return cmd;
}

CLI::App* add_bulk_command(CLI::App& app, BulkRequest& request) {
    CLI::App* cmd = app.add_subcommand("bulk", "Send one SMS to many; prints the bulk-id, then KEY NUMBER REQUEST-ID");
    cmd->add_option("--from", request.from, "The sender")->required();
    cmd->add_option("--to", request.to, "A recipient as KEY=NUMBER; repeat for each")->required()->expected(1, -1);
    cmd->add_option("message", request.message, "The text")->required();
    cmd->add_flag("--json", request.json, "Print the gateway's answer as JSON");
    return cmd;
}

CLI::App* add_delivery_command(CLI::App& app, DeliveryRequest& request) {
    CLI::App* cmd = app.add_subcommand(
        "delivery", "Print the status of a request-id (STATUS CODE DATE DESCRIPTION), or of each member of a bulk-id");
    cmd->add_option("id", request.id, "A request-id, or a bulk-id (B...)")->required();
    cmd->add_flag("--json", request.json, "Print the delivery report as JSON");
    cmd->add_flag("--wait", request.wait, "Wait until the status is final (every member's, for a bulk)");
    cmd->add_option("--wait-timeout", request.wait_timeout, "Seconds --wait waits at most (then exit status 1)")
        ->check(CLI::PositiveNumber);
    cmd->add_option("--interval", request.interval, "Seconds between two looks while waiting")
        ->check(CLI::PositiveNumber);
    return cmd;
}

int run_send(const Connection& connection, const SendRequest& request, std::ostream& out, std::ostream& err) {
    return guarded(err, [&] {
        auto client = make_client(connection);
        const auto sent = client.send(request.from, request.to, request.message);
        if (request.json) {
            nlohmann::json answer = sent.response;
            add_text_facts(answer, sent.text);
            out << answer.dump(2) << std::endl;
        } else {
            out << sent.response.requestid << std::endl;
            err << "accepted, " << sent.response.status.text << "; " << text_summary(sent.text) << '\n';
        }
        return ExitCode::Success;
    });
}

int run_bulk(const Connection& connection, const BulkRequest& request, std::ostream& out, std::ostream& err) {
    return guarded(err, [&] {
        std::vector<api::BulkRecipient> recipients;
        for (const auto& pair : request.to) {
            const auto equals = pair.find('=');
            if (equals == std::string::npos || equals == 0)
                throw ValidationError("recipient", "write each --to as KEY=NUMBER, not \"" + pair + "\"");
            recipients.push_back({pair.substr(0, equals), pair.substr(equals + 1)});
        }
        auto client = make_client(connection);
        const auto sent = client.send_bulk(request.from, recipients, request.message);
        if (request.json) {
            nlohmann::json answer = sent.response;
            add_text_facts(answer, sent.text);
            out << answer.dump(2) << std::endl;
        } else {
            out << sent.response.bulkid << '\n';
            for (const auto& member : sent.response.recipients)
                out << member.key << '\t' << member.recipient << '\t' << member.requestid << '\n';
            out.flush();
            err << "accepted " << sent.response.recipients.size() << " recipients; " << text_summary(sent.text)
                << " each\n";
        }
        return ExitCode::Success;
    });
}

int run_delivery(const Connection& connection, const DeliveryRequest& request, std::ostream& out,
                 std::ostream& err) {
    return guarded(err, [&] {
        auto client = make_client(connection);
        const bool bulk = !request.id.empty() && request.id.front() == 'B';
        const auto deadline = std::chrono::steady_clock::now() + seconds(request.wait_timeout);
        for (;;) {
            nlohmann::json report_json;
            std::string lines;
            bool final = false;
            if (bulk) {
                const auto report = client.bulk_delivery(request.id);
                final = all_final(report);
                report_json = report;
                for (const auto& m : report.recipients)
                    lines += m.requestid + '\t' + m.recipient + '\t' + report_line(m.status, m.date, m.status_desc) + '\n';
            } else {
                const auto report = client.delivery(request.id);
                final = is_final(report.status.status);
                report_json = report;
                lines = report_line(report.status, report.date, report.status_desc) + '\n';
            }
            const bool timed_out = std::chrono::steady_clock::now() + seconds(request.interval) > deadline;
            if (!request.wait || final || timed_out) {
                out << (request.json ? report_json.dump(2) + '\n' : lines) << std::flush;
                if (!request.wait || final) return ExitCode::Success;
                err << "connectel: not final after " << request.wait_timeout << " s\n";
                return ExitCode::NotFinal;
            }
            std::this_thread::sleep_for(seconds(request.interval));
        }
    });
}

}  // namespace connectel::cli
