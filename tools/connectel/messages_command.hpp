// `connectel messages`: the messages a simulator has stored (GET /_sim/messages), filtered, and
// with --wait, once they are there: what a shell script or a test in any language waits on.
#pragma once

#include <iosfwd>
#include <string>

namespace CLI {
class App;
}

namespace connectel::cli {

struct MessagesRequest {
    std::string base_url;  // default: $CONNECTEL_BASE_URL, else http://127.0.0.1:8080
    std::string recipient, sender, status, bulkid, tokenid;
    std::string wait;  // a duration ("10s"): wait until `min` messages match
    unsigned min = 1;
    unsigned limit = 100;
    bool json = false;
    double timeout = 30;  // seconds for the answer, besides the wait
};

CLI::App* add_messages_command(CLI::App& app, MessagesRequest& request);

// 0 when answered (with --wait: found), 1 when the wait ended first, 4 when the simulator
// refused the call, 5 when it could not be reached (exit_codes.hpp).
int run_messages(const MessagesRequest& request, std::ostream& out, std::ostream& err);

}  // namespace connectel::cli
