#include "state/sqlite.hpp"

#include <utility>

namespace sim::state {

namespace {

[[noreturn]] void fail(sqlite3* db, int code) {
    throw SqliteError(code, db ? sqlite3_errmsg(db) : sqlite3_errstr(code));
}

// SQLite counts every allocation under a global mutex unless told not to, before it starts:
// the state writer allocates for each row, and nothing here reads the counts.
void configure_once() {
    static const bool configured = [] {
        sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
        return true;
    }();
    (void)configured;
}

}  // namespace

Database::Database(const std::string& path, bool create) {
    configure_once();
    const int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX;
    const int code = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
    if (code != SQLITE_OK) {
        const std::string what = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(code);
        sqlite3_close(db_);
        db_ = nullptr;
        throw SqliteError(code, what);
    }
    sqlite3_extended_result_codes(db_, 0);
}

Database::~Database() { sqlite3_close(db_); }

void Database::exec(const std::string& sql) {
    const int code = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr);
    if (code != SQLITE_OK) fail(db_, code);
}

Statement Database::prepare(std::string_view sql) { return Statement(db_, sql); }

std::optional<std::int64_t> Database::integer(const std::string& sql) {
    Statement statement(db_, sql);
    if (!statement.step()) return std::nullopt;
    auto value = statement.optional_integer(0);
    while (statement.step()) {
    }
    return value;
}

Statement::Statement(sqlite3* db, std::string_view sql) : db_(db) {
    const int code = sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr);
    if (code != SQLITE_OK) fail(db, code);
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

Statement::Statement(Statement&& other) noexcept : db_(other.db_), stmt_(std::exchange(other.stmt_, nullptr)) {}

Statement& Statement::bind(int index, std::int64_t value) {
    if (const int code = sqlite3_bind_int64(stmt_, index, value); code != SQLITE_OK) fail(db_, code);
    return *this;
}

Statement& Statement::bind(int index, std::string_view text) {
    // SQLITE_STATIC: no copy of each text; it must outlive the step (see the header).
    if (const int code = sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
        code != SQLITE_OK)
        fail(db_, code);
    return *this;
}

Statement& Statement::bind(int index, std::string&& text) {
    if (const int code =
            sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
        code != SQLITE_OK)
        fail(db_, code);
    return *this;
}

Statement& Statement::bind(int index, std::nullopt_t) {
    if (const int code = sqlite3_bind_null(stmt_, index); code != SQLITE_OK) fail(db_, code);
    return *this;
}

bool Statement::step() {
    const int code = sqlite3_step(stmt_);
    if (code == SQLITE_ROW) return true;
    sqlite3_reset(stmt_);
    if (code != SQLITE_DONE) fail(db_, code);
    sqlite3_clear_bindings(stmt_);
    return false;
}

void Statement::run() {
    while (step()) {
    }
}

bool Statement::is_null(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

std::int64_t Statement::integer(int column) const { return sqlite3_column_int64(stmt_, column); }

std::string Statement::text(int column) const {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
    return text ? std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column))) : std::string();
}

std::optional<std::int64_t> Statement::optional_integer(int column) const {
    if (is_null(column)) return std::nullopt;
    return integer(column);
}

Transaction::~Transaction() {
    if (!done_) {
        try {
            db_.exec("ROLLBACK");
        } catch (const SqliteError&) {
            // The transaction failed and SQLite rolled it back already.
        }
    }
}

void Transaction::commit() {
    db_.exec("COMMIT");
    done_ = true;
}

}  // namespace sim::state
