// What a fuzz target does when an input breaks a promise: says which, and aborts, so libFuzzer
// keeps the input as a crash artifact (a failed check is a finding like a crash).
#pragma once

#include <cstdio>
#include <cstdlib>

namespace fuzz {

[[noreturn]] inline void fail(const char* what, const char* why) {
    std::fprintf(stderr, "fuzz check failed: %s: %s\n", what, why);
    std::abort();
}

}  // namespace fuzz

#define FUZZ_CHECK(condition, message) \
    ((condition) ? void() : ::fuzz::fail(__FILE__ ":" FUZZ_CHECK_LINE(__LINE__), message))
#define FUZZ_CHECK_LINE(line) FUZZ_CHECK_STRINGIFY(line)
#define FUZZ_CHECK_STRINGIFY(line) #line
