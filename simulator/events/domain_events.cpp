// The parts of the domain events' field lists that are not one member each.
#include "events/domain_events.hpp"

#include "connectel/form.hpp"

namespace sim::events {

nlohmann::json callback_payload(const callbacks::Attempt& attempt) {
    using nlohmann::json;
    if (attempt.content_type == "application/json") {
        json payload = json::parse(attempt.body, nullptr, false);
        if (!payload.is_discarded()) return payload;
    } else if (const auto fields = connectel::form::parse(attempt.body)) {
        json payload = json::object();
        for (const auto& [name, value] : *fields) payload[name] = value;
        return payload;
    }
    return attempt.body;
}

ClockMoved ClockMoved::of(const Scheduler& scheduler) {
    const auto& setting = scheduler.setting();
    return {to_string(setting.kind), setting.speed, scheduler.now(), scheduler.pending()};
}

}  // namespace sim::events
