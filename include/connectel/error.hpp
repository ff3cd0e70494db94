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

// The gateway answered, but not with success: `http_status()` is the HTTP status, and `code()`,
// `field()` come from the error body when it has the documented shape
// {"error": {"code", "message", "field"}}; `body()` is the body as received.
class ApiError : public Error {
public:
    ApiError(int http_status, std::string code, const std::string& message, std::string field, std::string body)
        : Error("HTTP " + std::to_string(http_status) + " " + code + ": " + message),
          http_status_(http_status),
          code_(std::move(code)),
          field_(std::move(field)),
          body_(std::move(body)) {}
    int http_status() const noexcept { return http_status_; }
    const std::string& code() const noexcept { return code_; }
    const std::string& field() const noexcept { return field_; }
    const std::string& body() const noexcept { return body_; }

private:
    int http_status_;
    std::string code_, field_, body_;
};

// No answer: the connection failed, timed out or broke. `url()` is what was asked for, with the
// token masked. A send that failed this way may or may not have been accepted.
class TransportError : public Error {
public:
    TransportError(const std::string& message, std::string url)
        : Error(message + " (" + url + ")"), url_(std::move(url)) {}
    const std::string& url() const noexcept { return url_; }

private:
    std::string url_;
};

}  // namespace connectel
