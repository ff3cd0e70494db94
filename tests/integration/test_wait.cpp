// Waiting lists over real HTTP: GET /_sim/messages, /_sim/inbound and /_sim/callbacks with
// wait=DURATION and min=N answer once the filtered list holds N items, or when the wait ends
// (timedOut), without moving a virtual clock and without taking the threads that serve sends.
#include <doctest/doctest.h>

#include <chrono>
#include <future>
#include <string>
#include <thread>

#include "callback_receiver.hpp"
#include "sim_checks.hpp"

using namespace connectel_tests;
using nlohmann::json;
using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

namespace {

struct Answer {
    int status = 0;
    json body;
    milliseconds took{0};
};

// GET `path` on a connection of its own (a waiting call holds its connection), in the
// background; the client gives up after 30 s.
std::future<Answer> get_later(const RunningSimulator& sim, const std::string& path) {
    return std::async(std::launch::async, [base = sim.base_url(), path] {
        httplib::Client client(base);
        client.set_read_timeout(30, 0);
        const auto began = Clock::now();
        const auto res = client.Get(path.c_str());
        Answer answer;
        answer.took = std::chrono::duration_cast<milliseconds>(Clock::now() - began);
        if (!res) return answer;
        answer.status = res->status;
        answer.body = json::parse(res->body, nullptr, false);
        return answer;
    });
}

// Until `count` calls wait in the simulator (real time, at most 10 s).
void until_waiting(RunningSimulator& sim, std::size_t count) {
    const auto give_up = Clock::now() + std::chrono::seconds(10);
    while (sim.simulator().waiting() < count && Clock::now() < give_up) std::this_thread::sleep_for(milliseconds(1));
    REQUIRE(sim.simulator().waiting() == count);
}

// True when the answer has not come within `grace`.
bool still_waiting(std::future<Answer>& answer, milliseconds grace = milliseconds(100)) {
    return answer.wait_for(grace) == std::future_status::timeout;
}

}  // namespace

TEST_CASE("a wait already satisfied answers at once, with timedOut false and the clock") {
    RunningSimulator sim;
    const std::string id = send_hi(sim, "46700001234");
    const json page = sim.get_json("/_sim/messages?recipient=46700001234&wait=20s");
    CHECK(page["count"] == 1);
    CHECK(page["messages"][0]["requestid"] == id);
    CHECK(page["timedOut"] == false);
    CHECK(page["clock"]["clock"] == "virtual");
    CHECK(sim.simulator().waiting() == 0);
}

TEST_CASE("a waiting list answers as soon as a send it waits for is accepted") {
    RunningSimulator sim;
    auto answer = get_later(sim, "/_sim/messages?recipient=46700001234&wait=20s");
    until_waiting(sim, 1);
    send_hi(sim, "46700005678");  // another recipient: not what it waits for
    CHECK(still_waiting(answer));
    const std::string id = send_hi(sim, "46700001234");
    const Answer got = answer.get();
    CHECK(got.status == 200);
    CHECK(got.body["count"] == 1);
    CHECK(got.body["messages"][0]["requestid"] == id);
    CHECK(got.body["timedOut"] == false);
    CHECK(got.took < milliseconds(10'000));
    CHECK(sim.simulator().waiting() == 0);
}

TEST_CASE("a wait that ends answers with what there is, timedOut true, and never moves a virtual clock") {
    RunningSimulator sim;
    send_hi(sim, "46700001234");
    const json before = sim.get_json("/_sim/clock");
    const json page = sim.get_json("/_sim/messages?recipient=46700001234&wait=300ms&min=2");
    CHECK(page["count"] == 1);
    CHECK(page["timedOut"] == true);
    CHECK(page["clock"]["now"] == before["now"]);
    CHECK(page["clock"]["pending"] == before["pending"]);
    CHECK(page["clock"]["pending"].get<int>() >= 1);  // the DELIVRD step, due when the test advances
    CHECK(sim.get_json("/_sim/clock")["now"] == before["now"]);
}

TEST_CASE("wait with status= answers when a message reaches that status") {
    RunningSimulator sim;
    const std::string id = send_hi(sim, "46700001234");
    auto answer = get_later(sim, "/_sim/messages?recipient=46700001234&status=DELIVRD&wait=20s");
    until_waiting(sim, 1);
    CHECK(still_waiting(answer));
    sim.advance("1s");
    const Answer got = answer.get();
    CHECK(got.body["count"] == 1);
    CHECK(got.body["messages"][0]["requestid"] == id);
    CHECK(got.body["messages"][0]["status"] == "DELIVRD");
    CHECK(got.body["timedOut"] == false);
}

TEST_CASE("min=3 answers at the third message, with all three") {
    RunningSimulator sim;
    auto answer = get_later(sim, "/_sim/messages?sender=IKEA&wait=20s&min=3");
    until_waiting(sim, 1);
    send_hi(sim, "46700001001");
    send_hi(sim, "46700001002");
    CHECK(still_waiting(answer));
    send_hi(sim, "46700001003");
    const Answer got = answer.get();
    CHECK(got.body["count"] == 3);
    CHECK(got.body["timedOut"] == false);
}

TEST_CASE("waits on /_sim/inbound and /_sim/callbacks answer when an inbound SMS and a DLR attempt come") {
    CallbackReceiver receiver;
    RunningSimulator sim(test_options(R"({"name": "wait", "tokens": [{"token": "tok", "id": "tok-1",
        "dlr": {"url": ")" + receiver.url("/dlr") + R"(", "format": "json"},
        "inbound": {"url": ")" + receiver.url("/in") + R"(", "format": "json", "numbers": ["46700000100"]}}]})"));

    auto inbound = get_later(sim, "/_sim/inbound?from=35890010000&wait=20s");
    until_waiting(sim, 1);
    sim.control("/_sim/inbound", {{"from", "35890010000"}, {"to", "46700000100"}, {"message", "STOP"}});
    const Answer sms = inbound.get();
    CHECK(sms.body["count"] == 1);
    CHECK(sms.body["inbound"][0]["message"] == "STOP");
    CHECK(sms.body["timedOut"] == false);

    const std::string id = send_hi(sim, "46700001234");
    auto dlr = get_later(sim, "/_sim/callbacks?kind=dlr&requestid=" + id + "&wait=20s");
    until_waiting(sim, 1);
    sim.advance("1s");  // DELIVRD, and its DLR
    const Answer attempt = dlr.get();
    CHECK(attempt.body["count"] == 1);
    CHECK(attempt.body["callbacks"][0]["outcome"] == "delivered");
    CHECK(attempt.body["timedOut"] == false);
    CHECK(attempt.body.contains("pending"));
}

