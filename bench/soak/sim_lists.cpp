#include "sim_lists.hpp"

#include <httplib.h>

#include <connectel/status.hpp>
#include <cstdio>
#include <ctime>
#include <nlohmann/json.hpp>

namespace soak {

namespace {

nlohmann::json get_json(httplib::Client& control, const std::string& path) {
    const auto answer = control.Get(path);
    if (!answer)
        throw ControlError("GET " + path + ": no answer (" + httplib::to_string(answer.error()) + ")");
    if (answer->status != 200)
        throw ControlError("GET " + path + ": HTTP " + std::to_string(answer->status) + ": " +
                           answer->body.substr(0, 200));
    auto doc = nlohmann::json::parse(answer->body, nullptr, false);
    if (doc.is_discarded()) throw ControlError("GET " + path + ": the answer is not JSON");
    return doc;
}

// Every item of a paged list: `path` has its query started; `cursor` names an item's field
// that the next page's `after` takes.
template <typename Take>
void read_pages(httplib::Client& control, const std::string& path, const char* list, const char* cursor,
                Take take) {
    std::string after;
    for (;;) {
        const auto page = get_json(control, path + "&limit=" + std::to_string(list_page_size) +
                                                (after.empty() ? "" : "&after=" + after));
        const auto& items = page.at(list);
        for (const auto& item : items) take(item);
        if (!page.at("more").get<bool>() || items.empty()) return;
        const auto& last = items.back().at(cursor);
        after = last.is_string() ? last.get<std::string>() : last.dump();
    }
}

// "2026-01-02T03:04:05.123456Z", the simulator's clock on a real clock: the wall clock.
std::chrono::system_clock::time_point parse_iso(const std::string& text) {
    std::tm fields{};
    long micros = 0;
    if (std::sscanf(text.c_str(), "%d-%d-%dT%d:%d:%d.%ldZ", &fields.tm_year, &fields.tm_mon, &fields.tm_mday,
                    &fields.tm_hour, &fields.tm_min, &fields.tm_sec, &micros) != 7)
        throw ControlError("a time the simulator reported does not read as a date: " + text);
    fields.tm_year -= 1900;
    fields.tm_mon -= 1;
    return std::chrono::system_clock::from_time_t(::timegm(&fields)) + std::chrono::microseconds(micros);
}

}  // namespace

bool StoredMessage::final() const {
    if (history.empty()) return false;
    const auto status = connectel::parse_status_str(history.back().status);
    return status && connectel::is_final(*status);
}

std::vector<StoredMessage> read_messages(httplib::Client& control, const std::string& token_id) {
    std::vector<StoredMessage> messages;
    read_pages(
        control, "/_sim/messages?tokenid=" + token_id, "messages", "requestid", [&](const nlohmann::json& m) {
            StoredMessage message{m.at("requestid").get<std::string>(), {}};
            for (const auto& change : m.at("history"))
                message.history.push_back(
                    {change.at("status").get<std::string>(), parse_iso(change.at("at").get<std::string>())});
            messages.push_back(std::move(message));
        });
    return messages;
}

std::vector<RecordedAttempt> read_attempts(httplib::Client& control, const std::string& url_part) {
    std::vector<RecordedAttempt> attempts;
    read_pages(control, "/_sim/callbacks?url=" + url_part, "callbacks", "id", [&](const nlohmann::json& a) {
        const auto& payload = a.at("payload");
        attempts.push_back({a.at("callback").get<std::uint64_t>(), a.at("attempt").get<unsigned>(),
                            payload.at("requestid").get<std::string>(),
                            payload.at("statusStr").get<std::string>(), a.at("result").get<std::string>(),
                            a.at("outcome").get<std::string>()});
    });
    return attempts;
}

std::uint64_t count_attempts(httplib::Client& control, const std::string& query) {
    return get_json(control, "/_sim/callbacks?" + query + "&limit=1").at("total").get<std::uint64_t>();
}

std::uint64_t pending_work(httplib::Client& control) {
    return get_json(control, "/_sim/callbacks?limit=1").at("pending").get<std::uint64_t>() +
           get_json(control, "/_sim/clock").at("pending").get<std::uint64_t>();
}

}  // namespace soak
