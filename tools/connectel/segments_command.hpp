// `connectel segments`: how a text is encoded and split, for people and for scripts.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace connectel::cli {

struct SegmentsRequest {
    std::string text = "-";  // the argument; "-" (the default) reads standard input
    bool json = false;
    bool smart = false;                 // replace look-alikes first (and list each replacement)
    bool show_bytes = false;            // print each part's header and user data in hex
    std::vector<std::string> national;  // "tr", "es", "pt"
    int reference_bits = 8;
};

// Registers the subcommand; `request` is filled in when it is parsed.
CLI::App* add_segments_command(CLI::App& app, SegmentsRequest& request);

// Runs it; returns the exit status.
int run_segments(SegmentsRequest request, std::istream& in, std::ostream& out, std::ostream& err);

}  // namespace connectel::cli
