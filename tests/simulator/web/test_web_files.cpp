// The web page built into the binary: complete (every file a page or module names is there),
// and light (under 150 KB in all, so that its first load stays fast).
#include <doctest/doctest.h>

#include <regex>
#include <set>
#include <string>

#include "embedded.hpp"

namespace {

std::set<std::string> embedded_paths() {
    std::set<std::string> paths;
    for (std::size_t i = 0; i < sim::embedded::web_files_count; ++i)
        paths.insert(std::string(sim::embedded::web_files[i].path));
    return paths;
}

// "views/detail.js" importing "../format.js" -> "format.js"
std::string resolve(const std::string& from, const std::string& relative) {
    std::string dir = from.substr(0, from.rfind('/') == std::string::npos ? 0 : from.rfind('/') + 1);
    std::string rest = relative;
    for (;;) {
        if (rest.rfind("./", 0) == 0) {
            rest.erase(0, 2);
        } else if (rest.rfind("../", 0) == 0) {
            rest.erase(0, 3);
            dir.pop_back();  // the trailing '/'
            dir = dir.substr(0, dir.rfind('/') == std::string::npos ? 0 : dir.rfind('/') + 1);
        } else {
            return dir + rest;
        }
    }
}

}  // namespace

TEST_CASE("the web page weighs under 150 KB in all") {
    std::size_t bytes = 0;
    for (std::size_t i = 0; i < sim::embedded::web_files_count; ++i) bytes += sim::embedded::web_files[i].content.size();
    CHECK(bytes > 0);
    CHECK(bytes < 150 * 1024);
}

TEST_CASE("every file the page and its modules name is built in") {
    const auto paths = embedded_paths();
    REQUIRE(paths.count("index.html") == 1);
    const std::regex page_reference(R"((?:src|href)="/ui/([^"]+)\")");
    const std::regex module_import(R"((?:from|import)\s*\(?\s*['"](\.{1,2}/[^'"]+)['"])");
    std::size_t checked = 0;
    for (std::size_t i = 0; i < sim::embedded::web_files_count; ++i) {
        const std::string path(sim::embedded::web_files[i].path);
        const std::string content(sim::embedded::web_files[i].content);
        const bool html = path.size() > 5 && path.compare(path.size() - 5, 5, ".html") == 0;
        const bool js = path.size() > 3 && path.compare(path.size() - 3, 3, ".js") == 0;
        if (html)
            for (std::sregex_iterator m(content.begin(), content.end(), page_reference), end; m != end; ++m, ++checked) {
                INFO(path << " names /ui/" << (*m)[1]);
                CHECK(paths.count((*m)[1]) == 1);
            }
        if (js)
            for (std::sregex_iterator m(content.begin(), content.end(), module_import), end; m != end; ++m, ++checked) {
                INFO(path << " imports " << (*m)[1]);
                CHECK(paths.count(resolve(path, (*m)[1])) == 1);
            }
    }
    CHECK(checked > 0);
}
