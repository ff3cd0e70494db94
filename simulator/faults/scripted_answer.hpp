// The scripted answer fault (`status`, `body`): the gateway answers a send with this HTTP status
// and body instead of accepting the message.
#pragma once

#include <optional>
#include <string>

#include "faults/exchange.hpp"
#include "faults/fault_type.hpp"

namespace sim::faults {

class ScriptedAnswer final : public Fault {
public:
    // `body` absent: the API's error body, naming the fault.
    ScriptedAnswer(int status, std::optional<std::string> body) : status_(status), body_(std::move(body)) {}

    // A body as written when it is a string, else its JSON written out compactly.
    static std::shared_ptr<const Fault> read(jsonc::Checker& check, const json& respond,
                                             const std::string& pointer) {
        const auto status = check.whole(respond, pointer, "status", 100, 599);
        std::optional<std::string> body;
        if (const auto given = respond.find("body"); given != respond.end())
            body = given->is_string() ? given->get<std::string>() : given->dump();
        if (!status && !body) return nullptr;
        if (body && !status) check.at_value(pointer + "/body", "a body needs a status to go with it");
        return std::make_shared<ScriptedAnswer>(status ? static_cast<int>(*status) : 200, std::move(body));
    }

    Stage stage() const override { return Stage::Answer; }

    // A body that starts as a JSON object or array is sent as JSON, anything else as plain text.
    void act(Exchange& exchange) const override {
        if (!body_)
            return exchange.answer_error(status_, "scripted_fault",
                                         "the scenario answers this request with HTTP " + std::to_string(status_) +
                                             " (a rule's \"respond\")");
        const bool json = !body_->empty() && (body_->front() == '{' || body_->front() == '[');
        exchange.answer(status_, *body_, json ? "application/json" : "text/plain");
    }

private:
    int status_;
    std::optional<std::string> body_;
};

// Its registry entry: the name messages use ("a scripted answer ...") and the `respond` keys it owns.
inline FaultType scripted_answer_type() { return {"scripted answer", {"status", "body"}, &ScriptedAnswer::read}; }

}  // namespace sim::faults
