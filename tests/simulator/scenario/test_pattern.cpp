// Rule patterns: globs over code points, and /regex/ with the i flag.
#include <doctest/doctest.h>

#include "scenario/pattern.hpp"

using sim::scenario::glob_matches;
using sim::scenario::Pattern;

namespace {

Pattern pattern(const char* source) {
    std::string error;
    auto p = Pattern::parse(source, error);
    REQUIRE_MESSAGE(p, error);
    return *p;
}

}  // namespace

TEST_CASE("globs match the whole text: * any run, ? one character") {
    CHECK(glob_matches("4670000*", "46700001234"));
    CHECK(glob_matches("*0002", "46700000002"));
    CHECK_FALSE(glob_matches("*0002", "46700000020"));
    CHECK(glob_matches("4670000000?", "46700000001"));
    CHECK_FALSE(glob_matches("4670000000?", "467000000012"));
    CHECK(glob_matches("*", ""));
    CHECK(glob_matches("a*b*c", "aXXbYYc"));
    CHECK_FALSE(glob_matches("a*b*c", "aXXbYY"));
    CHECK(glob_matches("exact", "exact"));
    CHECK_FALSE(glob_matches("exact", "exactly"));
}

TEST_CASE("a glob's ? is one character, not one byte") {
    CHECK(glob_matches("Gr??e", "Grüße"));
    CHECK(glob_matches("?", "😀"));
    CHECK_FALSE(glob_matches("??", "😀"));
}

TEST_CASE("regex patterns search anywhere, and /i ignores case") {
    CHECK(pattern("/refund/i").matches("Your REFUND is ready"));
    CHECK_FALSE(pattern("/refund/").matches("Your REFUND is ready"));
    CHECK(pattern("/^467/").matches("46700000000"));
    CHECK_FALSE(pattern("/^467/").matches("35800000000"));
}

TEST_CASE("a bad regex or an unknown flag is refused with a reason") {
    std::string error;
    CHECK_FALSE(Pattern::parse("/([a-z/", error));
    CHECK(error.find("bad regex") != std::string::npos);
    CHECK_FALSE(Pattern::parse("/abc/g", error));
    CHECK(error.find("flags") != std::string::npos);
}

TEST_CASE("patterns that match everything are recognised") {
    CHECK(pattern("*").matches_everything());
    CHECK(pattern("/.*/").matches_everything());
    CHECK_FALSE(pattern("*1").matches_everything());
    CHECK_FALSE(pattern("/a/").matches_everything());
}
