// The state file's SQL: opening and checking, migrating, reading back and writing batches.
#include "state/state_file.hpp"

#include <sys/stat.h>

#include <map>

#include "state/schema.hpp"
#include "state/sqlite.hpp"
#include "state/tables.hpp"

namespace sim::state {

namespace {

// One table's statements, prepared from its description once: a batch of ten thousand rows
// reuses them.
template <class Row>
struct PreparedTable {
    PreparedTable(Database& db, const Table<Row>& table)
        : table(table), insert(db.prepare(table.insert_sql())), remove(db.prepare(table.delete_sql())) {
        if (const std::string sql = table.update_sql(); !sql.empty()) update.emplace(db.prepare(sql));
    }

    // In the order TableChanges says: emptied, the front dropped, rows deleted, rows written,
    // rows updated.
    void write(Database& db, const TableChanges<Row>& changes) {
        const std::string from = std::string("DELETE FROM ") + table.name;
        if (changes.cleared) db.exec(from);
        if (changes.below > 0) db.exec(from + " WHERE " + table.key() + " < " + std::to_string(changes.below));
        for (const auto number : changes.deleted) remove.bind(1, static_cast<std::int64_t>(number)).run();
        for (const Row& row : changes.rows) table.write(insert, row);
        if (!changes.updated.empty() && !update)
            throw std::logic_error(std::string("no column of ") + table.name + " changes");
        for (const Row& row : changes.updated) table.write_update(*update, row);
    }

    const Table<Row>& table;
    Statement insert, remove;
    std::optional<Statement> update;  // for a table some of whose columns change
};

}  // namespace

struct StateFile::Statements {
    explicit Statements(Database& db)
        : world(db.prepare("INSERT OR REPLACE INTO simulator (key, value) VALUES (?1, ?2)")),
          messages(db, messages_table()),
          inbound(db, inbound_table()),
          callbacks(db, callbacks_table()),
          attempts(db, attempts_table()),
          requests(db, requests_table()) {}

    Statement world;
    PreparedTable<SavedMessage> messages;
    PreparedTable<SavedInbound> inbound;
    PreparedTable<SavedCallback> callbacks;
    PreparedTable<SavedAttempt> attempts;
    PreparedTable<SavedRequest> requests;
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

// False for a file no world was written to yet.
bool read_world(Database& db, SavedWorld& world) {
    std::map<std::string, std::string> values;
    Statement rows = db.prepare("SELECT key, value FROM simulator");
    while (rows.step()) values[rows.text(0)] = rows.text(1);
    if (!values.count("scenario_text")) return false;
    for (const WorldEntry& entry : world_entries()) {
        const auto value = values.find(entry.key);
        if (value == values.end()) throw std::runtime_error(std::string("no ") + entry.key + " in table simulator");
        entry.read(value->second, world);
    }
    return true;
}

}  // namespace

std::optional<SavedState> StateFile::load() {
    try {
        SavedState state;
        if (!read_world(*db_, state.world)) return std::nullopt;
        state.messages = messages_table().read_all(*db_);
        state.inbound = inbound_table().read_all(*db_);
        state.callbacks = callbacks_table().read_all(*db_);
        state.attempts = attempts_table().read_all(*db_);
        state.requests = requests_table().read_all(*db_);
        return state;
    } catch (const StateFileError&) {
        throw;
    } catch (const std::exception& e) {  // SqliteError, or a value no connectel-sim writes
        fail(std::string("corrupt: ") + e.what());
    }
}

void StateFile::write(const Batch& batch) {
    Statements& s = *statements_;
    Transaction transaction(*db_);
    s.messages.write(*db_, batch.messages);
    s.inbound.write(*db_, batch.inbound);
    s.callbacks.write(*db_, batch.callbacks);
    s.attempts.write(*db_, batch.attempts);
    s.requests.write(*db_, batch.requests);
    for (const WorldEntry& entry : world_entries()) s.world.bind(1, entry.key).bind(2, entry.write(batch.world)).run();
    transaction.commit();
}

}  // namespace sim::state
