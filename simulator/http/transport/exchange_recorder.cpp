#include "http/transport/exchange_recorder.hpp"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <stdexcept>
#include <string>

namespace sim::http::transport {

std::unique_ptr<ExchangeRecorder> ExchangeRecorder::from_environment() {
    const char* directory = std::getenv("CONNECTEL_SIM_RECORD_DIR");
    if (!directory || !*directory) return nullptr;
    // One file per simulator: an in-process test starts many, and each spawned binary is a process.
    static std::atomic<unsigned> started{0};
    const std::string path = std::string(directory) + "/" + std::to_string(::getpid()) + "-" +
                             std::to_string(started++) + ".exchanges";
    std::FILE* file = std::fopen(path.c_str(), "wb");
    if (!file) throw std::runtime_error("cannot write " + path + " (CONNECTEL_SIM_RECORD_DIR)");
    return std::unique_ptr<ExchangeRecorder>(new ExchangeRecorder(file));
}

ExchangeRecorder::~ExchangeRecorder() { std::fclose(file_); }

void ExchangeRecorder::record(std::string_view request_line, std::string_view answer) {
    const std::string head = "> " + std::string(request_line) + "\n" + std::to_string(answer.size()) + "\n";
    std::lock_guard lock(mutex_);
    std::fwrite(head.data(), 1, head.size(), file_);
    std::fwrite(answer.data(), 1, answer.size(), file_);
    std::fputc('\n', file_);
    std::fflush(file_);  // a test that aborts keeps what was answered before
}

}  // namespace sim::http::transport
