// A kind of fault as the registry lists it: its name, the `respond` keys it owns, and how it
// reads them from a scenario file. Each fault's file ends with its entry, `<fault>_type()`.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "faults/fault.hpp"
#include "jsonc/checker.hpp"

namespace sim::faults {

using json = nlohmann::ordered_json;

struct FaultType {
    // In messages, after "a": "a dropped connection has no status or body".
    std::string_view name;
    std::vector<std::string_view> keys;
    // Reads and checks its keys in the `respond` object at `pointer`, reporting each problem
    // to `check`; null when the object scripts no fault of this kind. A fault read with
    // problems may be returned: the rule is refused anyway.
    std::shared_ptr<const Fault> (*read)(jsonc::Checker& check, const json& respond, const std::string& pointer);
};

}  // namespace sim::faults
