// connectel: the command line over the connectel library.
#include <CLI/CLI.hpp>
#include <iostream>

#include "cli_docs.hpp"
#include "exit_codes.hpp"
#include "gateway_commands.hpp"
#include "listen_command.hpp"
#include "messages_command.hpp"
#include "segments_command.hpp"

namespace {

// The man page's EXIT STATUS, and the end of --help (exit_codes.hpp).
constexpr const char* exit_statuses =
    "0 success; 1 a --wait gave up (delivery, messages); 2 a usage error; 3 invalid input, found\n"
    "before any request; 4 an error answer from the gateway; 5 no answer (network).";

constexpr const char* description =
    "connectel sends SMS through Connectel's SMS Gateway API (v2) or a connectel-sim (send, bulk),\n"
    "looks up delivery reports (delivery), receives callbacks (listen), lists a simulator's\n"
    "messages (messages) and shows how a text is encoded and split into segments (segments).\n"
    "\n"
    "The token and base URL come from --token and --base-url, or CONNECTEL_TOKEN and\n"
    "CONNECTEL_BASE_URL (default: the real gateway).";

}  // namespace

int main(int argc, char** argv) {
    using namespace connectel::cli;
    CLI::App app{"connectel: a command-line client for Connectel's SMS Gateway API (v2)"};
    app.require_subcommand(1);
    app.footer(std::string("Exit status: ") + exit_statuses);
    cli_docs::add_doc_flags(
        app, {"connectel", "connectel 0.1.0",
              "a command-line client for Connectel's SMS Gateway API (v2), and for connectel-sim", description,
              {{"Exit status", exit_statuses},
               {"See also", "connectel-sim(1), the local twin of the gateway that connectel's commands can talk to."}}});

    SegmentsRequest segments;
    CLI::App* segments_app = add_segments_command(app, segments);
    Connection connection;  // shared by the gateway commands; only one runs
    SendRequest send;
    CLI::App* send_app = add_send_command(app, send);
    BulkRequest bulk;
    CLI::App* bulk_app = add_bulk_command(app, bulk);
    DeliveryRequest delivery;
    CLI::App* delivery_app = add_delivery_command(app, delivery);
    for (CLI::App* command : {send_app, bulk_app, delivery_app}) add_connection_options(*command, connection);
    ListenRequest listen;
    CLI::App* listen_app = add_listen_command(app, listen);
    MessagesRequest messages;
    CLI::App* messages_app = add_messages_command(app, messages);

    try {
        app.parse(argc, argv);
    } catch (const CLI::Success& e) {  // --help, --help-all, --man-page, --bash-completion
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        app.exit(e);
        return ExitCode::Usage;
    }

    if (segments_app->parsed()) return run_segments(std::move(segments), std::cin, std::cout, std::cerr);
    if (send_app->parsed()) return run_send(connection, send, std::cout, std::cerr);
    if (bulk_app->parsed()) return run_bulk(connection, bulk, std::cout, std::cerr);
    if (delivery_app->parsed()) return run_delivery(connection, delivery, std::cout, std::cerr);
    if (listen_app->parsed()) return run_listen(listen, std::cout, std::cerr);
    if (messages_app->parsed()) return run_messages(messages, std::cout, std::cerr);
    return ExitCode::Usage;
}
