// A command's man page and bash completion, written from its CLI11 definition: the same options,
// descriptions and defaults as its --help, so the three never drift. Each binary has the hidden
// flags --man-page and --bash-completion (add_doc_flags), which the build runs to write the
// files it installs.
#pragma once

#include <CLI/CLI.hpp>

#include <string>

namespace cli_docs {

struct ManPage {
    std::string command;  // "connectel-sim"
    std::string version;  // "connectel-sim 0.1.0"
    std::string summary;  // the NAME line's words after the dash
    std::string description;  // paragraphs, split by blank lines
    // Sections after OPTIONS and COMMANDS, as (title, text) pairs: paragraphs split by blank lines.
    std::vector<std::pair<std::string, std::string>> extra_sections;
};

// roff for man(7), section 1.
std::string man_page(const CLI::App& app, const ManPage& page);

// A bash completion script for `command`: its options, its subcommands and theirs, the members
// of options checked against a fixed set, and file names where an option takes a file.
std::string bash_completion(const CLI::App& app, const std::string& command);

// Adds --man-page and --bash-completion, hidden from --help: each prints its text and ends the
// parse with CLI::Success (exit status 0), before any required option or subcommand is asked for.
void add_doc_flags(CLI::App& app, ManPage page);

}  // namespace cli_docs
