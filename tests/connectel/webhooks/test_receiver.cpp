// WebhookReceiver over real HTTP on 127.0.0.1: callbacks handed to the handlers and answered
// 200, garbage answered 400 and reported, a failing handler answered 500.
#include <doctest/doctest.h>
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "connectel/webhooks.hpp"

using connectel::CallbackErrorKind;
using connectel::CallbackProblem;
using connectel::CallbackRequest;
using connectel::WebhookReceiver;
using connectel::api::Dlr;
using connectel::api::InboundSms;
using nlohmann::json;

namespace {

// What the handlers saw; they run on the server's threads.
struct Seen {
    std::mutex mutex;  // guards everything below
    std::vector<Dlr> dlrs;
    std::vector<InboundSms> inbound;
    std::vector<std::string> paths;
    std::vector<std::pair<CallbackProblem, int>> errors;
};

void record_all(WebhookReceiver& receiver, Seen& seen) {
    receiver
        .on_dlr([&seen](const Dlr& dlr, const CallbackRequest& request) {
            std::lock_guard lock(seen.mutex);
            seen.dlrs.push_back(dlr);
            seen.paths.push_back(request.path);
        })
        .on_inbound([&seen](const InboundSms& sms, const CallbackRequest& request) {
            std::lock_guard lock(seen.mutex);
            seen.inbound.push_back(sms);
            seen.paths.push_back(request.path);
        })
        .on_error([&seen](const CallbackProblem& problem, int status, const CallbackRequest&) {
            std::lock_guard lock(seen.mutex);
            seen.errors.emplace_back(problem, status);
        });
}

}  // namespace

TEST_CASE("the receiver hands a JSON DLR and a form inbound SMS to their handlers and answers 200") {
    WebhookReceiver receiver;
    Seen seen;
    record_all(receiver, seen);
    receiver.start();
    REQUIRE(receiver.port() > 0);
    CHECK(receiver.url("/dlr") == "http://127.0.0.1:" + std::to_string(receiver.port()) + "/dlr");

    httplib::Client client("127.0.0.1", receiver.port());
    auto res = client.Post(
        "/hooks/dlr?source=test",
        R"({"action":"dlr","requestid":"R1","statusInt":1,"statusStr":"DELIVRD","tokenid":"tok-1"})",
        "application/json; charset=utf-8");
    REQUIRE(res);
    CHECK(res->status == 200);
    res = client.Post("/sms", "from=35890010000&to=46700000100&requestid=R2&message=Hej+d%C3%A5",
                      "application/x-www-form-urlencoded");
    REQUIRE(res);
    CHECK(res->status == 200);

    std::lock_guard lock(seen.mutex);
    REQUIRE(seen.dlrs.size() == 1);
    CHECK(seen.dlrs[0].requestid == "R1");
    CHECK(seen.dlrs[0].status.status == connectel::Status::Delivered);
    CHECK(seen.dlrs[0].tokenid == "tok-1");
    REQUIRE(seen.inbound.size() == 1);
    CHECK(seen.inbound[0].message == "Hej då");
    CHECK(seen.paths == std::vector<std::string>{"/hooks/dlr", "/sms"});
    CHECK(seen.errors.empty());
}

TEST_CASE("the request is there for handlers that want it, and one-argument handlers work too") {
    WebhookReceiver receiver;
    std::mutex mutex;
    CallbackRequest got;
    int inbound_count = 0;
    receiver.on_dlr([&](const Dlr&, const CallbackRequest& request) {
        std::lock_guard lock(mutex);
        got = request;
    });
    receiver.on_inbound([&](const InboundSms&) {
        std::lock_guard lock(mutex);
        ++inbound_count;
    });
    receiver.start();
    httplib::Client client(receiver.url(""));  // the base URL, without a path
    const std::string body = R"({"requestid":"R1","statusInt":2})";
    REQUIRE(client.Post("/x/y?a=1", httplib::Headers{{"X-Signature", "abc"}}, body, "application/json"));
    REQUIRE(client.Post("/", "from=1&to=2&message=x", "application/x-www-form-urlencoded"));
    std::lock_guard lock(mutex);
    CHECK(got.method == "POST");
    CHECK(got.path == "/x/y");
    CHECK(got.content_type == "application/json");
    CHECK(got.body == body);
    CHECK(got.remote_addr == "127.0.0.1");
    CHECK(got.query.find("a")->second == "1");
    CHECK(got.headers.find("X-Signature")->second == "abc");
    CHECK(inbound_count == 1);
}

