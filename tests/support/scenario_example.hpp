// The example scenarios (scenarios/*.json) as the integration tests run them: a file's text
// with its callback URLs pointed at a test's receiver, and what a receiver got, as JSON.
#pragma once

#include <doctest/doctest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "callback_receiver.hpp"
#include "connectel/form.hpp"

namespace connectel_tests {

inline const std::string scenarios_dir = CONNECTEL_SCENARIOS_DIR;

inline std::string read_text(const std::string& path) {
    std::ifstream file(path, std::ios::binary);
    REQUIRE_MESSAGE(file, "cannot read " << path);
    std::ostringstream text;
    text << file.rdbuf();
    return text.str();
}

// The example's text, with the receiver port a user would run (127.0.0.1:9000) replaced by
// `receiver`'s.
inline std::string example(const std::string& name, const CallbackReceiver* receiver = nullptr) {
    std::string text = read_text(scenarios_dir + "/" + name);
    if (receiver) {
        const std::string from = "127.0.0.1:9000";
        const std::string to = receiver->url("").substr(std::string("http://").size());
        for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
            text.replace(at, from.size(), to);
    }
    return text;
}

// A received callback's payload, JSON or form, as a JSON object.
inline nlohmann::json payload(const CallbackReceiver::Received& r) {
    if (r.content_type == "application/json") return nlohmann::json::parse(r.body);
    const auto fields = connectel::form::parse(r.body);
    REQUIRE(fields);
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [name, value] : *fields) out[name] = value;
    return out;
}

// The payloads the receiver got on `path`, in arrival order.
inline std::vector<nlohmann::json> received_on(const CallbackReceiver& receiver, const std::string& path) {
    std::vector<nlohmann::json> out;
    for (const auto& r : receiver.received())
        if (r.path == path) out.push_back(payload(r));
    return out;
}

}  // namespace connectel_tests
