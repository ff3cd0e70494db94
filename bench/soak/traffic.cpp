#include "traffic.hpp"

#include <httplib.h>

#include <connectel/form.hpp>
#include <memory>
#include <nlohmann/json.hpp>
#include <string_view>
#include <thread>

#include "scenario.hpp"

namespace soak {

namespace {

using Clock = std::chrono::steady_clock;

constexpr std::size_t bulk_size = 20;
constexpr std::size_t poll_ring_size = 1024;  // the recent ids a client polls

// Each client goes round this mix, from its own place in it: 6 singles, 2 bulks, 5 polls, 2 list
// reads and 1 invalid send in 16 calls.
constexpr Call mix[] = {Call::FormSend,   Call::DeliveryPoll,  Call::JsonSend,    Call::FormSend,
                        Call::StatusPoll, Call::BulkSend,      Call::JsonSend,    Call::DeliveryPoll,
                        Call::FormSend,   Call::MessagesList,  Call::JsonSend,    Call::DeliveryPoll,
                        Call::BulkSend,   Call::CallbacksList, Call::InvalidSend, Call::StatusPoll};
constexpr std::size_t mix_size = sizeof mix / sizeof mix[0];

// Texts of every kind the text engine tells apart: plain GSM-7, GSM-7 with an extension
// character, UCS-2 and a long one of several segments.
const std::string texts[] = {
    "Your code is 4711",
    "Hej! Din order {A-17} \xC3\xA4r skickad, 12\xE2\x82\xAC",
    "\xE4\xBD\xA0\xE5\xA5\xBD \xF0\x9F\x98\x80 order 17",
    std::string(200, 'x') + " end",
};

// The requestid value after `"requestid":"` at or after `from`; empty when there is none.
std::string_view request_id_in(std::string_view body, std::size_t from = 0) {
    constexpr std::string_view key = "\"requestid\":\"";
    const auto start = body.find(key, from);
    if (start == std::string_view::npos) return {};
    const auto value = start + key.size();
    const auto end = body.find('"', value);
    return end == std::string_view::npos ? std::string_view{} : body.substr(value, end - value);
}

std::string json_string(const std::string& text) {
    return nlohmann::json(text).dump();
}

class Client {
public:
    Client(int port, int index, bool healthy_only)
        : http_("127.0.0.1", port), index_(index), healthy_only_(healthy_only) {
        http_.set_keep_alive(true);
        http_.set_tcp_nodelay(true);
        http_.set_connection_timeout(30, 0);
        http_.set_read_timeout(30, 0);
        http_.set_write_timeout(30, 0);
    }

    TrafficResult& result() { return result_; }

    void call(Call kind) {
        switch (kind) {
            case Call::FormSend:
                return form_send(single_token());
            case Call::JsonSend:
                return json_send(single_token());
            case Call::BulkSend:
                return bulk_send(!healthy_only_ && ++bulks_ % dead_bulk_every == 0 ? dead_token
                                                                                   : healthy_token);
            case Call::DeliveryPoll:
                return poll(kind, "/api/v2/delivery/?requestid=");
            case Call::StatusPoll:
                return poll(kind, "/api/status/?message=");
            case Call::MessagesList:
                return list(kind, "/_sim/messages?order=desc&limit=100");
            case Call::CallbacksList:
                return list(kind, "/_sim/callbacks?order=desc&limit=100");
            case Call::InvalidSend:
                return invalid_send();
        }
    }

    void form_send(const Token& token) {
        const std::string body = "authorization=" + connectel::form::encode_component(token.token) +
                                 "&sender=SOAK&recipient=" + next_recipient(token) +
                                 "&message=" + connectel::form::encode_component(next_text());
        single_send(Call::FormSend, token, body, "application/x-www-form-urlencoded");
    }