TEST_CASE("garbage is answered 400 with the problem, and reported to on_error") {
    WebhookReceiver receiver;
    Seen seen;
    record_all(receiver, seen);
    receiver.start();
    httplib::Client client("127.0.0.1", receiver.port());

    auto res = client.Post("/dlr", "{not json", "application/json");
    REQUIRE(res);
    CHECK(res->status == 400);
    CHECK(res->body.rfind("malformed JSON at byte ", 0) == 0);
    res = client.Post("/dlr", "hello", "text/plain");
    REQUIRE(res);
    CHECK(res->status == 400);
    CHECK(res->body.find("unsupported Content-Type text/plain") != std::string::npos);
    res = client.Post("/dlr", R"({"action":"dlr","statusInt":1})", "application/json");
    REQUIRE(res);
    CHECK(res->status == 400);
    CHECK(res->body == "requestid is required in a delivery report\n");

    std::lock_guard lock(seen.mutex);
    CHECK(seen.dlrs.empty());
    REQUIRE(seen.errors.size() == 3);
    CHECK(seen.errors[0].first.kind == CallbackErrorKind::MalformedBody);
    CHECK(seen.errors[0].second == 400);
    CHECK(seen.errors[1].first.kind == CallbackErrorKind::UnsupportedContentType);
    CHECK(seen.errors[2].first.field == "requestid");
}

TEST_CASE("a handler that throws gets 500, so that the gateway retries, and on_error hears of it") {
    WebhookReceiver receiver;
    std::mutex mutex;
    std::vector<std::pair<CallbackProblem, int>> errors;
    receiver.on_dlr([](const Dlr&) { throw std::runtime_error("database down"); });
    receiver.on_error([&](const CallbackProblem& problem, int status, const CallbackRequest&) {
        std::lock_guard lock(mutex);
        errors.emplace_back(problem, status);
    });
    receiver.start();
    httplib::Client client("127.0.0.1", receiver.port());
    const auto res = client.Post("/", R"({"requestid":"R1","statusInt":1})", "application/json");
    REQUIRE(res);
    CHECK(res->status == 500);
    std::lock_guard lock(mutex);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].first.kind == CallbackErrorKind::HandlerFailed);
    CHECK(errors[0].first.message == "the handler threw: database down");
    CHECK(errors[0].second == 500);
}

TEST_CASE("callbacks without a handler are acknowledged, and other methods get 405") {
    WebhookReceiver receiver;
    receiver.start();
    httplib::Client client("127.0.0.1", receiver.port());
    auto res = client.Post("/", "from=1&to=2&message=x", "application/x-www-form-urlencoded");
    REQUIRE(res);
    CHECK(res->status == 200);
    res = client.Get("/dlr");
    REQUIRE(res);
    CHECK(res->status == 405);
    CHECK(res->get_header_value("Allow") == "POST");
}

TEST_CASE("keep-alive callbacks from several clients at once all arrive") {
    WebhookReceiver receiver;
    Seen seen;
    record_all(receiver, seen);
    receiver.start();
    // More clients than cpp-httplib's default eight threads, each keeping its connection open.
    std::atomic<int> failures{0};
    std::vector<std::thread> senders;
    for (int c = 0; c < 12; ++c)
        senders.emplace_back([&receiver, &failures, c] {
            httplib::Client client("127.0.0.1", receiver.port());
            client.set_keep_alive(true);
            client.set_tcp_nodelay(true);  // our side too: a request goes out in pieces
            for (int i = 0; i < 5; ++i) {
                const json body = {{"requestid", "R" + std::to_string(c * 100 + i)}, {"statusInt", 1}};
                const auto res = client.Post("/dlr", body.dump(), "application/json");
                if (!res || res->status != 200) ++failures;
            }
        });
    for (auto& sender : senders) sender.join();
    CHECK(failures == 0);
    std::lock_guard lock(seen.mutex);
    CHECK(seen.dlrs.size() == 60);
}

TEST_CASE("stop is idempotent, the destructor stops, and a fixed port in use is refused") {
    WebhookReceiver first;
    first.start();
    WebhookReceiver second("127.0.0.1", first.port());
    CHECK_THROWS_AS(second.start(), connectel::Error);
    CHECK_THROWS_AS(first.start(), connectel::Error);  // once only
    first.stop();
    first.stop();
    httplib::Client client("127.0.0.1", first.port());
    client.set_connection_timeout(1, 0);
    CHECK_FALSE(client.Post("/", "{}", "application/json"));  // nobody listens any more

    {
        WebhookReceiver scoped;
        scoped.start();
        CHECK(scoped.port() > 0);
    }  // the destructor stops it and joins its thread
    WebhookReceiver never_started;
    never_started.stop();
}

TEST_CASE("answers are not held back by Nagle's algorithm") {
    // cpp-httplib writes an answer in pieces; with Nagle on, each keep-alive answer waits
    // 40 ms for the client's delayed ACK (20 callbacks: 800 ms). With TCP_NODELAY: a few ms.
    WebhookReceiver receiver;
    receiver.start();
    httplib::Client client("127.0.0.1", receiver.port());
    client.set_keep_alive(true);
    client.set_tcp_nodelay(true);
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < 20; ++i)
        REQUIRE(client.Post("/dlr", R"({"requestid":"R1","statusInt":1})", "application/json"));
    const auto elapsed = std::chrono::steady_clock::now() - start;
    CHECK(elapsed < std::chrono::milliseconds(400));  // generous for a loaded machine
}
