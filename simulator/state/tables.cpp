// Each table's columns, in the schema's order, and how each value is written and read back.
// A value no connectel-sim writes throws std::runtime_error: StateFile::load calls the file corrupt.
#include "state/tables.hpp"

#include <nlohmann/json.hpp>

namespace sim::state {

namespace {

// Written by hand rather than built as a JSON value first: every change of every message
// writes it.
std::string history_json(const std::vector<gateway::StatusChange>& history) {
    std::string out = "[";
    for (const auto& change : history) {
        if (out.size() > 1) out += ',';
        out += R"({"at_us":)";
        out += std::to_string(micros(change.at));
        out += R"(,"status":")";
        out += connectel::status_str(change.status);
        out += R"(","desc":)";
        out += change.desc.empty() ? std::string(R"("")") : nlohmann::json(change.desc).dump();
        out += '}';
    }
    return out += ']';
}

std::vector<gateway::StatusChange> history_of(const std::string& text) {
    std::vector<gateway::StatusChange> history;
    for (const auto& change : nlohmann::json::parse(text)) {
        const auto status = connectel::parse_status_str(change.at("status").get<std::string>());
        if (!status) throw std::runtime_error("unknown status " + change.at("status").dump());
        history.push_back(
            {time_of(change.at("at_us").get<std::int64_t>()), *status, change.at("desc").get<std::string>()});
    }
    if (history.empty()) throw std::runtime_error("a message with no status");
    return history;
}

// An enumeration's column, by the names to_string gives its values.
template <class Enum>
Enum named(const std::string& text, std::initializer_list<Enum> values, const char* what) {
    for (const Enum value : values)
        if (const char* name = callbacks::to_string(value); name && text == name) return value;
    throw std::runtime_error(std::string("unknown ") + what + " '" + text + "'");
}

template <class Row, auto... Path>
Column<Row> kind_column(const char* name) {
    return {
        name,
        [](Statement& s, int p, const Row& row) { s.bind(p, callbacks::to_string(member<Path...>(row))); },
        [](const Statement& s, int c, Row& row) {
            member<Path...>(row) =
                named(s.text(c), {callbacks::Kind::Dlr, callbacks::Kind::Inbound}, "callback kind");
        }};
}

// An injected fault: NULL for none.
template <class Row, auto... Path>
Column<Row> fault_column(const char* name) {
    using callbacks::Injected;
    return {name,
            [](Statement& s, int p, const Row& row) {
                if (const char* fault = callbacks::to_string(member<Path...>(row)))
                    s.bind(p, fault);
                else
                    s.bind(p, std::nullopt);
            },
            [](const Statement& s, int c, Row& row) {
                member<Path...>(row) =
                    s.is_null(c)
                        ? Injected::None
                        : named(s.text(c),
                                {Injected::Duplicate, Injected::Reorder, Injected::Delay, Injected::Early},
                                "callback fault");
            }};
}

// The row's number, which is also its id less one (the journal's and the attempts' ids).
template <class Row, auto... IdPath>
Column<Row> number_and_id_column() {
    return {"number",
            [](Statement& s, int p, const Row& row) { s.bind(p, static_cast<std::int64_t>(row.number)); },
            [](const Statement& s, int c, Row& row) {
                row.number = static_cast<std::uint64_t>(s.integer(c));
                member<IdPath...>(row) = row.number + 1;
            }};
}

const gateway::StatusChange& current(const SavedMessage& m) {
    return m.history.back();
}

}  // namespace

const Table<SavedMessage>& messages_table() {
    using M = SavedMessage;
    static const Table<M> table{
        "messages",
        {integer_column<M, &M::number>("number"),
         text_column<M, &M::request_id>("request_id"),
         integer_column<M, &M::bulk_number>("bulk_number"),
         text_column<M, &M::bulk_id>("bulk_id"),
         text_column<M, &M::key>("key"),
         text_column<M, &M::recipient>("recipient"),
         text_column<M, &M::sender>("sender"),
         text_column<M, &M::message>("message"),
         integer_column<M, &M::bulk>("bulk"),
         // What the history's last change says, for a query's sake: written, never read.
         {"status",
          [](Statement& s, int p, const M& m) { s.bind(p, connectel::status_str(current(m).status)); },
          nullptr, Rewrite::on_change},
         {"status_desc",
          [](Statement& s, int p, const M& m) { s.bind(p, std::string_view(current(m).desc)); }, nullptr,
          Rewrite::on_change},
         text_column<M, &M::token>("token"),
         text_column<M, &M::token_id>("token_id"),
         {"history", [](Statement& s, int p, const M& m) { s.bind(p, history_json(m.history)); },
          [](const Statement& s, int c, M& m) { m.history = history_of(s.text(c)); }, Rewrite::on_change},
         integer_column<M, &M::lifecycle_rule>("lifecycle_rule"),
         integer_column<M, &M::next_step>("next_step", Rewrite::on_change),
         integer_column<M, &M::reply_rule>("reply_rule", Rewrite::on_change),
         integer_column<M, &M::dlr_faults_rule>("dlr_faults_rule")}};
    return table;
}

const Table<SavedInbound>& inbound_table() {
    using I = SavedInbound;
    using R = gateway::InboundRecord;
    static const Table<I> table{
        "inbound",
        {integer_column<I, &I::number>("number"), text_column<I, &I::sms, &R::request_id>("request_id"),
         text_column<I, &I::sms, &R::from>("from_number"), text_column<I, &I::sms, &R::to>("to_number"),
         text_column<I, &I::sms, &R::message>("message"), text_column<I, &I::sms, &R::token>("token"),
         text_column<I, &I::sms, &R::token_id>("token_id"), time_column<I, &I::sms, &R::at>("at_us"),
         text_column<I, &I::sms, &R::origin>("origin")}};
    return table;
}