    void json_send(const Token& token) {
        const std::string body = std::string(R"({"authorization":")") + token.token +
                                 R"(","sender":"SOAK","recipient":")" + next_recipient(token) +
                                 R"(","message":)" + json_string(next_text()) + "}";
        single_send(Call::JsonSend, token, body, "application/json");
    }

private:
    const Token& single_token() {
        return !healthy_only_ && ++singles_ % dead_single_every == 0 ? dead_token : healthy_token;
    }

    static std::size_t index_of(const Token& token) {
        return &token == &dead_token ? dead : &token == &slow_token ? slow : healthy;
    }

    // 467 + the client's two digits + a count: the last digit cycles, so a tenth end in 7
    // (the scenario's two-DLR lifecycle). The slow token's never do: one DLR each.
    std::string next_recipient(const Token& token) {
        std::string number =
            std::to_string(46700000000LL + index_ * 1'000'000LL + (++recipients_ % 1'000'000));
        if (&token == &slow_token && number.back() == '7') number.back() = '8';
        return number;
    }

    const std::string& next_text() { return texts[++texts_used_ % (sizeof texts / sizeof texts[0])]; }

    void single_send(Call kind, const Token& token, const std::string& body, const char* content_type) {
        const auto answer = timed(kind, [&] { return http_.Post("/api/v2/send/", body, content_type); });
        if (!answer) return;
        const std::string_view id = request_id_in(answer->body);
        if (!expect(kind, *answer, 200, id.size() > 1 && id.front() == 'R')) return;
        ++result_.accepted[index_of(token)];
        remember(id, token);
    }

    void bulk_send(const Token& token) {
        std::string body = std::string(R"({"authorization":")") + token.token +
                           R"(","sender":"SOAK","bulk":true,"message":)" + json_string(next_text()) +
                           R"(,"recipient":[)";
        for (std::size_t i = 0; i < bulk_size; ++i)
            body += std::string(i ? "," : "") + "{\"K" + std::to_string(i) + "\":\"" + next_recipient(token) +
                    "\"}";
        body += "]}";
        const auto answer =
            timed(Call::BulkSend, [&] { return http_.Post("/api/v2/send/", body, "application/json"); });
        if (!answer) return;
        std::size_t members = 0;
        std::string_view first;
        for (std::size_t at = 0;; ++members) {
            const std::string_view id = request_id_in(answer->body, at);
            if (id.empty()) break;
            if (first.empty()) first = id;
            at = static_cast<std::size_t>(id.data() - answer->body.data()) + id.size();
        }
        if (!expect(Call::BulkSend, *answer, 200, members == bulk_size)) return;
        result_.accepted[index_of(token)] += bulk_size;
        remember(first, token);
    }

    // Polls one of the ids this client got lately, with the token that sent it.
    void poll(Call kind, const std::string& path) {
        if (ring_.empty()) return form_send(healthy_token);  // every send so far failed: nothing to poll
        const auto& polled = ring_[++polls_ % ring_.size()];
        const std::string& id = polled.first;
        const std::string query =
            path + id + "&authorization=" + connectel::form::encode_component(polled.second->token);
        const auto answer = timed(kind, [&] { return http_.Get(query); });
        if (answer) expect(kind, *answer, 200, answer->body.find(id) != std::string::npos);
    }

    void list(Call kind, const std::string& path) {
        const auto answer = timed(kind, [&] { return http_.Get(path); });
        if (answer) expect(kind, *answer, 200, answer->body.find("\"count\":") != std::string::npos);
    }

    void invalid_send() {
        const std::string body = std::string(R"({"authorization":")") + healthy_token.token +
                                 R"(","sender":"SOAK","recipient":"467","message":"never stored"})";
        const auto answer =
            timed(Call::InvalidSend, [&] { return http_.Post("/api/v2/send/", body, "application/json"); });
        if (answer)
            expect(Call::InvalidSend, *answer, 400,
                   answer->body.find(R"("field":"recipient")") != std::string::npos);
    }

    void remember(std::string_view id, const Token& token) {
        if (ring_.size() < poll_ring_size)
            ring_.emplace_back(std::string(id), &token);
        else
            ring_[++remembered_ % poll_ring_size] = {std::string(id), &token};
    }

    // Runs one request and records its time; a transport error is counted here.
    template <typename Request>
    httplib::Result timed(Call kind, Request request) {
        CallStats& stats = result_.calls[static_cast<std::size_t>(kind)];
        const auto start = Clock::now();
        httplib::Result answer = request();
        stats.latency_ms.push_back(std::chrono::duration<float, std::milli>(Clock::now() - start).count());
        ++stats.count;
        if (!answer) {
            ++stats.transport_errors;
            if (stats.first_problem.empty())
                stats.first_problem = "no answer: " + httplib::to_string(answer.error());
        }
        return answer;
    }

    bool expect(Call kind, const httplib::Response& answer, int status, bool body_ok) {
        if (answer.status == status && body_ok) return true;
        CallStats& stats = result_.calls[static_cast<std::size_t>(kind)];
        ++stats.wrong_answers;
        if (stats.first_problem.empty())
            stats.first_problem = "HTTP " + std::to_string(answer.status) + ": " + answer.body.substr(0, 200);
        return false;
    }

    httplib::Client http_;
    long long index_;
    bool healthy_only_;
    TrafficResult result_;
    std::uint64_t singles_ = 0, bulks_ = 0, polls_ = 0, recipients_ = 0, texts_used_ = 0, remembered_ = 0;
    std::vector<std::pair<std::string, const Token*>> ring_;
};

