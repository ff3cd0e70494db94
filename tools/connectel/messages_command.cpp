#include "messages_command.hpp"

#include <httplib.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <nlohmann/json.hpp>

#include "connectel/form.hpp"
#include "exit_codes.hpp"
#include "terminal_text.hpp"

namespace connectel::cli {
namespace {

constexpr const char* local_simulator = "http://127.0.0.1:8080";

std::string base_url_of(const MessagesRequest& request) {
    if (!request.base_url.empty()) return request.base_url;
    const char* from_env = std::getenv("CONNECTEL_BASE_URL");
    return from_env && *from_env ? from_env : local_simulator;
}

std::string query_of(const MessagesRequest& request) {
    std::string query = "limit=" + std::to_string(request.limit);
    const std::pair<const char*, const std::string*> filters[] = {
        {"recipient", &request.recipient}, {"sender", &request.sender},   {"status", &request.status},
        {"bulkid", &request.bulkid},       {"tokenid", &request.tokenid}, {"wait", &request.wait}};
    for (const auto& [name, value] : filters)
        if (!value->empty()) query += std::string("&") + name + "=" + connectel::form::encode_component(*value);
    if (!request.wait.empty()) query += "&min=" + std::to_string(request.min);
    return query;
}

}  // namespace

CLI::App* add_messages_command(CLI::App& app, MessagesRequest& request) {
    CLI::App* cmd = app.add_subcommand(
        "messages",
        "List the messages a simulator stored (REQUEST-ID RECIPIENT STATUS TEXT); with --wait, once they are there");
    cmd->add_option("--base-url", request.base_url,
                    "The simulator (default: $CONNECTEL_BASE_URL, else http://127.0.0.1:8080)");
    cmd->add_option("--recipient,--to", request.recipient, "Only messages to this number");
    cmd->add_option("--sender,--from", request.sender, "Only messages from this sender");
    cmd->add_option("--status", request.status, "Only messages whose status is this one now (DELIVRD, ...)");
    cmd->add_option("--bulkid", request.bulkid, "Only the members of this bulk");
    cmd->add_option("--tokenid", request.tokenid, "Only messages sent with this token's id");
    cmd->add_option("--wait", request.wait,
                    "Wait until --min messages match, at most this long (\"10s\", \"500ms\"; up to 60s); "
                    "exit status 1 when the wait ends first");
    cmd->add_option("--min", request.min, "The messages --wait waits for (default 1)")->check(CLI::Range(1, 1000));
    cmd->add_option("--limit", request.limit, "At most this many messages, oldest first (default 100)")
        ->check(CLI::Range(1, 1000));
    cmd->add_flag("--json", request.json, "Print the simulator's answer as JSON");
    cmd->add_option("--timeout", request.timeout, "Seconds to wait for the answer, besides --wait")
        ->check(CLI::PositiveNumber);
    return cmd;
}

int run_messages(const MessagesRequest& request, std::ostream& out, std::ostream& err) {
    const std::string base_url = base_url_of(request);
    httplib::Client client(base_url);
    if (!client.is_valid()) {
        err << "connectel: not a URL this command can reach: " << base_url << '\n';
        return ExitCode::Usage;
    }
    // The simulator holds the answer for up to --wait (60 s at most), then answers.
    const auto read_for = std::chrono::milliseconds(static_cast<long long>(request.timeout * 1000)) +
                          (request.wait.empty() ? std::chrono::seconds(0) : std::chrono::seconds(60));
    client.set_read_timeout(std::chrono::duration_cast<std::chrono::microseconds>(read_for));
    client.set_connection_timeout(std::chrono::seconds(static_cast<long long>(request.timeout)));
    const std::string path = "/_sim/messages?" + query_of(request);
    const auto res = client.Get(path);
    if (!res) {
        err << "connectel: no answer from " << base_url << ": " << httplib::to_string(res.error()) << '\n';
        return ExitCode::Network;
    }
    const auto answer = nlohmann::json::parse(res->body, nullptr, false);
    if (res->status != 200 || !answer.is_object() || !answer.contains("messages")) {
        const bool error = answer.is_object() && answer.contains("error") && answer["error"].is_object();
        err << "connectel: the simulator refused GET " << path << " (HTTP " << res->status << ")"
            << (error ? ": " + answer["error"].value("message", std::string()) : std::string()) << '\n';
        return ExitCode::Api;
    }
    if (request.json) {
        out << answer.dump(2) << std::endl;
    } else {
        for (const auto& message : answer["messages"])
            out << message.value("requestid", "") << '\t' << message.value("recipient", "") << '\t'
                << message.value("status", "") << '\t' << escape_for_terminal(message.value("message", "")) << '\n';
        out.flush();
    }
    if (!answer.value("timedOut", false)) return ExitCode::Success;
    const auto& clock = answer["clock"];
    err << "connectel: waited " << request.wait << " for " << request.min << " message(s); found "
        << answer["messages"].size();
    if (clock.is_object() && clock.value("clock", "") == "virtual")
        err << " (the virtual clock has " << clock.value("pending", 0) << " steps pending: advance it?)";
    err << '\n';
    return ExitCode::WaitEnded;
}

}  // namespace connectel::cli
