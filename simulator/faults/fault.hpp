// A fault: one thing a scenario rule scripts about the gateway's answer to a send (a scripted
// status and body, a latency, a dropped connection...), and the set of them a rule holds.
// Each kind is a small type in its own file here, listed in registry.cpp. The file format:
// docs/scenarios.md, "respond: faults".
#pragma once

#include <algorithm>
#include <memory>
#include <utility>
#include <vector>

namespace sim::faults {

class Exchange;

// When a fault acts on the request, which is also whether the message is accepted.
enum class Stage {
    Before,  // before the answer, which still comes (a latency): the message is accepted
    Answer,  // it is the answer, in place of the usual one: the message is not accepted
};

// One configured fault. Immutable once read, so that one rule's faults serve every thread.
class Fault {
public:
    virtual ~Fault() = default;
    virtual Stage stage() const = 0;
    // Its action on the vendor request, through the transport's side (exchange.hpp).
    virtual void act(Exchange& exchange) const = 0;
};

// A rule's faults, read from its `respond`: those acting before the answer first, then at most
// one that is the answer.
class FaultSet {
public:
    FaultSet() = default;
    explicit FaultSet(std::vector<std::shared_ptr<const Fault>> faults) : faults_(std::move(faults)) {
        for (const auto& fault : faults_) answers_ = answers_ || fault->stage() == Stage::Answer;
        std::stable_partition(faults_.begin(), faults_.end(),
                              [](const auto& fault) { return fault->stage() == Stage::Before; });
    }

    // True when the gateway does not accept the message: a fault answers in its place.
    bool replaces_answer() const noexcept { return answers_; }
    bool empty() const noexcept { return faults_.empty(); }

    // Every fault in turn; true when one answered (or dropped) the request, so that the usual
    // answer must not be written.
    bool act(Exchange& exchange) const {
        for (const auto& fault : faults_) fault->act(exchange);
        return answers_;
    }

private:
    std::vector<std::shared_ptr<const Fault>> faults_;
    bool answers_ = false;
};

}  // namespace sim::faults
