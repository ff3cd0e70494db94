// Every exchange as the client saw it, for the contract check (tests/contract/): with
// CONNECTEL_SIM_RECORD_DIR set, each simulator appends the request line and the raw answer
// (status line, headers, body as sent) of every request to a file of its own in that
// directory. Unset, nothing is recorded and serving pays one branch a request. The variable is
// for the tests, not a feature: --help does not name it.
#pragma once

#include <cstdio>
#include <memory>
#include <mutex>
#include <string_view>

namespace sim::http::transport {

class ExchangeRecorder {
public:
    // A recorder writing to a new file in $CONNECTEL_SIM_RECORD_DIR, or null when it is unset.
    static std::unique_ptr<ExchangeRecorder> from_environment();
    ~ExchangeRecorder();
    ExchangeRecorder(const ExchangeRecorder&) = delete;
    ExchangeRecorder& operator=(const ExchangeRecorder&) = delete;

    // One record: "> REQUEST-LINE\n", the answer's size in bytes and "\n", the answer, "\n".
    void record(std::string_view request_line, std::string_view answer);

private:
    explicit ExchangeRecorder(std::FILE* file) : file_(file) {}
    std::mutex mutex_;  // guards file_: workers record at once, and a record is written whole
    std::FILE* file_;
};

}  // namespace sim::http::transport
