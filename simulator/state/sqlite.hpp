// A thin RAII layer over SQLite's C API: a connection, prepared statements and transactions,
// each error thrown as SqliteError with SQLite's own words. No ORM: the state file's SQL is
// written out where it is used (state_file.cpp), so the tables stay plain to read.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace sim::state {

class SqliteError : public std::runtime_error {
public:
    SqliteError(int code, const std::string& what) : std::runtime_error(what), code_(code) {}
    int code() const noexcept { return code_; }  // SQLITE_NOTADB, SQLITE_CORRUPT, ...

private:
    int code_;
};

class Statement;

class Database {
public:
    // Opens (creating when `create`) the file; throws SqliteError.
    Database(const std::string& path, bool create);
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    // Runs statements that return no rows.
    void exec(const std::string& sql);
    Statement prepare(std::string_view sql);
    // The first column of the first row of `sql`, if a row.
    std::optional<std::int64_t> integer(const std::string& sql);
    sqlite3* handle() const noexcept { return db_; }

private:
    sqlite3* db_ = nullptr;
};

// One prepared statement, reset for each use: bind(), then step() until it returns false.
class Statement {
public:
    Statement(sqlite3* db, std::string_view sql);
    ~Statement();
    Statement(Statement&& other) noexcept;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    Statement& operator=(Statement&&) = delete;

    // Parameters from 1, in the SQL's order. A text viewed is not copied: it must live until
    // the statement has run (a row's fields do). A string handed over (a temporary) is copied.
    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, std::string_view text);
    Statement& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
    Statement& bind(int index, std::string&& text);
    Statement& bind(int index, std::nullopt_t);
    template <class T>
    Statement& bind(int index, const std::optional<T>& value) {
        return value ? bind(index, *value) : bind(index, std::nullopt);
    }
    // A row ready to read: true; done: false (and the statement is reset for its next use).
    bool step();
    // Runs it to its end: for statements that return no rows.
    void run();

    bool is_null(int column) const;
    std::int64_t integer(int column) const;
    std::string text(int column) const;
    std::optional<std::int64_t> optional_integer(int column) const;

private:
    sqlite3* db_;
    sqlite3_stmt* stmt_ = nullptr;
};

// BEGIN IMMEDIATE ... COMMIT; rolled back when left without commit().
class Transaction {
public:
    explicit Transaction(Database& db) : db_(db) { db_.exec("BEGIN IMMEDIATE"); }
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit();

private:
    Database& db_;
    bool done_ = false;
};

}  // namespace sim::state
