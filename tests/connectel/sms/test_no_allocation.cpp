// analyze() must not allocate: counted by replacing the global operator new in this binary.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <atomic>
#include <cstdlib>
#include <new>
#include <string>
#include <vector>

#include "connectel/sms.hpp"
#include "text_builders.hpp"

// GCC pairs the inlined replacement new/delete below with malloc/free and warns of a mismatch
// that is exactly what a replacement does.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

namespace {
std::atomic<std::size_t> allocations{0};
}

void* operator new(std::size_t size) {
    ++allocations;
    if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
    throw std::bad_alloc();
}
void operator delete(void* p) noexcept {
    std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
    std::free(p);
}

using namespace connectel::sms;
using namespace connectel_tests;

TEST_CASE("analyze allocates nothing, whatever the text, options or errors") {
    // Built before counting starts.
    const std::vector<std::string> texts = {
        "",
        repeat("a", 1600),
        repeat("€[x]", 400),
        repeat("é", 300),
        repeat("ab😀中", 400),
        repeat("ş", 300),
        "bad \xC0\x80 utf8",
        repeat("😀", 40) + "\xED\xA0\x80",
    };
    Options national;
    national.national = {Language::Turkish, Language::Spanish, Language::Portuguese};
    Options sixteen;
    sixteen.reference = ConcatReference::SixteenBit;

    std::size_t segments = 0;
    const std::size_t before = allocations.load();
    for (const std::string& text : texts) {
        for (const Options& options : {Options{}, national, sixteen}) {
            Utf8Error error;
            segments += analyze(text, options, error).segments;
        }
    }
    const std::size_t after = allocations.load();
    CHECK(segments > 0);
    CHECK(after - before == 0);
}

TEST_CASE("the allocation counter sees allocations") {
    const std::size_t before = allocations.load();
    std::vector<int>* v = new std::vector<int>(100);
    delete v;
    CHECK(allocations.load() - before >= 2);
}
