// Request-ids and bulk-ids in the reference's shapes: R + 15 (or B + 8) upper-case
// alphanumerics, '.', 17 digits of Unix time in 100 ns units. The first 6 (bulk: 5) letters
// encode the message's index in the store, scrambled by a seeded bijection, so an id is found
// again by decoding it: no hash index to grow (and stall) under the gateway's lock. The rest is
// random. Reproducible with a fixed seed, unique within a run. Not thread-safe: the gateway
// calls it under its lock.
#pragma once

#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <utility>

#include "clock/sim_time.hpp"

namespace sim::gateway {

class IdGenerator {
public:
    explicit IdGenerator(std::uint64_t seed)
        : random_(seed),
          request_code_(36ULL * 36 * 36 * 36 * 36 * 36, random_()),
          bulk_code_(36ULL * 36 * 36 * 36 * 36, random_()) {}

    static constexpr std::size_t request_id_length = 1 + 15 + 1 + 17;
    static constexpr std::size_t bulk_id_length = 1 + 8 + 1 + 17;

    std::string request_id(Time now, std::uint32_t index) { return make('R', 15, 6, request_code_, index, now); }
    std::string bulk_id(Time now, std::uint32_t index) { return make('B', 8, 5, bulk_code_, index, now); }

    // The index an id was made for; nullopt when the text cannot be one of ours. The caller
    // still compares the whole id with the one stored at that index.
    std::optional<std::uint32_t> request_index(std::string_view id) const {
        return decode(id, 'R', request_id_length, 6, request_code_);
    }
    std::optional<std::uint32_t> bulk_index(std::string_view id) const {
        return decode(id, 'B', bulk_id_length, 5, bulk_code_);
    }

private:
    static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    // x -> (x * multiplier + offset) mod modulus: a bijection, as the multiplier is coprime
    // with 36 (odd, not a multiple of 3), so inverting it needs its modular inverse.
    struct Scramble {
        Scramble(std::uint64_t modulus_, std::uint64_t random)
            : modulus(modulus_), multiplier(coprime(random % modulus_)), offset((random >> 20) % modulus_),
              inverse(modular_inverse(multiplier, modulus_)) {}
        std::uint64_t encode(std::uint64_t x) const { return (x * multiplier + offset) % modulus; }
        std::uint64_t decode(std::uint64_t y) const { return ((y + modulus - offset) % modulus) * inverse % modulus; }

        std::uint64_t modulus, multiplier, offset, inverse;

    private:
        static std::uint64_t coprime(std::uint64_t m) {
            m |= 1;
            return m % 3 == 0 ? m + 2 : m;
        }
        static std::uint64_t modular_inverse(std::uint64_t a, std::uint64_t m) {
            std::int64_t t = 0, new_t = 1;
            std::int64_t r = static_cast<std::int64_t>(m), new_r = static_cast<std::int64_t>(a % m);
            while (new_r != 0) {
                const std::int64_t q = r / new_r;
                t = std::exchange(new_t, t - q * new_t);
                r = std::exchange(new_r, r - q * new_r);
            }
            return static_cast<std::uint64_t>(t < 0 ? t + static_cast<std::int64_t>(m) : t);
        }
    };

    std::string make(char prefix, int letters, int code_letters, const Scramble& scramble, std::uint32_t index,
                     Time now) {
        std::string id(1 + letters + 1 + 17, '.');
        id[0] = prefix;
        std::uint64_t code = scramble.encode(index);
        for (int i = code_letters; i >= 1; --i, code /= 36) id[i] = alphabet[code % 36];
        for (int i = code_letters + 1; i <= letters; ++i) id[i] = alphabet[random_() % 36];
        // The digits never repeat: two ids at one instant take consecutive 100 ns ticks.
        std::uint64_t tick = static_cast<std::uint64_t>(now.time_since_epoch().count()) * 10;
        if (tick <= last_tick_) tick = last_tick_ + 1;
        last_tick_ = tick;
        for (std::size_t i = id.size(); i-- > id.size() - 17;) {
            id[i] = static_cast<char>('0' + tick % 10);
            tick /= 10;
        }
        return id;
    }

    static std::optional<std::uint32_t> decode(std::string_view id, char prefix, std::size_t length, int code_letters,
                                               const Scramble& scramble) {
        if (id.size() != length || id[0] != prefix) return std::nullopt;
        std::uint64_t code = 0;
        for (int i = 1; i <= code_letters; ++i) {
            const char c = id[static_cast<std::size_t>(i)];
            const int digit = c >= 'A' && c <= 'Z' ? c - 'A' : c >= '0' && c <= '9' ? 26 + (c - '0') : -1;
            if (digit < 0) return std::nullopt;
            code = code * 36 + static_cast<std::uint64_t>(digit);
        }
        const std::uint64_t index = scramble.decode(code);
        if (index > UINT32_MAX) return std::nullopt;
        return static_cast<std::uint32_t>(index);
    }

    std::mt19937_64 random_;
    Scramble request_code_, bulk_code_;
    std::uint64_t last_tick_ = 0;
};

}  // namespace sim::gateway