const Table<SavedCallback>& callbacks_table() {
    using S = SavedCallback;
    using C = callbacks::Callback;
    static const Table<S> table{
        "callbacks",
        {integer_column<S, &S::id>("id"), kind_column<S, &S::callback, &C::kind>("kind"),
         text_column<S, &S::callback, &C::url>("url"),
         text_column<S, &S::callback, &C::content_type>("content_type"),
         text_column<S, &S::callback, &C::body>("body"),
         text_column<S, &S::callback, &C::order_key>("order_key"),
         text_column<S, &S::callback, &C::token_id>("token_id"),
         fault_column<S, &S::callback, &C::fault>("fault"), integer_column<S, &S::attempts>("attempts"),
         time_column<S, &S::due>("due_us")}};
    return table;
}

const Table<SavedAttempt>& attempts_table() {
    using S = SavedAttempt;
    using A = callbacks::Attempt;
    static const Table<S> table{
        "callback_attempts",
        {number_and_id_column<S, &S::attempt, &A::id>(),
         integer_column<S, &S::attempt, &A::callback_id>("callback_id"),
         integer_column<S, &S::attempt, &A::number>("attempt"),
         kind_column<S, &S::attempt, &A::kind>("kind"),
         text_column<S, &S::attempt, &A::url>("url"),
         text_column<S, &S::attempt, &A::content_type>("content_type"),
         text_column<S, &S::attempt, &A::body>("body"),
         text_column<S, &S::attempt, &A::order_key>("order_key"),
         time_column<S, &S::attempt, &A::at>("at_us"),
         integer_column<S, &S::attempt, &A::http_status>("http_status"),
         text_column<S, &S::attempt, &A::result>("result"),
         {"latency_us",
          [](Statement& s, int p, const S& row) {
              s.bind(p, static_cast<std::int64_t>(row.attempt.latency_ms * 1000.0));
          },
          [](const Statement& s, int c, S& row) {
              row.attempt.latency_ms = static_cast<double>(s.integer(c)) / 1000.0;
          }},
         {"outcome",
          [](Statement& s, int p, const S& row) { s.bind(p, callbacks::to_string(row.attempt.outcome)); },
          [](const Statement& s, int c, S& row) {
              row.attempt.outcome =
                  named(s.text(c), {A::Outcome::Delivered, A::Outcome::WillRetry, A::Outcome::Failed},
                        "attempt outcome");
          }},
         time_column<S, &S::attempt, &A::retry_at>("retry_at_us"),
         text_column<S, &S::attempt, &A::token_id>("token_id"),
         fault_column<S, &S::attempt, &A::fault>("fault")}};
    return table;
}

const Table<SavedRequest>& requests_table() {
    using S = SavedRequest;
    using E = http::RequestJournal::Entry;
    static const Table<S> table{
        "requests",
        {number_and_id_column<S, &S::entry, &E::id>(), time_column<S, &S::entry, &E::at>("at_us"),
         text_column<S, &S::entry, &E::method>("method"), text_column<S, &S::entry, &E::path>("path"),
         text_column<S, &S::entry, &E::query>("query"),
         text_column<S, &S::entry, &E::content_type>("content_type"),
         text_column<S, &S::entry, &E::body>("body"), text_column<S, &S::entry, &E::token>("token"),
         integer_column<S, &S::entry, &E::authorization_header>("authorization_header"),
         integer_column<S, &S::entry, &E::status>("status"),
         integer_column<S, &S::entry, &E::body_bytes>("body_bytes")}};
    return table;
}

namespace {

template <auto... Path>
WorldEntry text_entry(const char* key) {
    return {key, [](const SavedWorld& w) { return member<Path...>(w); },
            [](const std::string& value, SavedWorld& w) { member<Path...>(w) = value; }};
}

template <auto... Path>
WorldEntry number_entry(const char* key) {
    return {key, [](const SavedWorld& w) { return std::to_string(member<Path...>(w)); },
            [](const std::string& value, SavedWorld& w) {
                member<Path...>(w) = static_cast<std::uint64_t>(std::stoull(value));
            }};
}

template <auto... Path>
WorldEntry time_entry(const char* key) {
    return {key, [](const SavedWorld& w) { return std::to_string(micros(member<Path...>(w))); },
            [](const std::string& value, SavedWorld& w) { member<Path...>(w) = time_of(std::stoll(value)); }};
}

}  // namespace

const std::vector<WorldEntry>& world_entries() {
    using W = SavedWorld;
    static const std::vector<WorldEntry> entries = {
        text_entry<&W::scenario_name>("scenario_name"),
        text_entry<&W::scenario_text>("scenario_text"),
        number_entry<&W::seed>("seed"),
        text_entry<&W::clock>("clock"),
        time_entry<&W::started>("started_us"),
        time_entry<&W::now>("now_us"),
        number_entry<&W::counters, &Counters::messages>("messages_end"),
        number_entry<&W::counters, &Counters::bulks>("bulks_end"),
        number_entry<&W::counters, &Counters::inbound>("inbound_end"),
        number_entry<&W::counters, &Counters::attempts>("attempts_end"),
        number_entry<&W::counters, &Counters::callbacks>("callbacks_end"),
        number_entry<&W::counters, &Counters::requests>("requests_end"),
        {"rule_uses", [](const W& w) { return nlohmann::json(w.rule_uses).dump(); },
         [](const std::string& value, W& w) {
             w.rule_uses = nlohmann::json::parse(value).get<std::vector<std::uint32_t>>();
         }},
    };
    return entries;
}

}  // namespace sim::state
