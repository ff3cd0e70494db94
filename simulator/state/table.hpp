// A state file table described once: its columns in order, each saying how a row's value is
// bound for writing and read back. The description builds the INSERT, DELETE and SELECT, and
// drives both directions, so a column is added, renamed or reordered in one place.
#pragma once

#include <cstdint>
#include <string>
#include <type_traits>
#include <vector>

#include "state/saved_state.hpp"
#include "state/sqlite.hpp"

namespace sim::state {

// Whether a later write of a row already in the file rewrites the column: a message's status
// changes, its text never does, so its update leaves the rest (and the recipient index) alone.
enum class Rewrite { never, on_change };

template <class Row>
struct Column {
    const char* name;
    void (*bind)(Statement&, int parameter, const Row&);
    // None for a column only written, derived from others (a message's current status).
    void (*read)(const Statement&, int column, Row&) = nullptr;
    Rewrite rewrite = Rewrite::never;
};

template <class Row>
struct Table {
    const char* name;
    std::vector<Column<Row>> columns;  // the first is the key, INTEGER PRIMARY KEY

    const char* key() const { return columns.front().name; }

    // Inserts a row, or replaces it; or, when some columns are rewritten on change, updates
    // only those of the row already there.
    std::string insert_sql() const {
        std::string names, values, updates;
        for (std::size_t i = 0; i < columns.size(); ++i) {
            const std::string name = columns[i].name;
            names += (i ? ", " : "") + name;
            values += (i ? ", ?" : "?") + std::to_string(i + 1);
            if (columns[i].rewrite == Rewrite::on_change)
                updates += (updates.empty() ? "" : ", ") + name + " = excluded." + name;
        }
        const std::string insert = " INTO " + std::string(name) + " (" + names + ") VALUES (" + values + ")";
        if (updates.empty()) return "INSERT OR REPLACE" + insert;
        return "INSERT" + insert + " ON CONFLICT (" + key() + ") DO UPDATE SET " + updates;
    }
    // Of a row the file holds already, writes the columns rewritten on change; "" when none are.
    std::string update_sql() const {
        std::string updates;
        int parameter = 1;  // ?1: the key
        for (const auto& column : columns)
            if (column.rewrite == Rewrite::on_change)
                updates += (updates.empty() ? "" : ", ") + std::string(column.name) + " = ?" +
                           std::to_string(++parameter);
        if (updates.empty()) return "";
        return "UPDATE " + std::string(name) + " SET " + updates + " WHERE " + key() + " = ?1";
    }
    std::string delete_sql() const {
        return "DELETE FROM " + std::string(name) + " WHERE " + key() + " = ?1";
    }
    std::string select_sql() const {
        std::string names;
        for (const auto& column : columns)
            if (column.read) names += (names.empty() ? "" : ", ") + std::string(column.name);
        return "SELECT " + names + " FROM " + name + " ORDER BY " + key();
    }

    // Binds and runs `insert` (prepared from insert_sql()) for `row`.
    void write(Statement& insert, const Row& row) const {
        for (std::size_t i = 0; i < columns.size(); ++i)
            columns[i].bind(insert, static_cast<int>(i + 1), row);
        insert.run();
    }
    // Binds and runs `update` (prepared from update_sql()) for `row`.
    void write_update(Statement& update, const Row& row) const {
        columns.front().bind(update, 1, row);
        int parameter = 1;
        for (const auto& column : columns)
            if (column.rewrite == Rewrite::on_change) column.bind(update, ++parameter, row);
        update.run();
    }
    // Every row, in the key's order.
    std::vector<Row> read_all(Database& db) const {
        std::vector<Row> rows;
        Statement select = db.prepare(select_sql());
        while (select.step()) {
            Row& row = rows.emplace_back();
            int index = 0;
            for (const auto& column : columns)
                if (column.read) column.read(select, index++, row);
        }
        return rows;
    }
};

// --- columns of the common kinds, for a member reached through `Path`, a chain of member
// pointers (&SavedInbound::sms, &gateway::InboundRecord::from) ---

template <auto... Path, class Row>
auto& member(Row& row) {
    return (row.*....*Path);
}

inline std::int64_t micros(Time t) {
    return t.time_since_epoch().count();
}
inline Time time_of(std::int64_t micros) {
    return Time(Duration(micros));
}

// A string.
template <class Row, auto... Path>
Column<Row> text_column(const char* name, Rewrite rewrite = Rewrite::never) {
    return {name,
            [](Statement& s, int p, const Row& row) { s.bind(p, std::string_view(member<Path...>(row))); },
            [](const Statement& s, int c, Row& row) { member<Path...>(row) = s.text(c); }, rewrite};
}

// An integer, or a bool, or an optional of one (NULL when empty).
template <class Row, auto... Path>
Column<Row> integer_column(const char* name, Rewrite rewrite = Rewrite::never) {
    using Value = std::remove_reference_t<decltype(member<Path...>(std::declval<Row&>()))>;
    if constexpr (std::is_integral_v<Value>) {
        return {name,
                [](Statement& s, int p, const Row& row) {
                    s.bind(p, static_cast<std::int64_t>(member<Path...>(row)));
                },
                [](const Statement& s, int c, Row& row) {
                    member<Path...>(row) = static_cast<Value>(s.integer(c));
                },
                rewrite};
    } else {
        using Inner = typename Value::value_type;  // an optional
        return {name,
                [](Statement& s, int p, const Row& row) {
                    const auto& value = member<Path...>(row);
                    if (value)
                        s.bind(p, static_cast<std::int64_t>(*value));
                    else
                        s.bind(p, std::nullopt);
                },
                [](const Statement& s, int c, Row& row) {
                    auto& value = member<Path...>(row);
                    if (const auto read = s.optional_integer(c))
                        value = static_cast<Inner>(*read);
                    else
                        value.reset();
                },
                rewrite};
    }
}

// A time, as microseconds since the Unix epoch (*_us), or an optional one.
template <class Row, auto... Path>
Column<Row> time_column(const char* name, Rewrite rewrite = Rewrite::never) {
    using Value = std::remove_reference_t<decltype(member<Path...>(std::declval<Row&>()))>;
    if constexpr (std::is_same_v<Value, Time>) {
        return {name, [](Statement& s, int p, const Row& row) { s.bind(p, micros(member<Path...>(row))); },
                [](const Statement& s, int c, Row& row) { member<Path...>(row) = time_of(s.integer(c)); },
                rewrite};
    } else {
        return {name,
                [](Statement& s, int p, const Row& row) {
                    const auto& value = member<Path...>(row);
                    if (value)
                        s.bind(p, micros(*value));
                    else
                        s.bind(p, std::nullopt);
                },
                [](const Statement& s, int c, Row& row) {
                    auto& value = member<Path...>(row);
                    if (const auto read = s.optional_integer(c))
                        value = time_of(*read);
                    else
                        value.reset();
                },
                rewrite};
    }
}

}  // namespace sim::state
