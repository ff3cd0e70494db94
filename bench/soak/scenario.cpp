#include "scenario.hpp"

#include <nlohmann/json.hpp>

namespace soak {

namespace {

nlohmann::json token_json(const Token& token, const std::string& dlr_url, const char* format) {
    return {{"token", token.token}, {"id", token.id}, {"dlr", {{"url", dlr_url}, {"format", format}}}};
}

std::string seconds(std::chrono::seconds d) {
    return std::to_string(d.count()) + "s";
}

}  // namespace

std::string scenario_text(const std::string& healthy_url, const std::string& slow_url,
                          const std::string& dead_url) {
    const nlohmann::json scenario = {
        {"name", "soak"},
        {"description", "bench/soak: a healthy, a slow and a dead DLR receiver on the real clock"},
        {"clock", "real"},
        // The dead receiver takes forms, so both payload formats are exercised.
        {"tokens",
         {token_json(healthy_token, healthy_url, "json"), token_json(slow_token, slow_url, "json"),
          token_json(dead_token, dead_url, "form")}},
        // One DLR per message, half a second after the send...
        {"lifecycle", {{{"after", "500ms"}, {"status", "DELIVRD"}}}},
        // ...and two for a tenth of them: a message's DLRs must come in order, one at a time.
        {"rules",
         {{{"match", {{"recipient", "*7"}}},
           {"lifecycle",
            {{{"after", "200ms"}, {"status", "ENROUTE"}, {"desc", "At the operator"}},
             {{"after", "1s"}, {"status", "UNDELIV"}, {"desc", "Absent subscriber"}}}}}}},
        {"callbacks",
         {{"timeout", seconds(callback_timeout)},
          {"retries", callback_retries},
          {"backoff", "500ms"},
          {"max_backoff", "1s"}}},
    };
    return scenario.dump(2);
}

}  // namespace soak
