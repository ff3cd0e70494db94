// Faults read from a `respond` object by the registry, and acted out on an exchange
// that records what they did: no HTTP, no real waiting.
#pragma once

#include <algorithm>
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "faults/exchange.hpp"
#include "faults/registry.hpp"
#include "scenario/loader.hpp"

namespace fault_tests {

using Strings = std::vector<std::string>;

class RecordingExchange final : public sim::faults::Exchange {
public:
    sim::ClockSetting setting;
    // What happened, in order: "pause 250ms", "answer 503 text/plain: body",
    // "error 503 scripted_fault: message", "drop".
    std::vector<std::string> log;

    const sim::ClockSetting& clock() const override { return setting; }
    void pause(std::chrono::duration<double, std::micro> real) override {
        log.push_back("pause " + std::to_string(std::chrono::duration<double, std::milli>(real).count()) + "ms");
    }
    void answer(int status, std::string_view body, std::string_view content_type) override {
        log.push_back("answer " + std::to_string(status) + " " + std::string(content_type) + ": " + std::string(body));
    }
    void answer_error(int status, std::string_view code, std::string_view message) override {
        log.push_back("error " + std::to_string(status) + " " + std::string(code) + ": " + std::string(message));
    }
    void drop_connection() override { log.push_back("drop"); }
};

// "pause 250.000000ms": how RecordingExchange logs a pause of `ms` milliseconds.
inline std::string pause_of(double ms) { return "pause " + std::to_string(ms) + "ms"; }

struct Read {
    std::optional<sim::faults::FaultSet> faults;
    std::vector<std::string> problems;  // "LINE:COL: message", in source order
};

// `respond` (a JSON object's text, as a rule's "respond") read by the registry; positions are
// within `respond`.
inline Read read_respond(const std::string& respond) {
    const sim::jsonc::JsoncDocument doc = sim::jsonc::parse_jsonc(respond);
    std::vector<sim::jsonc::Problem> problems;
    sim::jsonc::Checker check(doc, problems);
    Read read;
    auto faults = sim::faults::read_faults(check, doc.value, "");
    std::stable_sort(problems.begin(), problems.end(),
                     [](const auto& a, const auto& b) { return a.where.offset < b.where.offset; });
    for (const auto& problem : problems) read.problems.push_back(sim::scenario::format_problem("", problem).substr(1));
    if (problems.empty()) read.faults = std::move(faults);
    return read;
}

// What `respond`'s faults do to a request, on `clock`; empty when it has problems.
inline std::vector<std::string> acted(const std::string& respond, sim::ClockSetting clock = {}) {
    const Read read = read_respond(respond);
    if (!read.faults) return {};
    RecordingExchange exchange;
    exchange.setting = clock;
    read.faults->act(exchange);
    return exchange.log;
}

}  // namespace fault_tests
