// `connectel listen`: receives the gateway's callbacks (DLRs and inbound SMS) and prints one
// line each, for people watching and for scripts reading a pipe.
#pragma once

#include <iosfwd>
#include <string>

namespace CLI {
class App;
}

namespace connectel::cli {

struct ListenRequest {
    std::string host = "127.0.0.1";
    int port = 8081;  // 0 picks a free one
    bool json = false;
    int count = 0;  // exit after this many callbacks; 0: until SIGINT/SIGTERM
};

CLI::App* add_listen_command(CLI::App& app, ListenRequest& request);

// Blocks SIGINT and SIGTERM, serves until one comes (or `count` callbacks), returns the exit status.
int run_listen(const ListenRequest& request, std::ostream& out, std::ostream& err);

}  // namespace connectel::cli
