// The simulator's domain events, as typed records: what GET /_sim/events tells (docs: the
// control API and event stream) and, in the same shape, what the control API's lists and
// details show. Each record lists its JSON members once, in key order (events/field_json.hpp):
// that list gives both its nlohmann view and its bytes on the hot path.
//
// A record looks at the publisher's state by reference where it can (a message, a notice, an
// attempt), so publishing one copies nothing; it is rendered at once, under the hub's lock.
#pragma once

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "callbacks/dispatcher.hpp"
#include "clock/scheduler.hpp"
#include "clock/sim_time.hpp"
#include "connectel/sms/options.hpp"
#include "connectel/status.hpp"
#include "events/event_hub.hpp"
#include "events/event_names.hpp"
#include "events/field_json.hpp"
#include "gateway/gateway.hpp"
#include "gateway/message.hpp"
#include "scenario/scenario.hpp"

namespace sim::events {

// One entry of a message's history.
struct StatusEntry {
    const gateway::StatusChange& change;

    template <class F>
    void fields(F&& f) const {
        f("at", Ascii{format_iso(change.at)});
        f("desc", change.desc);
        f("status", Ascii{connectel::status_str(change.status)});
        f("statusInt", connectel::status_int(change.status));
    }
};

// A message's status as lists and events show it: its name, description and code.
template <class F>
void current_status_fields(F& f, const gateway::StatusChange& change) {
    f("status", Ascii{connectel::status_str(change.status)});
    f("statusDesc", change.desc);
    f("statusInt", connectel::status_int(change.status));
}

// A message was accepted. Also the shape of GET /_sim/messages' items and of a message's
// detail (which adds its callbacks and text view).
struct MessageAccepted {
    static constexpr EventType type = EventType::MessageAccepted;
    gateway::MessageView message;  // references only: a copy costs seven pointers

    std::string_view token_id() const { return message.token_id; }

    template <class F>
    void fields(F&& f) const {
        const auto& m = message;
        const auto& current = m.current();
        const bool bulk = !m.bulk_id.empty();
        if (bulk) f("bulkid", m.bulk_id);
        f("characters", m.content.characters);
        f("encoding", Ascii{connectel::sms::to_string(m.content.encoding)});
        f("history", list_of<StatusEntry>(m.history));
        if (bulk) f("key", m.key);
        f("message", m.content.text());
        f("recipient", m.recipient);
        f("requestid", m.request_id);
        f("segments", m.content.segments);
        f("sender", m.content.sender());
        current_status_fields(f, current);
        f("tokenid", m.token_id);
    }
};

// A message's status changed.
struct StatusChanged {
    static constexpr EventType type = EventType::MessageStatus;
    gateway::StatusChangeNotice notice;  // references only

    std::string_view token_id() const { return notice.message.token_id; }

    template <class F>
    void fields(F&& f) const {
        const auto& m = notice.message;
        const auto& change = notice.change();
        f("at", Ascii{format_iso(change.at)});
        if (!m.bulk_id.empty()) f("bulkid", m.bulk_id);
        f("recipient", m.recipient);
        f("requestid", m.request_id);
        current_status_fields(f, change);
        f("tokenid", m.token_id);
    }
};

// An inbound SMS was received. Also GET /_sim/inbound's items and POST /_sim/inbound's answer.
struct InboundReceived {
    static constexpr EventType type = EventType::Inbound;
    const gateway::InboundRecord& sms;

    std::string_view token_id() const { return sms.token_id; }

    template <class F>
    void fields(F&& f) const {
        f("at", Ascii{format_iso(sms.at)});
        f("from", sms.from);
        f("message", sms.message);
        f("origin", sms.origin);
        f("requestid", sms.request_id);
        f("to", sms.to);
        f("tokenid", sms.token_id);
    }
};

// The payload of a callback as its receiver got it: parsed when JSON or a form, else the text.
nlohmann::json callback_payload(const callbacks::Attempt& attempt);

// A callback attempt ended. Also GET /_sim/callbacks' items and a message detail's callbacks.
struct CallbackAttempted {
    static constexpr EventType type = EventType::CallbackAttempt;
    const callbacks::Attempt& attempt;

    std::string_view token_id() const { return attempt.token_id; }

    template <class F>
    void fields(F&& f) const {
        const auto& a = attempt;
        f("at", Ascii{format_iso(a.at)});
        f("attempt", a.number);
        f("callback", a.callback_id);
        f("contentType", a.content_type);
        if (const char* fault = callbacks::to_string(a.fault)) f("fault", Ascii{fault});
        else f("fault", nullptr);
        f("httpStatus", a.http_status);
        f("id", a.id);
        f("kind", Ascii{callbacks::to_string(a.kind)});
        f("latencyMs", a.latency_ms);
        f("outcome", Ascii{callbacks::to_string(a.outcome)});
        f("payload", callback_payload(a));
        f("requestid", a.order_key);
        f("result", a.result);
        if (a.retry_at) f("retryAt", Ascii{format_iso(*a.retry_at)});
        else f("retryAt", nullptr);
        f("tokenid", a.token_id);
        f("url", a.url);
    }
};

// The clock as it stands, taken at once (the clock event and GET /_sim/clock show the same).
struct ClockMoved {
    static constexpr EventType type = EventType::Clock;
    const char* clock;  // "virtual", "scaled" or "real"
    double speed;
    Time now;
    std::size_t pending;

