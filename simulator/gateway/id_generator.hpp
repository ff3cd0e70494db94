// Request-ids and bulk-ids in the reference's shapes: R + 15 (or B + 8) upper-case
// alphanumerics, '.', 17 digits of Unix time in 100 ns units. Reproducible with a fixed seed,
// unique within a run. Not thread-safe: the gateway calls it under its lock.
#pragma once

#include <cstdint>
#include <random>
#include <string>

#include "clock/sim_time.hpp"

namespace sim::gateway {

class IdGenerator {
public:
    explicit IdGenerator(std::uint64_t seed) : random_(seed) {}

    std::string request_id(Time now) { return make('R', 15, now); }
    std::string bulk_id(Time now) { return make('B', 8, now); }

private:
    std::string make(char prefix, int letters, Time now) {
        static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        std::string id(1 + letters + 1 + 17, '.');
        id[0] = prefix;
        for (int i = 1; i <= letters; ++i) id[i] = alphabet[random_() % 36];
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

    std::mt19937_64 random_;
    std::uint64_t last_tick_ = 0;
};

}  // namespace sim::gateway
