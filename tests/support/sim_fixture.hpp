// An in-process connectel-sim on 127.0.0.1 with a free port and a virtual clock, plus an HTTP
// client for it: what the integration tests talk to, over real HTTP.
#pragma once

#include <httplib.h>

#include <cstdio>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "simulator.hpp"

namespace connectel_tests {

// The whole of a FILE* the simulator logged to (Options::log, a std::tmpfile()).
inline std::string read_logged(std::FILE* file) {
    std::fflush(file);
    std::rewind(file);
    std::string out;
    char buffer[4096];
    for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, file)) > 0;) out.append(buffer, n);
    return out;
}

// Points `options` at a new tmpfile for the simulator's log, at `level`; read it with read_logged.
inline std::FILE* log_to_tmpfile(sim::Options& options, sim::LogLevel level) {
    std::FILE* file = std::tmpfile();
    if (!file) throw std::runtime_error("tmpfile() failed");
    options.log = file;
    options.log_level = level;
    return file;
}

inline sim::Options test_options(std::optional<std::string> scenario_text = std::nullopt) {
    sim::Options options;
    options.port = 0;
    options.clock = sim::ClockSetting{sim::ClockSetting::Kind::Virtual, 1.0};
    options.seed = 42;
    options.log = nullptr;
    options.tuning.threads = 8;
    options.scenario_text = std::move(scenario_text);
    return options;
}

class RunningSimulator {
public:
    explicit RunningSimulator(sim::Options options = test_options())
        : simulator_(std::move(options)), client_("http://127.0.0.1:" + std::to_string(start())) {
        client_.set_read_timeout(10, 0);
    }

    sim::Simulator& simulator() { return simulator_; }
    httplib::Client& client() { return client_; }
    std::string base_url() const { return simulator_.base_url(); }

    httplib::Result post_form(const std::string& path, const std::string& body) {
        return client_.Post(path.c_str(), body, "application/x-www-form-urlencoded");
    }
    httplib::Result post_json(const std::string& path, const nlohmann::json& body) {
        return client_.Post(path.c_str(), body.dump(), "application/json");
    }
    httplib::Result get(const std::string& path, const httplib::Headers& headers = {}) {
        return client_.Get(path.c_str(), headers);
    }
    // POSTs to the control API and returns the parsed reply (REQUIRE 200).
    nlohmann::json control(const std::string& path, const nlohmann::json& body = nlohmann::json::object()) {
        auto res = post_json(path, body);
        if (!res || res->status != 200) throw std::runtime_error("control call failed: " + path);
        return nlohmann::json::parse(res->body);
    }
    nlohmann::json get_json(const std::string& path) {
        auto res = get(path);
        if (!res) throw std::runtime_error("no response from " + path);
        return nlohmann::json::parse(res->body);
    }
    void advance(const std::string& by) { control("/_sim/clock/advance", {{"by", by}}); }

private:
    int start() {
        simulator_.start();
        return simulator_.port();
    }

    sim::Simulator simulator_;
    httplib::Client client_;
};

}  // namespace connectel_tests
