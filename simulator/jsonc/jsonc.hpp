// JSON with comments and trailing commas, parsed with the source position of every value and key,
// so that a scenario validator can point at FILE:LINE:COL.
#pragma once
#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>

#include <nlohmann/json.hpp>

namespace sim::jsonc {

// Where something starts in the source text: 1-based line and column (column counts Unicode
// code points, so an editor's column agrees), plus the 0-based byte offset.
// "\n", "\r\n" and a lone "\r" each end a line; a tab is one column; a leading BOM takes no column.
struct Position {
    std::size_t line = 1;
    std::size_t column = 1;
    std::size_t offset = 0;
};

struct JsoncDocument {
    nlohmann::ordered_json value;
    // RFC 6901 JSON pointer ("" for the root, "/tokens/0/token", with ~0 and ~1 escapes)
    // -> where that value starts.
    std::unordered_map<std::string, Position> value_positions;
    // JSON pointer of an object member -> where its key (the opening quote) starts.
    std::unordered_map<std::string, Position> key_positions;
};

// what() is the bare message, without the position, so the caller can prefix FILE:LINE:COL itself.
class JsoncError : public std::runtime_error {
public:
    JsoncError(Position where, const std::string& message);
    const Position& where() const noexcept;

private:
    Position where_;
};

// Appends "/" and `key` escaped as an RFC 6901 pointer token ("~" -> "~0", "/" -> "~1").
void append_pointer_token(std::string& path, std::string_view key);

// `text` as a JSON string literal, quotes and escapes included: how messages quote keys and values.
std::string json_quoted(std::string_view text);

// Parses JSON extended with // line comments and /* block */ comments, and trailing commas
// before } or ]. Throws JsoncError at the first problem.
// Also rejected: duplicate keys in one object, invalid UTF-8 anywhere, nesting deeper than 128 levels.
// Integers become int64 (negative) or uint64 (otherwise) when they fit, as nlohmann::json::parse does.
JsoncDocument parse_jsonc(std::string_view text);

}  // namespace sim::jsonc
