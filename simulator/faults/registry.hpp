// The one list of fault kinds, consulted by the scenario loader (which keys a `respond` may
// hold, and what they mean) and so, through the rules, by the vendor routes.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "faults/fault_type.hpp"

namespace sim::faults {

// Every kind, in the order their keys are listed in messages.
const std::vector<FaultType>& fault_types();

// Every kind's keys, in that order: what a `respond` object may hold.
const std::vector<std::string_view>& fault_keys();

// A rule's `respond` object at `pointer`: each kind reads its keys. Two faults that would each be
// the answer cannot go together. nullopt when `value` is not an object (reported).
std::optional<FaultSet> read_faults(jsonc::Checker& check, const json& value, const std::string& pointer);

}  // namespace sim::faults
