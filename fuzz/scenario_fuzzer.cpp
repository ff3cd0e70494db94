// libFuzzer target: the scenario parser (simulator/scenario/: jsonc, loader) over any text.
//
// The input is a scenario file. parse_scenario must never throw and must point every problem
// inside the text, in source order; load_scenario throws ScenarioError exactly when there are
// problems, one line each. A scenario that loads is then taken as PUT /_sim/scenario takes it:
// described in JSON (the route's answer, GET /_sim/scenario, the event stream) and made the
// world of a restart, none of which may fail for a scenario the parser accepted.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "events/domain_events.hpp"
#include "events/event_hub.hpp"
#include "fuzz_check.hpp"
#include "http/control_api/event_stream.hpp"
#include "scenario/loader.hpp"
#include "world.hpp"

namespace {

using namespace sim::scenario;
using namespace sim::jsonc;

void check_problems(std::string_view text, const std::vector<Problem>& problems) {
    std::size_t previous = 0;
    for (const Problem& problem : problems) {
        const Position& at = problem.where;
        FUZZ_CHECK(at.offset <= text.size() && at.line >= 1 && at.column >= 1, "a problem's position is outside the text");
        FUZZ_CHECK(at.offset >= previous, "problems are not in source order");
        FUZZ_CHECK(!problem.message.empty(), "a problem without a message");
        previous = at.offset;
    }
    try {
        load_scenario(text, "fuzz.json");
    } catch (const ScenarioError& e) {
        FUZZ_CHECK(e.lines().size() == problems.size(), "load_scenario lists other problems than parse_scenario");
        return;
    }
    FUZZ_CHECK(problems.empty(), "load_scenario accepted a scenario with problems");
}

// What the simulator does with a scenario it loads (simulator.cpp, http/control_api/scenario.cpp).
void use(Scenario scenario) {
    const auto dump = [](const nlohmann::json& value) {
        return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    };
    dump(sim::events::field_tree(sim::events::ScenarioLoaded{scenario}));
    dump(sim::events::field_tree(sim::events::ScenarioDetail{scenario, "virtual"}));

    static sim::events::EventHub events(0);
    static const sim::http::EventStream event_stream(events, {});
    static const std::string base_url = "http://127.0.0.1:8080";
    static sim::waits::Waiters waiters(0);
    sim::Options options;
    options.log = nullptr;
    sim::World world(std::make_shared<const Scenario>(std::move(scenario)), options,
                     sim::World::Shared{base_url, events, event_stream, waiters}, [](std::shared_ptr<const Scenario>) {});
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    ParseResult parsed = parse_scenario(text);
    check_problems(text, parsed.problems);
    if (parsed.problems.empty()) use(std::move(parsed.scenario));
    return 0;
}
