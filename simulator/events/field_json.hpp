// One field list, two JSON writers. A record lists its members once, in key order:
//
//     template <class F> void fields(F&& f) const { f("id", id); f("status", status); }
//
// and that list gives both its nlohmann::json view (field_tree: for answers that add members,
// like a message's detail) and its bytes on the hot path (append_fields: the send answers, every
// event, the lists' items), which are the bytes field_tree(r).dump() would give.
//
// A value is a string (or Ascii), an integer, a bool, a double, nullptr, a std::optional of one, a
// nlohmann::json, another record (an object), a std::vector of either, or list_of<Record>(items)
// (each item shown as Record{item}).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "events/json_writer.hpp"

namespace sim::events {

// `items`, each shown as the record Record{item}: a vector of gateway entries as JSON objects.
template <class Record, class Items>
struct ListOf {
    const Items& items;
};
template <class Record, class Items>
ListOf<Record, Items> list_of(const Items& items) {
    return {items};
}

// Text the simulator wrote itself, in ASCII (a status name, a date): written without the
// UTF-8 check that every other text gets, which the hot path would otherwise pay on every event.
struct Ascii {
    std::string_view text;
};

namespace field_json_detail {

struct AnyField {
    template <class T>
    void operator()(std::string_view, const T&) const {}
};
template <class T, class = void>
struct has_fields : std::false_type {};
template <class T>
struct has_fields<T, std::void_t<decltype(std::declval<const T&>().fields(AnyField{}))>> : std::true_type {};

template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};

template <class T>
struct is_list_of : std::false_type {};
template <class Record, class Items>
struct is_list_of<ListOf<Record, Items>> : std::true_type {
    using record = Record;
};

template <class T>
struct is_vector : std::false_type {};
template <class T, class A>
struct is_vector<std::vector<T, A>> : std::true_type {};

inline std::string dump(const nlohmann::json& value) {
    return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// Writes a record through JsonWriter, or says it could not: a text that is not UTF-8 (nlohmann
// replaces it; the writer would not) or keys out of order (nlohmann sorts them).
class Streamer {
public:
    explicit Streamer(std::string& out) : w_(out) {}
    bool failed() const noexcept { return failed_; }

    template <class Record>
    void object(const Record& record) {
        if (!keys_in_order(record)) {
            failed_ = true;
            return;
        }
        w_.begin_object();
        record.fields([&](std::string_view name, const auto& value) {
            if (failed_) return;
            w_.key(name);
            this->value(value);
        });
        w_.end_object();
    }

    // A record type's names are literals in a fixed order, so the first record of a type tells
    // for all of them: the hot path pays a static's guard, not a comparison a field.
    template <class Record>
    static bool keys_in_order(const Record& record) {
        static const bool ordered = [&record] {
            std::string_view last;
            bool sorted = true;
            record.fields([&](std::string_view name, const auto&) {
                if (!last.empty() && !(last < name)) sorted = false;
                last = name;
            });
            return sorted;
        }();
        return ordered;
    }

    template <class T>
    void value(const T& v) {
        if constexpr (std::is_same_v<T, bool>) {
            w_.boolean(v);
        } else if constexpr (std::is_integral_v<T>) {
            w_.number(v);
        } else if constexpr (std::is_floating_point_v<T>) {
            w_.raw(dump(v));  // nlohmann's own number format; no event on the hot path has one
        } else if constexpr (std::is_same_v<T, std::nullptr_t>) {
            w_.null();
        } else if constexpr (std::is_same_v<T, nlohmann::json>) {
            w_.raw(dump(v));
        } else if constexpr (std::is_same_v<T, Ascii>) {
            w_.string(v.text);
        } else if constexpr (is_optional<T>::value) {
            if (v) value(*v);
            else w_.null();
        } else if constexpr (std::is_convertible_v<const T&, std::string_view>) {
            const std::string_view text = v;
            if (!JsonWriter::valid(text)) failed_ = true;
            else w_.string(text);
        } else if constexpr (has_fields<T>::value) {
            object(v);
        } else if constexpr (is_list_of<T>::value) {
            w_.begin_array();
            for (const auto& item : v.items) object(typename is_list_of<T>::record{item});
            w_.end_array();
        } else {
            static_assert(is_vector<T>::value, "not a value a field list can hold");
            w_.begin_array();
            for (const auto& item : v) value(item);
            w_.end_array();
        }
    }

private:
    JsonWriter w_;
    bool failed_ = false;
};

template <class T>
nlohmann::json tree(const T& v);

template <class Record>
nlohmann::json object_tree(const Record& record) {
    nlohmann::json out = nlohmann::json::object();
    record.fields([&out](std::string_view name, const auto& value) { out[std::string(name)] = tree(value); });
    return out;
}

template <class T>
nlohmann::json tree(const T& v) {
    if constexpr (std::is_same_v<T, nlohmann::json> || std::is_arithmetic_v<T> ||
                  std::is_same_v<T, std::nullptr_t>) {
        return v;
    } else if constexpr (std::is_same_v<T, Ascii>) {
        return std::string(v.text);
    } else if constexpr (is_optional<T>::value) {
        return v ? tree(*v) : nlohmann::json(nullptr);
    } else if constexpr (std::is_convertible_v<const T&, std::string_view>) {
        return std::string(std::string_view(v));
    } else if constexpr (has_fields<T>::value) {
        return object_tree(v);
    } else if constexpr (is_list_of<T>::value) {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& item : v.items) out.push_back(object_tree(typename is_list_of<T>::record{item}));
        return out;
    } else {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& item : v) out.push_back(tree(item));
        return out;
    }
}

}  // namespace field_json_detail

// The record as a JSON object, for an answer that adds members to it.
template <class Record>
nlohmann::json field_tree(const Record& record) {
    return field_json_detail::object_tree(record);
}

// Appends the record as one line of JSON: the bytes of field_tree(record) dumped with invalid
// UTF-8 replaced. Returns whether the streaming writer wrote it; false when it was written
// through the tree instead (a text not UTF-8, or a field list out of key order: slower, same
// bytes).
template <class Record>
bool append_fields(std::string& out, const Record& record) {
    const std::size_t start = out.size();
    field_json_detail::Streamer streamer(out);
    streamer.object(record);
    if (!streamer.failed()) return true;
    out.resize(start);
    out += field_json_detail::dump(field_tree(record));
    return false;
}

}  // namespace sim::events
