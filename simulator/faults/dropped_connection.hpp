// The dropped connection fault (`drop`): the gateway closes the connection without any answer.
#pragma once

#include "faults/exchange.hpp"
#include "faults/fault_type.hpp"

namespace sim::faults {

class DroppedConnection final : public Fault {
public:
    static std::shared_ptr<const Fault> read(jsonc::Checker& check, const json& respond,
                                             const std::string& pointer) {
        const auto drop = check.boolean(respond, pointer, "drop");
        if (!drop || !*drop) return nullptr;  // "drop": false scripts nothing
        return std::make_shared<DroppedConnection>();
    }

    Stage stage() const override { return Stage::Answer; }

    void act(Exchange& exchange) const override { exchange.drop_connection(); }
};

// Its registry entry: the name messages use ("a dropped connection ...") and the `respond` keys it owns.
inline FaultType dropped_connection_type() { return {"dropped connection", {"drop"}, &DroppedConnection::read}; }

}  // namespace sim::faults
