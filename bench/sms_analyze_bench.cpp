// Throughput of sms::analyze on a generated corpus, against a memchr scan of the same bytes
// measured in the same run (the floor: touching every byte once).
//
// Corpus: 100,000 messages, fixed seed; 40% ASCII, 20% ASCII with extension characters,
// 20% accented Latin, 20% emoji/CJK; 40 to 320 characters each. A second corpus is pure GSM
// ASCII. Each figure is the best of several passes.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "connectel/sms.hpp"

namespace {

using Clock = std::chrono::steady_clock;

constexpr std::size_t message_count = 100'000;
constexpr int passes = 15;

std::string pick(std::mt19937& rng, const std::vector<const char*>& pool) {
    return pool[rng() % pool.size()];
}

enum class Kind { Mixed, Ascii, Extension, Accented, Wide };

std::vector<std::string> make_corpus(Kind only) {
    std::mt19937 rng(42);
    const std::vector<const char*> ascii = {"a", "b", "e", "o", "t", " ", "n", "s",
                                            "r", "i", ".", ",", "1", "A", "?"};
    const std::vector<const char*> extension = {"€", "[", "]", "{", "}", "~", "^", "|", "\\"};
    const std::vector<const char*> accented = {"é", "è", "ü", "ö", "ñ", "á", "í", "ó", "ç", "ã"};
    const std::vector<const char*> wide = {"😀", "👍", "中", "文", "日", "本", "語", "🎉"};
    std::vector<std::string> corpus;
    corpus.reserve(message_count);
    for (std::size_t i = 0; i < message_count; ++i) {
        // 0-3 ASCII, 4-5 extension characters, 6-7 accented Latin, 8-9 emoji/CJK.
        std::size_t kind = rng() % 10;
        if (only == Kind::Ascii) kind = 0;
        if (only == Kind::Extension) kind = 4;
        if (only == Kind::Accented) kind = 6;
        if (only == Kind::Wide) kind = 8;
        const std::size_t length = 40 + rng() % 281;
        std::string m;
        for (std::size_t c = 0; c < length; ++c) {
            const unsigned roll = rng() % 100;
            if (kind >= 4 && kind <= 5 && roll < 4)
                m += pick(rng, extension);
            else if (kind >= 6 && kind <= 7 && roll < 12)
                m += pick(rng, accented);
            else if (kind >= 8 && roll < 70)
                m += pick(rng, wide);
            else
                m += pick(rng, ascii);
        }
        corpus.push_back(std::move(m));
    }
    return corpus;
}

template <class F>
double best_seconds(F&& f) {
    double best = 1e30;
    for (int p = 0; p < passes; ++p) {
        const auto start = Clock::now();
        f();
        best = std::min(best, std::chrono::duration<double>(Clock::now() - start).count());
    }
    return best;
}

void run(const char* name, const std::vector<std::string>& corpus) {
    std::size_t bytes = 0;
    for (const auto& m : corpus) bytes += m.size();

    volatile std::size_t sink = 0;
    const double analyze_s = best_seconds([&] {
        std::size_t segments = 0;
        for (const auto& m : corpus) segments += connectel::sms::analyze(m).segments;
        sink = sink + segments;
    });
    const double memchr_s = best_seconds([&] {
        std::size_t found = 0;
        for (const auto& m : corpus) found += std::memchr(m.data(), 0xFF, m.size()) != nullptr;
        sink = sink + found;
    });
    const double gbps = double(bytes) / analyze_s / 1e9;
    const double memchr_gbps = double(bytes) / memchr_s / 1e9;
    std::printf("%-22s %8.1f MB  analyze %6.2f GB/s (%5.1f M msg/s)  memchr %6.2f GB/s  ratio %.2f\n", name,
                double(bytes) / 1e6, gbps, double(corpus.size()) / analyze_s / 1e6, memchr_gbps,
                gbps / memchr_gbps);
}

}  // namespace

int main() {
    run("mixed corpus", make_corpus(Kind::Mixed));
    run("pure GSM ASCII corpus", make_corpus(Kind::Ascii));
    // The mixed corpus's parts on their own, to see where time goes.
    run("  extension characters", make_corpus(Kind::Extension));
    run("  accented Latin", make_corpus(Kind::Accented));
    run("  emoji/CJK", make_corpus(Kind::Wide));
}
