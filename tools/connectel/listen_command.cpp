// `connectel listen`: a WebhookReceiver whose handlers print. Output goes out a line at a time,
// flushed, so `connectel listen | grep DELIVRD` sees each callback as it arrives.
#include "listen_command.hpp"

#include <signal.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <iostream>
#include <mutex>
#include <nlohmann/json.hpp>

#include "connectel/webhooks.hpp"
#include "exit_codes.hpp"
#include "terminal_text.hpp"

namespace connectel::cli {
namespace {

std::string dlr_line(const api::Dlr& dlr) {
    return "dlr\t" + dlr.requestid + '\t' + dlr.status.text + '\t' + std::to_string(dlr.status.code) + '\t' +
           dlr.recipient + '\t' + dlr.date + '\t' + quote_for_terminal(dlr.status_desc);
}

std::string inbound_line(const api::InboundSms& sms) {
    return "inbound\t" + sms.requestid + '\t' + sms.from + '\t' + sms.to + '\t' + quote_for_terminal(sms.message);
}

std::string json_line(const char* kind, nlohmann::json payload, const CallbackRequest& request) {
    return nlohmann::json{{"kind", kind}, {"path", request.path}, {"payload", std::move(payload)}}.dump(
        -1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

CLI::App* add_listen_command(CLI::App& app, ListenRequest& request) {
    CLI::App* cmd = app.add_subcommand(
        "listen", "Receive DLR and inbound SMS callbacks on any path and print one line each");
    cmd->add_option("--port", request.port, "The port; 0 picks a free one (the first line says which)")
        ->check(CLI::Range(0, 65535));
    cmd->add_option("--host", request.host, "The address to listen on; 0.0.0.0 takes callbacks from other machines");
    cmd->add_flag("--json", request.json, "Print each callback as one JSON object: kind, path, payload");
    cmd->add_option("--count", request.count, "Exit after this many callbacks")->check(CLI::NonNegativeNumber);
    return cmd;
}

int run_listen(const ListenRequest& request, std::ostream& out, std::ostream& err) {
    // Blocked before the receiver's threads exist, so they inherit the mask and this thread's
    // sigwait takes the signal; --count ends the wait by sending one.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

    std::mutex output;  // guards out, err and printed (handlers run on the receiver's threads)
    int printed = 0;
    const auto print = [&](const std::string& line) {
        std::lock_guard lock(output);
        out << line << std::endl;
        if (request.count > 0 && ++printed == request.count) ::kill(::getpid(), SIGTERM);
    };

    WebhookReceiverOptions options;
    options.host = request.host;
    options.port = request.port;
    WebhookReceiver receiver(options);
    receiver.on_dlr([&](const api::Dlr& dlr, const CallbackRequest& req) {
        print(request.json ? json_line("dlr", dlr, req) : dlr_line(dlr));
    });
    receiver.on_inbound([&](const api::InboundSms& sms, const CallbackRequest& req) {
        print(request.json ? json_line("inbound", sms, req) : inbound_line(sms));
    });
    receiver.on_error([&](const CallbackProblem& problem, int status, const CallbackRequest& req) {
        std::lock_guard lock(output);
        err << "connectel: answered " << status << " to " << req.method << ' ' << req.path << ": "
            << problem.describe() << std::endl;
    });
    try {
        receiver.start();
    } catch (const Error& e) {
        err << "connectel: " << e.what() << '\n';
        return ExitCode::Network;
    }
    {
        std::lock_guard lock(output);
        out << "listening on " << receiver.url("") << std::endl;
    }
    int signal = 0;
    sigwait(&stop_signals, &signal);
    receiver.stop();
    return ExitCode::Success;
}

}  // namespace connectel::cli