TEST_CASE("bad wait= and min= values are 400s naming the parameter") {
    RunningSimulator sim;
    check_bad_parameter(sim, "/_sim/messages?wait=soon", "wait");
    check_bad_parameter(sim, "/_sim/messages?wait=61s", "wait");
    check_bad_parameter(sim, "/_sim/messages?wait=-1s", "wait");
    check_bad_parameter(sim, "/_sim/inbound?wait=5s&min=0", "min");
    check_bad_parameter(sim, "/_sim/callbacks?wait=5s&min=many", "min");
    check_bad_parameter(sim, "/_sim/messages?wait=5s&min=101", "min");  // over the page's limit
    check_bad_parameter(sim, "/_sim/messages?min=2", "min");             // no wait to count for
    // min is bounded by the page's limit, whatever it is; wait=0s answers at once.
    const json page = sim.get_json("/_sim/messages?wait=0s&min=150&limit=200");
    CHECK(page["count"] == 0);
    CHECK(page["timedOut"] == true);
}

TEST_CASE("calls that wait do not take the threads that serve sends") {
    auto options = test_options();
    options.tuning.threads = 2;
    RunningSimulator sim(options);
    std::vector<std::future<Answer>> answers;
    for (int i = 0; i < 6; ++i)
        answers.push_back(get_later(sim, "/_sim/messages?recipient=4670000200" + std::to_string(i) + "&wait=30s"));
    until_waiting(sim, 6);
    // Three times as many waiting calls as threads, and a send is still answered at once (the
    // fixture's client gives up after 10 s; the waits last 30).
    for (int i = 0; i < 6; ++i) send_hi(sim, "4670000200" + std::to_string(i));
    for (auto& answer : answers) {
        const Answer got = answer.get();
        CHECK(got.body["count"] == 1);
        CHECK(got.body["timedOut"] == false);
    }
}

TEST_CASE("past the simulator's waiting calls, one more is a 503; stopping answers those waiting at once") {
    auto options = test_options();
    options.tuning.max_waiting = 2;
    RunningSimulator sim(options);
    auto first = get_later(sim, "/_sim/messages?recipient=46700001234&wait=60s");
    auto second = get_later(sim, "/_sim/inbound?wait=60s");
    until_waiting(sim, 2);
    const auto res = sim.get("/_sim/callbacks?wait=60s");
    REQUIRE(res);
    CHECK(res->status == 503);
    CHECK(json::parse(res->body)["error"]["code"] == "too_many_waiters");

    sim.simulator().stop();
    for (auto* answer : {&first, &second}) {
        const Answer got = answer->get();
        CHECK(got.took < milliseconds(10'000));
        if (got.status == 200) CHECK(got.body["timedOut"] == true);  // or the connection closed
    }
}
