// connectel: the command line over the connectel library.
#include <CLI/CLI.hpp>
#include <iostream>

#include "exit_codes.hpp"
#include "gateway_commands.hpp"
#include "listen_command.hpp"
#include "messages_command.hpp"
#include "segments_command.hpp"

int main(int argc, char** argv) {
    using namespace connectel::cli;
    CLI::App app{"connectel: a command-line client for Connectel's SMS Gateway API (v2)"};
    app.require_subcommand(1);

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
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
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
