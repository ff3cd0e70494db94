// Why a text is not valid UTF-8, and where: the error type of the text engine's input checks.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "connectel/error.hpp"
#include "connectel/detail/enum_names.hpp"

namespace connectel::sms {

enum class Utf8Problem : std::uint8_t {
    None,
    TruncatedSequence,       // a lead byte without enough continuation bytes
    UnexpectedContinuation,  // a continuation byte (0x80..0xBF) where a character should start
    InvalidByte,             // 0xF5..0xFF never appear in UTF-8
    OverlongEncoding,        // a code point written with more bytes than needed (C0, C1, E0 80.., F0 80..)
    EncodedSurrogate,        // U+D800..U+DFFF, which UTF-8 must not carry
    BeyondUnicode,           // above U+10FFFF
};

inline const char* describe(Utf8Problem problem) noexcept {
    // In the enum's order.
    constexpr const char* descriptions[] = {"valid",
                                            "truncated multi-byte sequence",
                                            "unexpected continuation byte",
                                            "byte that never appears in UTF-8",
                                            "overlong encoding",
                                            "UTF-16 surrogate encoded in UTF-8",
                                            "code point beyond U+10FFFF"};
    return connectel::detail::enum_name(problem, descriptions, "invalid");
}

// Where and why a text is not valid UTF-8. `offset` is the byte offset of the first byte of
// the offending sequence.
struct Utf8Error {
    std::size_t offset = 0;
    Utf8Problem problem = Utf8Problem::None;

    explicit operator bool() const noexcept { return problem != Utf8Problem::None; }
    std::string message() const {
        return "invalid UTF-8 at byte " + std::to_string(offset) + ": " + describe(problem);
    }
};

// Thrown by the throwing forms of the text engine for input that is not valid UTF-8.
class InvalidUtf8 : public Error {
public:
    explicit InvalidUtf8(Utf8Error error) : Error(error.message()), error_(error) {}
    std::size_t offset() const noexcept { return error_.offset; }
    Utf8Problem problem() const noexcept { return error_.problem; }
    const Utf8Error& error() const noexcept { return error_; }

private:
    Utf8Error error_;
};

}  // namespace connectel::sms
