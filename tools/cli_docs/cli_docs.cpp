// Man pages and bash completions from CLI11 definitions.
#include "cli_docs.hpp"

#include <iostream>
#include <set>
#include <sstream>

namespace cli_docs {

namespace {

// Text for roff: backslashes and hyphens escaped, and a line that would start with a control
// character ('.' or '\'') guarded.
std::string roff(const std::string& text) {
    std::string out;
    for (char c : text) {
        if (c == '\\') out += "\\e";
        else if (c == '-') out += "\\-";
        else out += c;
    }
    std::string guarded;
    std::istringstream lines(out);
    for (std::string line; std::getline(lines, line);) {
        if (!line.empty() && (line[0] == '.' || line[0] == '\'')) guarded += "\\&";
        guarded += line + "\n";
    }
    if (!guarded.empty()) guarded.pop_back();
    return guarded;
}

bool documented(const CLI::Option* option) { return option->nonpositional() && !option->get_group().empty(); }

// "--port INT", "--no-ui", "-h, --help".
std::string option_head(const CLI::Option* option) {
    std::string head;
    for (const auto& name : option->get_snames()) head += (head.empty() ? "" : ", ") + std::string("\\fB\\-") + name + "\\fR";
    for (const auto& name : option->get_lnames())
        head += (head.empty() ? "" : ", ") + std::string("\\fB\\-\\-") + roff(name) + "\\fR";
    if (option->get_items_expected_max() > 0) {
        std::string type = option->get_type_name();
        if (type.empty()) type = "VALUE";
        head += " \\fI" + roff(type) + "\\fR";
        if (option->get_items_expected_max() > 1) head += "...";
    }
    return head;
}

void write_options(std::ostringstream& out, const CLI::App& app) {
    for (const CLI::Option* option : app.get_options()) {
        if (!documented(option)) continue;
        out << ".TP\n" << option_head(option) << "\n" << roff(option->get_description());
        if (!option->get_default_str().empty()) out << " (default: " << roff(option->get_default_str()) << ")";
        out << "\n";
    }
}

std::string synopsis_of(const CLI::App& app, const std::string& command) {
    std::string line = ".B " + roff(command) + "\n";
    for (const CLI::Option* option : app.get_options())
        if (option->get_positional() && !option->nonpositional())
            line += "\\fI" + roff(option->get_name()) + "\\fR" + (option->get_items_expected_max() > 1 ? "..." : "") + " ";
    return line + "[\\fIOPTIONS\\fR]\n";
}

void write_paragraphs(std::ostringstream& out, const std::string& text) {
    std::istringstream lines(text);
    std::string paragraph;
    const auto flush = [&] {
        if (!paragraph.empty()) out << ".PP\n" << roff(paragraph) << "\n";
        paragraph.clear();
    };
    for (std::string line; std::getline(lines, line);) {
        if (line.find_first_not_of(' ') == std::string::npos) flush();
        else paragraph += (paragraph.empty() ? "" : "\n") + line;
    }
    flush();
}

std::string upper(std::string text) {
    for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return text;
}

}  // namespace

std::string man_page(const CLI::App& app, const ManPage& page) {
    std::ostringstream out;
    out << ".\\\" Written by " << page.command << " --man-page from its own --help: do not edit.\n";
    out << ".TH " << upper(page.command) << " 1 \"\" \"" << roff(page.version) << "\" \"User Commands\"\n";
    out << ".SH NAME\n" << roff(page.command) << " \\- " << roff(page.summary) << "\n";
    const auto commands = app.get_subcommands([](const CLI::App* sub) { return !sub->get_group().empty(); });
    out << ".SH SYNOPSIS\n" << synopsis_of(app, page.command);
    for (const CLI::App* sub : commands) out << ".br\n" << synopsis_of(*sub, page.command + " " + sub->get_name());
    out << ".SH DESCRIPTION\n";
    write_paragraphs(out, page.description.empty() ? app.get_description() : page.description);
    out << ".SH OPTIONS\n";
    write_options(out, app);
    if (!commands.empty()) {
        out << ".SH COMMANDS\n";
        for (const CLI::App* sub : commands) {
            out << ".SS " << roff(sub->get_name()) << "\n" << roff(sub->get_description()) << "\n";
            write_options(out, *sub);
            // A subcommand shows its parent's footer too: the page says it once, below.
            if (!sub->get_footer().empty() && sub->get_footer() != app.get_footer()) write_paragraphs(out, sub->get_footer());
        }
    }
    for (const auto& [title, text] : page.extra_sections) {
        out << ".SH " << upper(title) << "\n";
        write_paragraphs(out, text);
    }
    return out.str();
}

namespace {

// The words that may follow `app` on the command line, and the options taking a file.
void collect(const CLI::App& app, std::set<std::string>& words, std::set<std::string>& file_options) {
    for (const CLI::Option* option : app.get_options()) {
        if (!documented(option)) continue;
        for (const auto& name : option->get_lnames()) {
            words.insert("--" + name);
            const std::string type = option->get_type_name();
            if (type.find("FILE") != std::string::npos || type.find("PATH") != std::string::npos)
                file_options.insert("--" + name);
        }
    }
}

std::string joined(const std::set<std::string>& words) {
    std::string out;
    for (const auto& word : words) out += (out.empty() ? "" : " ") + word;
    return out;
}

std::string function_name(const std::string& command) {
    std::string name = "_" + command;
    for (char& c : name)
        if (c == '-') c = '_';
    return name;
}

}  // namespace

std::string bash_completion(const CLI::App& app, const std::string& command) {
    std::ostringstream out;
    const std::string function = function_name(command);
    out << "# bash completion for " << command << ", written by " << command
        << " --bash-completion from its own --help: do not edit.\n";
    out << function << "() {\n";
    out << "    local cur=\"${COMP_WORDS[COMP_CWORD]}\" prev=\"${COMP_WORDS[COMP_CWORD-1]}\" command= word\n";
    out << "    for word in \"${COMP_WORDS[@]:1:COMP_CWORD-1}\"; do\n";
    out << "        case \"$word\" in -*) ;; *) [ -z \"$command\" ] && command=\"$word\" ;; esac\n";
    out << "    done\n";
    std::set<std::string> words, files;
    collect(app, words, files);
    const auto commands = app.get_subcommands([](const CLI::App* sub) { return !sub->get_group().empty(); });
    std::set<std::string> names;
    for (const CLI::App* sub : commands) names.insert(sub->get_name());
    out << "    local words=\"" << joined(words) << "\" commands=\"" << joined(names) << "\" files=\"" << joined(files)
        << "\"\n";
    out << "    case \"$command\" in\n";
    for (const CLI::App* sub : commands) {
        std::set<std::string> sub_words, sub_files;
        collect(*sub, sub_words, sub_files);
        out << "        " << sub->get_name() << ") words=\"" << joined(sub_words) << "\" commands= files=\""
            << joined(sub_files) << "\" ;;\n";
    }
    out << "    esac\n";
    out << "    if [[ \" $files \" == *\" $prev \"* ]]; then\n";
    out << "        COMPREPLY=($(compgen -f -- \"$cur\"))\n";
    out << "    elif [[ \"$cur\" == -* ]]; then\n";
    out << "        COMPREPLY=($(compgen -W \"$words\" -- \"$cur\"))\n";
    out << "    elif [ -z \"$command\" ] && [ -n \"$commands\" ]; then\n";
    out << "        COMPREPLY=($(compgen -W \"$commands\" -- \"$cur\"))\n";
    out << "    else\n";
    out << "        COMPREPLY=($(compgen -f -- \"$cur\"))\n";
    out << "    fi\n";
    out << "}\n";
    out << "complete -F " << function << " " << command << "\n";
    return out.str();
}

void add_doc_flags(CLI::App& app, ManPage page) {
    const std::string command = page.command;
    app.add_flag_callback("--man-page", [&app, page = std::move(page)] {
           std::cout << man_page(app, page);
           throw CLI::Success();
       })
        ->group("");
    app.add_flag_callback("--bash-completion", [&app, command] {
           std::cout << bash_completion(app, command);
           throw CLI::Success();
       })
        ->group("");
}

}  // namespace cli_docs
