// The names of the events of GET /_sim/events, the one table of them: the C++ publishers use
// it, and the web page imports it as /ui/event-types.js, written from it at build time
// (write_event_types_js.cpp), so the page cannot drift from the stream.
#pragma once

#include <cstddef>
#include <iterator>
#include <string>
#include <string_view>

namespace sim::events {

enum class EventType : unsigned char {
    MessageAccepted,
    MessageStatus,
    CallbackAttempt,
    Inbound,
    Clock,
    Reset,
    ScenarioLoaded,
    TokenChanged,
    Resync,  // written by the stream itself, to a reader that lost events (http/control_api/event_stream.cpp)
};

struct EventName {
    EventType type;
    std::string_view name;  // on the wire, the `event:` line
    std::string_view key;   // in the page's EVENT object
};

inline constexpr EventName event_names[] = {
    {EventType::MessageAccepted, "message.accepted", "messageAccepted"},
    {EventType::MessageStatus, "message.status", "messageStatus"},
    {EventType::CallbackAttempt, "callback.attempt", "callbackAttempt"},
    {EventType::Inbound, "inbound", "inbound"},
    {EventType::Clock, "clock", "clock"},
    {EventType::Reset, "reset", "reset"},
    {EventType::ScenarioLoaded, "scenario.loaded", "scenarioLoaded"},
    {EventType::TokenChanged, "token.changed", "tokenChanged"},
    {EventType::Resync, "resync", "resync"},
};

constexpr bool names_in_enum_order() {
    for (std::size_t i = 0; i < std::size(event_names); ++i)
        if (static_cast<std::size_t>(event_names[i].type) != i) return false;
    return true;
}
static_assert(names_in_enum_order(), "event_names lists every EventType once, in the enum's order");
static_assert(std::size(event_names) == static_cast<std::size_t>(EventType::Resync) + 1);

constexpr std::string_view event_name(EventType type) { return event_names[static_cast<std::size_t>(type)].name; }

// The page's module: `EVENT.messageAccepted` is "message.accepted", ...; EVENT_TYPES lists them.
inline std::string event_types_module() {
    std::string js =
        "// The names of the events of /_sim/events, written at build time from the simulator's table\n"
        "// (simulator/events/event_names.hpp): not a file in the source tree.\n"
        "export const EVENT = Object.freeze({\n";
    for (const auto& entry : event_names) {
        js += "  ";
        js += entry.key;
        js += ": '";
        js += entry.name;
        js += "',\n";
    }
    js += "});\n\nexport const EVENT_TYPES = Object.freeze(Object.values(EVENT));\n";
    return js;
}

}  // namespace sim::events
