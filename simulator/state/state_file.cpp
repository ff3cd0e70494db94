// The state file's SQL: opening and checking, migrating, reading back and writing batches.
#include "state/state_file.hpp"

#include <nlohmann/json.hpp>
#include <sys/stat.h>

#include "state/schema.hpp"
#include "state/sqlite.hpp"

namespace sim::state {

namespace {

std::int64_t micros(Time t) { return t.time_since_epoch().count(); }
Time time_of(std::int64_t us) { return Time(Duration(us)); }

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
        history.push_back({time_of(change.at("at_us").get<std::int64_t>()), *status,
                           change.at("desc").get<std::string>()});
    }
    if (history.empty()) throw std::runtime_error("a message with no status");
    return history;
}

callbacks::Kind kind_of(const std::string& text) {
    if (text == "dlr") return callbacks::Kind::Dlr;
    if (text == "inbound") return callbacks::Kind::Inbound;
    throw std::runtime_error("unknown callback kind '" + text + "'");
}

std::optional<std::string> fault_text(callbacks::Injected fault) {
    if (const char* name = callbacks::to_string(fault)) return std::string(name);
    return std::nullopt;
}

callbacks::Injected fault_of(const Statement& row, int column) {
    if (row.is_null(column)) return callbacks::Injected::None;
    const std::string text = row.text(column);
    for (auto fault : {callbacks::Injected::Duplicate, callbacks::Injected::Reorder, callbacks::Injected::Delay,
                       callbacks::Injected::Early})
        if (text == callbacks::to_string(fault)) return fault;
    throw std::runtime_error("unknown callback fault '" + text + "'");
}

callbacks::Attempt::Outcome outcome_of(const std::string& text) {
    using Outcome = callbacks::Attempt::Outcome;
    for (auto outcome : {Outcome::Delivered, Outcome::WillRetry, Outcome::Failed})
        if (text == callbacks::to_string(outcome)) return outcome;
    throw std::runtime_error("unknown attempt outcome '" + text + "'");
}

std::optional<std::int64_t> optional_micros(const std::optional<Time>& t) {
    if (!t) return std::nullopt;
    return micros(*t);
}

template <class T>
std::optional<std::int64_t> widened(const std::optional<T>& value) {
    if (!value) return std::nullopt;
    return static_cast<std::int64_t>(*value);
}

template <class T>
std::optional<T> narrowed(const std::optional<std::int64_t>& value) {
    if (!value) return std::nullopt;
    return static_cast<T>(*value);
}

}  // namespace

// Prepared once: a batch of ten thousand rows reuses them.
struct StateFile::Statements {
    explicit Statements(Database& db)
        : world(db.prepare("INSERT OR REPLACE INTO simulator (key, value) VALUES (?1, ?2)")),
          // A message's change rewrites only what changes: its row keeps its place, and the
          // recipient index is not touched.
          message(db.prepare(
              "INSERT INTO messages (number, request_id, bulk_number, bulk_id, key, recipient, sender,"
              " message, bulk, status, status_desc, token, token_id, history, lifecycle_rule, next_step, reply_rule,"
              " dlr_faults_rule) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,"
              " ?18) ON CONFLICT (number) DO UPDATE SET status = excluded.status, status_desc ="
              " excluded.status_desc, history = excluded.history, next_step = excluded.next_step, reply_rule ="
              " excluded.reply_rule")),
          inbound(db.prepare(
              "INSERT OR REPLACE INTO inbound (number, request_id, from_number, to_number, message, token, token_id,"
              " at_us, origin) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)")),
          callback(db.prepare(
              "INSERT OR REPLACE INTO callbacks (id, kind, url, content_type, body, order_key, token_id, fault,"
              " attempts, due_us) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)")),
          attempt(db.prepare(
              "INSERT OR REPLACE INTO callback_attempts (number, callback_id, attempt, kind, url, content_type, body,"
              " order_key, at_us, http_status, result, latency_us, outcome, retry_at_us, token_id, fault) VALUES"
              " (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)")),
          request(db.prepare(
              "INSERT OR REPLACE INTO requests (number, at_us, method, path, query, content_type, body, token,"
              " authorization_header, status, body_bytes) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)")),
          delete_message(db.prepare("DELETE FROM messages WHERE number = ?1")),
          delete_inbound(db.prepare("DELETE FROM inbound WHERE number = ?1")),
          delete_callback(db.prepare("DELETE FROM callbacks WHERE id = ?1")),
          delete_attempt(db.prepare("DELETE FROM callback_attempts WHERE number = ?1")),
          delete_request(db.prepare("DELETE FROM requests WHERE number = ?1")) {}

    Statement world, message, inbound, callback, attempt, request;
    Statement delete_message, delete_inbound, delete_callback, delete_attempt, delete_request;
};

