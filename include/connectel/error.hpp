// The exceptions the library throws: all derive from connectel::Error.
#pragma once

#include <stdexcept>
#include <string>
#include <utility>

namespace connectel {

// Base of every exception the library throws, so callers can catch them all at once.
class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Input that breaks a rule of the API or of the SMS standards; `field()` names the parameter
// ("sender", "recipient", "message", ...) or is empty when no single field is at fault.
class ValidationError : public Error {
public:
    ValidationError(std::string field, const std::string& message)
        : Error(field.empty() ? message : field + ": " + message), field_(std::move(field)) {}
    const std::string& field() const noexcept { return field_; }

private:
    std::string field_;
};

}  // namespace connectel
