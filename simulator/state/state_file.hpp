// The state file (--state FILE): an SQLite database in WAL mode, one table per store, plain to
// read with the sqlite3 shell. Opening it checks that it is ours, of a schema this build reads
// (migrating an older one), and whole, before anything is read or written: a file that is not
// is never touched.
#pragma once

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

#include "state/saved_state.hpp"

namespace sim::state {

// "FILE: what is wrong", as connectel-sim prints it before it exits with status 1.
class StateFileError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class StateFile {
public:
    // The schema this build writes; files of an older one are migrated when opened.
    static constexpr int schema_version = 2;
    // "CNTS": what marks an SQLite file as a connectel-sim state file (PRAGMA application_id).
    static constexpr int application_id = 0x434E5453;

    // Opens or creates `path`; throws StateFileError.
    explicit StateFile(std::string path);
    ~StateFile();
    StateFile(const StateFile&) = delete;
    StateFile& operator=(const StateFile&) = delete;

    const std::string& path() const noexcept { return path_; }
    // What it holds; nullopt for a file no world was written to yet. Throws StateFileError.
    std::optional<SavedState> load();
    // Writes the batch in one transaction: all of it or, if the process dies, none.
    void write(const Batch& batch);

private:
    struct Statements;
    void open_checked();
    void migrate(int from_version);
    [[noreturn]] void fail(const std::string& what) const;

    std::string path_;
    std::unique_ptr<class Database> db_;
    std::unique_ptr<Statements> statements_;  // prepared once, for write()
};

}  // namespace sim::state
