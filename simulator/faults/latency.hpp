// The latency fault (`latency`): the gateway's answer, usual or scripted, comes this much later.
#pragma once

#include "faults/exchange.hpp"
#include "faults/fault_type.hpp"

namespace sim::faults {

class Latency final : public Fault {
public:
    explicit Latency(Duration latency) : latency_(latency) {}

    static std::shared_ptr<const Fault> read(jsonc::Checker& check, const json& respond,
                                             const std::string& pointer) {
        const auto latency = check.duration(respond, pointer, "latency");
        if (!latency || latency->count() <= 0) return nullptr;
        return std::make_shared<Latency>(*latency);
    }

    Stage stage() const override { return Stage::Before; }

    // Latency is real time, as a client's timeout is: scaled down on a sped-up clock, as written
    // on a real or virtual one. A virtual clock has no real time to take it from.
    void act(Exchange& exchange) const override {
        const ClockSetting& clock = exchange.clock();
        const double speed = clock.kind == ClockSetting::Kind::Scaled ? clock.speed : 1.0;
        exchange.pause(std::chrono::duration<double, std::micro>(static_cast<double>(latency_.count()) / speed));
    }

private:
    Duration latency_;
};

// Its registry entry: the name messages use ("a latency ...") and the `respond` keys it owns.
inline FaultType latency_type() { return {"latency", {"latency"}, &Latency::read}; }

}  // namespace sim::faults