    static ClockMoved of(const Scheduler& scheduler);

    template <class F>
    void fields(F&& f) const {
        f("clock", Ascii{clock});
        f("now", Ascii{format_iso(now)});
        f("pending", pending);
        f("speed", speed);
    }
};

// POST /_sim/reset forgot every message, callback and request: an empty object; or, with
// ?tokenid= or ?token=, one token's: its id.
struct Reset {
    static constexpr EventType type = EventType::Reset;
    std::string_view token;  // the token id; empty: every token's

    std::string_view token_id() const { return token; }

    template <class F>
    void fields(F&& f) const {
        if (!token.empty()) f("tokenid", token);
    }
};

// A scenario replaced the world: its name, description and file.
struct ScenarioLoaded {
    static constexpr EventType type = EventType::ScenarioLoaded;
    const scenario::Scenario& scenario;

    template <class F>
    void fields(F&& f) const {
        f("description", scenario.description);
        f("file", scenario.source_name);
        f("name", scenario.name);
    }
};

// One token of GET /_sim/scenario.
struct TokenShown {
    const scenario::TokenSettings& token;

    template <class F>
    void fields(F&& f) const {
        static const std::vector<std::string> no_numbers;
        const auto& [dlr, inbound] = token.callbacks;
        if (dlr) f("dlrUrl", dlr->url);
        else f("dlrUrl", nullptr);
        f("id", token.id);
        if (inbound) f("inboundUrl", inbound->target.url);
        else f("inboundUrl", nullptr);
        f("numbers", inbound ? inbound->numbers : no_numbers);
    }
};

// GET /_sim/scenario: the loaded scenario with its text and tokens, and the clock it runs on
// (the command line's --clock may override the file's).
struct ScenarioDetail {
    const scenario::Scenario& scenario;
    const char* clock;

    template <class F>
    void fields(F&& f) const {
        f("clock", Ascii{clock});
        ScenarioLoaded{scenario}.fields(f);  // description, file, name
        f("source", scenario.source_text);
        if (scenario.tokens) f("tokens", list_of<TokenShown>(*scenario.tokens));
        else f("tokens", nullptr);
    }
};

// Where a token's callbacks go (GET /_sim/tokens' items), and where each setting comes from:
// "scenario", "command line" (the default entry's flags), "run time" (a control call), or
// "default" (taken from the default entry, as the token has none of its own).
struct TokenSettingsShown {
    const gateway::Gateway::TokenEntry& token;

    static const char* source(const gateway::Gateway::TokenEntry& t, bool own) {
        if (!own) return "default";
        if (t.set_at_run_time) return "run time";
        return t.is_default ? "command line" : "scenario";
    }

    struct Target {
        const scenario::CallbackTarget& target;
        const std::vector<std::string>* numbers;  // an inbound target's
        const char* from;

        template <class F>
        void fields(F&& f) const {
            f("format", Ascii{target.format == scenario::PayloadFormat::Form ? "form" : "json"});
            f("from", Ascii{from});
            if (numbers) f("numbers", *numbers);
            f("url", target.url);
        }
    };

    template <class F>
    void fields(F&& f) const {
        static const std::vector<std::string> none;
        const auto& t = token;
        f("default", t.is_default);
        if (t.effective.dlr) f("dlr", Target{*t.effective.dlr, nullptr, source(t, t.own.dlr.has_value())});
        else f("dlr", nullptr);
        f("id", t.id);
        // A token that takes the default's inbound URL has no numbers of its own: those are the default's.
        if (t.effective.inbound)
            f("inbound", Target{t.effective.inbound->target, t.own.inbound ? &t.own.inbound->numbers : &none,
                                source(t, t.own.inbound.has_value())});
        else f("inbound", nullptr);
        f("listed", t.listed);
    }
};

// A control call changed where a token's callbacks go: the token, as GET /_sim/tokens shows it.
struct TokenChanged {
    static constexpr EventType type = EventType::TokenChanged;
    const gateway::Gateway::TokenEntry& token;

    std::string_view token_id() const { return token.id; }

    template <class F>
    void fields(F&& f) const {
        TokenSettingsShown{token}.fields(f);
    }
};

// Told by the stream to a reader that asked for events no longer kept: the oldest one kept.
struct Resync {
    static constexpr EventType type = EventType::Resync;
    std::uint64_t oldest;

    template <class F>
    void fields(F&& f) const {
        f("oldest", oldest);
    }
};

// The token an event is about (its token_id()), or none.
template <class Event, class = void>
struct TokenOf {
    static std::string_view of(const Event&) { return {}; }
};
template <class Event>
struct TokenOf<Event, std::void_t<decltype(std::declval<const Event&>().token_id())>> {
    static std::string_view of(const Event& event) { return event.token_id(); }
};

// Publishes a domain event under its name: written once, on the hub's hot path.
template <class Event>
std::uint64_t publish(EventHub& hub, const Event& event) {
    return hub.publish(
        event_name(Event::type), [&event](std::string& out) { append_fields(out, event); }, TokenOf<Event>::of(event));
}

}  // namespace sim::events
