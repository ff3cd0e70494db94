// The registry: a new kind of fault is one line here (and its own file beside this one).
#include "faults/registry.hpp"

#include "faults/dropped_connection.hpp"
#include "faults/latency.hpp"
#include "faults/scripted_answer.hpp"

namespace sim::faults {

const std::vector<FaultType>& fault_types() {
    static const std::vector<FaultType> types = {
        scripted_answer_type(),
        latency_type(),
        dropped_connection_type(),
    };
    return types;
}

const std::vector<std::string_view>& fault_keys() {
    static const std::vector<std::string_view> keys = [] {
        std::vector<std::string_view> all;
        for (const FaultType& type : fault_types()) all.insert(all.end(), type.keys.begin(), type.keys.end());
        return all;
    }();
    return keys;
}

namespace {

std::string joined(const std::vector<std::string_view>& words, std::string_view separator) {
    std::string text;
    for (std::string_view word : words) text += (text.empty() ? "" : std::string(separator)) + std::string(word);
    return text;
}

}  // namespace

std::optional<FaultSet> read_faults(jsonc::Checker& check, const json& value, const std::string& pointer) {
    if (!check.object(value, pointer, fault_keys(), "respond")) return std::nullopt;
    std::vector<std::shared_ptr<const Fault>> faults;
    const FaultType* answer = nullptr;  // the kind of the fault that is the answer, once one is read
    for (const FaultType& type : fault_types()) {
        auto fault = type.read(check, value, pointer);
        if (!fault) continue;
        if (fault->stage() == Stage::Answer) {
            if (answer)
                check.at_value(pointer, "a " + std::string(type.name) + " has no " + joined(answer->keys, " or "));
            answer = &type;
        }
        faults.push_back(std::move(fault));
    }
    return FaultSet(std::move(faults));
}

}  // namespace sim::faults