StateFile::StateFile(std::string path) : path_(std::move(path)) {
    struct stat info {};
    if (::stat(path_.c_str(), &info) == 0 && !S_ISREG(info.st_mode)) fail("not a regular file");
    try {
        db_ = std::make_unique<Database>(path_, true);
        open_checked();
        statements_ = std::make_unique<Statements>(*db_);
    } catch (const SqliteError& e) {
        if (e.code() == SQLITE_NOTADB) fail("not an SQLite database, so not a connectel-sim state file");
        if (e.code() == SQLITE_CORRUPT) fail(std::string("corrupt: ") + e.what());
        fail(e.what());
    }
}

StateFile::~StateFile() = default;

void StateFile::fail(const std::string& what) const { throw StateFileError(path_ + ": " + what); }

// Checks before anything is written: an SQLite file that is someone else's, or of a newer
// schema, or damaged, is left exactly as it is.
void StateFile::open_checked() {
    const auto id = db_->integer("PRAGMA application_id").value_or(0);
    const auto version = db_->integer("PRAGMA user_version").value_or(0);
    const auto objects = db_->integer("SELECT count(*) FROM sqlite_master").value_or(0);
    if (id != application_id) {
        if (id != 0 || objects != 0 || version != 0)
            fail("an SQLite database, but not a connectel-sim state file (it has tables of its own)");
    }
    if (version > schema_version)
        fail("written by a newer connectel-sim (schema version " + std::to_string(version) + "; this one reads up to " +
             std::to_string(schema_version) + ")");
    Statement check = db_->prepare("PRAGMA quick_check");
    while (check.step())
        if (const std::string line = check.text(0); line != "ok") fail("corrupt: " + line);
    db_->exec("PRAGMA journal_mode = WAL");
    // WAL with synchronous NORMAL: a committed batch survives the process dying at any moment
    // (the OS holds it); only a power cut may lose the last ones, never the file's consistency.
    db_->exec("PRAGMA synchronous = NORMAL");
    if (version < schema_version) migrate(static_cast<int>(version));
}

void StateFile::migrate(int from_version) {
    Transaction transaction(*db_);
    const auto& steps = migrations();
    for (int v = from_version; v < schema_version; ++v) db_->exec(steps[static_cast<std::size_t>(v)]);
    db_->exec("PRAGMA application_id = " + std::to_string(application_id));
    db_->exec("PRAGMA user_version = " + std::to_string(schema_version));
    transaction.commit();
}

