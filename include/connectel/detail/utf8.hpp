// Code points over a UTF-8 text, for the text engine: visit each, stopping (or throwing) at the
// first invalid sequence.
#pragma once

#include <cstddef>
#include <string_view>

#include "connectel/sms/utf8_error.hpp"
#include "connectel/utf8.hpp"

namespace connectel::sms::detail {

// Calls visit(code_point, byte_offset, byte_length) for each character of `text`, in order;
// stops at the first invalid sequence and returns where it is (a false Utf8Error if none).
template <class Visit>
Utf8Error visit_code_points(std::string_view text, Visit&& visit) {
    std::size_t pos = 0;
    while (pos < text.size()) {
        const utf8::Decoded d = utf8::decode(text, pos);
        if (d.length == 0) return {pos, d.problem};
        visit(d.code_point, pos, std::size_t{d.length});
        pos += d.length;
    }
    return {};
}

// The same, throwing InvalidUtf8 at the first invalid sequence.
template <class Visit>
void for_each_code_point(std::string_view text, Visit&& visit) {
    if (const Utf8Error error = visit_code_points(text, visit)) throw InvalidUtf8(error);
}

}  // namespace connectel::sms::detail