void merge(TrafficResult& into, TrafficResult&& from) {
    for (std::size_t k = 0; k < call_kinds; ++k) {
        CallStats& a = into.calls[k];
        CallStats& b = from.calls[k];
        a.count += b.count;
        a.wrong_answers += b.wrong_answers;
        a.transport_errors += b.transport_errors;
        a.latency_ms.insert(a.latency_ms.end(), b.latency_ms.begin(), b.latency_ms.end());
        if (a.first_problem.empty()) a.first_problem = std::move(b.first_problem);
    }
    for (std::size_t t = 0; t < into.accepted.size(); ++t) into.accepted[t] += from.accepted[t];
}

}  // namespace

const char* call_name(Call call) {
    // In the order of Call.
    static constexpr const char* names[call_kinds] = {
        "single send, form",    "single send, JSON",       "bulk send (20), JSON",     "GET /api/v2/delivery/",
        "GET /api/status/ (legacy)", "GET /_sim/messages, 100", "GET /_sim/callbacks, 100", "invalid send (400)"};
    const auto i = static_cast<std::size_t>(call);
    return i < call_kinds ? names[i] : "?";
}

TrafficResult drive(int port, int clients, std::chrono::seconds duration, bool healthy_only) {
    // One client per thread, the last one the slow token's paced sender.
    std::vector<std::unique_ptr<Client>> workers;
    for (int i = 0; i <= clients; ++i) workers.push_back(std::make_unique<Client>(port, i, healthy_only));
    const auto start = Clock::now();
    const auto until = start + duration;
    std::vector<std::thread> threads;
    for (int i = 0; i < clients; ++i)
        threads.emplace_back([&client = *workers[static_cast<std::size_t>(i)], i, until] {
            client.form_send(healthy_token);  // an id to poll before the first poll
            for (std::size_t turn = static_cast<std::size_t>(i) * 5; Clock::now() < until; ++turn)
                client.call(mix[turn % mix_size]);
        });
    if (!healthy_only)
        threads.emplace_back([&pacer = *workers.back(), start, until] {
            for (auto next = start; next < until; next += slow_send_interval) {
                std::this_thread::sleep_until(next);
                pacer.json_send(slow_token);
            }
        });
    for (auto& thread : threads) thread.join();
    TrafficResult total;
    total.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    for (auto& client : workers) merge(total, std::move(client->result()));
    return total;
}

}  // namespace soak