namespace {

void read_world(Database& db, SavedWorld& world, bool& found) {
    Statement rows = db.prepare("SELECT key, value FROM simulator");
    nlohmann::json values = nlohmann::json::object();
    while (rows.step()) values[rows.text(0)] = rows.text(1);
    found = values.contains("scenario_text");
    if (!found) return;
    const auto number = [&](const char* key) -> std::int64_t { return std::stoll(values.at(key).get<std::string>()); };
    const auto unsigned_number = [&](const char* key) {
        return static_cast<std::uint64_t>(std::stoull(values.at(key).get<std::string>()));
    };
    world.scenario_name = values.at("scenario_name").get<std::string>();
    world.scenario_text = values.at("scenario_text").get<std::string>();
    world.seed = unsigned_number("seed");
    world.clock = values.at("clock").get<std::string>();
    world.started = time_of(number("started_us"));
    world.now = time_of(number("now_us"));
    world.counters = {unsigned_number("messages_end"), unsigned_number("bulks_end"),  unsigned_number("inbound_end"),
                      unsigned_number("attempts_end"), unsigned_number("callbacks_end"), unsigned_number("requests_end")};
    world.rule_uses = nlohmann::json::parse(values.at("rule_uses").get<std::string>()).get<std::vector<std::uint32_t>>();
}

void read_messages(Database& db, std::vector<SavedMessage>& out) {
    Statement row = db.prepare(
        "SELECT number, request_id, bulk_number, bulk_id, key, recipient, sender, message, bulk, token, token_id,"
        " history, lifecycle_rule, next_step, reply_rule, dlr_faults_rule FROM messages ORDER BY number");
    while (row.step()) {
        SavedMessage& m = out.emplace_back();
        m.number = static_cast<std::uint64_t>(row.integer(0));
        m.request_id = row.text(1);
        m.bulk_number = narrowed<std::uint64_t>(row.optional_integer(2));
        m.bulk_id = row.text(3);
        m.key = row.text(4);
        m.recipient = row.text(5);
        m.sender = row.text(6);
        m.message = row.text(7);
        m.bulk = row.integer(8) != 0;
        m.token = row.text(9);
        m.token_id = row.text(10);
        m.history = history_of(row.text(11));
        m.lifecycle_rule = narrowed<std::uint32_t>(row.optional_integer(12));
        m.next_step = narrowed<std::uint32_t>(row.optional_integer(13));
        m.reply_rule = narrowed<std::uint32_t>(row.optional_integer(14));
        m.dlr_faults_rule = narrowed<std::uint32_t>(row.optional_integer(15));
    }
}

void read_inbound(Database& db, std::vector<SavedInbound>& out) {
    Statement row = db.prepare(
        "SELECT number, request_id, from_number, to_number, message, token, token_id, at_us, origin FROM inbound"
        " ORDER BY number");
    while (row.step()) {
        SavedInbound& saved = out.emplace_back();
        saved.number = static_cast<std::uint64_t>(row.integer(0));
        saved.sms = {row.text(1), row.text(2), row.text(3), row.text(4), row.text(5), row.text(6),
                     time_of(row.integer(7)), row.text(8)};
    }
}

void read_callbacks(Database& db, std::vector<SavedCallback>& out) {
    Statement row = db.prepare(
        "SELECT id, kind, url, content_type, body, order_key, token_id, fault, attempts, due_us FROM callbacks"
        " ORDER BY id");
    while (row.step()) {
        SavedCallback& saved = out.emplace_back();
        saved.id = static_cast<std::uint64_t>(row.integer(0));
        saved.callback = {kind_of(row.text(1)), row.text(2), row.text(3), row.text(4), row.text(5), row.text(6),
                          fault_of(row, 7)};
        saved.attempts = static_cast<unsigned>(row.integer(8));
        if (const auto due = row.optional_integer(9)) saved.due = time_of(*due);
    }
}

void read_attempts(Database& db, std::vector<SavedAttempt>& out) {
    Statement row = db.prepare(
        "SELECT number, callback_id, attempt, kind, url, content_type, body, order_key, at_us, http_status, result,"
        " latency_us, outcome, retry_at_us, token_id, fault FROM callback_attempts ORDER BY number");
    while (row.step()) {
        SavedAttempt& saved = out.emplace_back();
        saved.number = static_cast<std::uint64_t>(row.integer(0));
        callbacks::Attempt& a = saved.attempt;
        a.callback_id = static_cast<std::uint64_t>(row.integer(1));
        a.number = static_cast<unsigned>(row.integer(2));
        a.kind = kind_of(row.text(3));
        a.url = row.text(4);
        a.content_type = row.text(5);
        a.body = row.text(6);
        a.order_key = row.text(7);
        a.at = time_of(row.integer(8));
        a.http_status = static_cast<int>(row.integer(9));
        a.result = row.text(10);
        a.latency_ms = static_cast<double>(row.integer(11)) / 1000.0;
        a.outcome = outcome_of(row.text(12));
        if (const auto retry = row.optional_integer(13)) a.retry_at = time_of(*retry);
        a.id = saved.number + 1;
        a.token_id = row.text(14);
        a.fault = fault_of(row, 15);
    }
}

void read_requests(Database& db, std::vector<SavedRequest>& out) {
    Statement row = db.prepare(
        "SELECT number, at_us, method, path, query, content_type, body, token, authorization_header, status,"
        " body_bytes FROM requests ORDER BY number");
    while (row.step()) {
        SavedRequest& saved = out.emplace_back();
        saved.number = static_cast<std::uint64_t>(row.integer(0));
        saved.entry = {saved.number + 1, time_of(row.integer(1)), row.text(2), row.text(3), row.text(4), row.text(5),
                       row.text(6), row.text(7), row.integer(8) != 0, static_cast<int>(row.integer(9)),
                       static_cast<std::size_t>(row.integer(10))};
    }
}

}  // namespace

std::optional<SavedState> StateFile::load() {
    try {
        SavedState state;
        bool found = false;
        read_world(*db_, state.world, found);
        if (!found) return std::nullopt;
        read_messages(*db_, state.messages);
        read_inbound(*db_, state.inbound);
        read_callbacks(*db_, state.callbacks);
        read_attempts(*db_, state.attempts);
        read_requests(*db_, state.requests);
        return state;
    } catch (const StateFileError&) {
        throw;
    } catch (const std::exception& e) {  // SqliteError, or a value no connectel-sim writes
        fail(std::string("corrupt: ") + e.what());
    }
}

namespace {

template <class Row, class Write>
void write_table(Database& db, const char* table, const char* key, const TableChanges<Row>& changes,
                 Statement& remove, Write&& write) {
    if (changes.cleared) db.exec(std::string("DELETE FROM ") + table);
    if (changes.below > 0)
        db.exec(std::string("DELETE FROM ") + table + " WHERE " + key + " < " + std::to_string(changes.below));
    for (const auto number : changes.deleted) remove.bind(1, static_cast<std::int64_t>(number)).run();
    for (const Row& row : changes.rows) write(row);
}

}  // namespace

