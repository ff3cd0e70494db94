// connectel: the command line over the connectel library.
#include <CLI/CLI.hpp>
#include <iostream>

#include "exit_codes.hpp"
#include "segments_command.hpp"

int main(int argc, char** argv) {
    using namespace connectel::cli;
    CLI::App app{"connectel: a command-line client for Connectel's SMS Gateway API (v2)"};
    app.require_subcommand(1);

    SegmentsRequest segments;
    CLI::App* segments_app = add_segments_command(app, segments);

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
    return ExitCode::Usage;
}