void StateFile::write(const Batch& batch) {
    Statements& s = *statements_;
    Transaction transaction(*db_);
    write_table(*db_, "messages", "number", batch.messages, s.delete_message, [&](const SavedMessage& m) {
        const auto& current = m.history.back();
        s.message.bind(1, static_cast<std::int64_t>(m.number))
            .bind(2, m.request_id)
            .bind(3, widened(m.bulk_number))
            .bind(4, m.bulk_id)
            .bind(5, m.key)
            .bind(6, m.recipient)
            .bind(7, m.sender)
            .bind(8, m.message)
            .bind(9, std::int64_t{m.bulk})
            .bind(10, connectel::status_str(current.status))
            .bind(11, current.desc)
            .bind(12, m.token)
            .bind(13, m.token_id)
            .bind(14, history_json(m.history))
            .bind(15, widened(m.lifecycle_rule))
            .bind(16, widened(m.next_step))
            .bind(17, widened(m.reply_rule))
            .bind(18, widened(m.dlr_faults_rule))
            .run();
    });
    write_table(*db_, "inbound", "number", batch.inbound, s.delete_inbound, [&](const SavedInbound& i) {
        s.inbound.bind(1, static_cast<std::int64_t>(i.number))
            .bind(2, i.sms.request_id)
            .bind(3, i.sms.from)
            .bind(4, i.sms.to)
            .bind(5, i.sms.message)
            .bind(6, i.sms.token)
            .bind(7, i.sms.token_id)
            .bind(8, micros(i.sms.at))
            .bind(9, i.sms.origin)
            .run();
    });
    write_table(*db_, "callbacks", "id", batch.callbacks, s.delete_callback, [&](const SavedCallback& c) {
        s.callback.bind(1, static_cast<std::int64_t>(c.id))
            .bind(2, callbacks::to_string(c.callback.kind))
            .bind(3, c.callback.url)
            .bind(4, c.callback.content_type)
            .bind(5, c.callback.body)
            .bind(6, c.callback.order_key)
            .bind(7, c.callback.token_id)
            .bind(8, fault_text(c.callback.fault))
            .bind(9, std::int64_t{c.attempts})
            .bind(10, optional_micros(c.due))
            .run();
    });
    write_table(*db_, "callback_attempts", "number", batch.attempts, s.delete_attempt, [&](const SavedAttempt& saved) {
        const callbacks::Attempt& a = saved.attempt;
        s.attempt.bind(1, static_cast<std::int64_t>(saved.number))
            .bind(2, static_cast<std::int64_t>(a.callback_id))
            .bind(3, std::int64_t{a.number})
            .bind(4, callbacks::to_string(a.kind))
            .bind(5, a.url)
            .bind(6, a.content_type)
            .bind(7, a.body)
            .bind(8, a.order_key)
            .bind(9, micros(a.at))
            .bind(10, std::int64_t{a.http_status})
            .bind(11, a.result)
            .bind(12, static_cast<std::int64_t>(a.latency_ms * 1000.0))
            .bind(13, callbacks::to_string(a.outcome))
            .bind(14, optional_micros(a.retry_at))
            .bind(15, a.token_id)
            .bind(16, fault_text(a.fault))
            .run();
    });
    write_table(*db_, "requests", "number", batch.requests, s.delete_request, [&](const SavedRequest& r) {
        const http::RequestJournal::Entry& e = r.entry;
        s.request.bind(1, static_cast<std::int64_t>(r.number))
            .bind(2, micros(e.at))
            .bind(3, e.method)
            .bind(4, e.path)
            .bind(5, e.query)
            .bind(6, e.content_type)
            .bind(7, e.body)
            .bind(8, e.token)
            .bind(9, std::int64_t{e.authorization_header})
            .bind(10, std::int64_t{e.status})
            .bind(11, static_cast<std::int64_t>(e.body_bytes))
            .run();
    });
    const SavedWorld& w = batch.world;
    const auto put = [&](const char* key, const std::string& value) { s.world.bind(1, key).bind(2, value).run(); };
    put("scenario_name", w.scenario_name);
    put("scenario_text", w.scenario_text);
    put("seed", std::to_string(w.seed));
    put("clock", w.clock);
    put("started_us", std::to_string(micros(w.started)));
    put("now_us", std::to_string(micros(w.now)));
    put("messages_end", std::to_string(w.counters.messages));
    put("bulks_end", std::to_string(w.counters.bulks));
    put("inbound_end", std::to_string(w.counters.inbound));
    put("attempts_end", std::to_string(w.counters.attempts));
    put("callbacks_end", std::to_string(w.counters.callbacks));
    put("requests_end", std::to_string(w.counters.requests));
    put("rule_uses", nlohmann::json(w.rule_uses).dump());
    transaction.commit();
}

}  // namespace sim::state
