// testing.hpp's SimulatorProcess, used as a user's test would: the connectel-sim binary with a
// scenario whose DLR and inbound URLs point at a WebhookReceiver, driven over HTTP and the
// control API, with nothing left running afterwards.
#include <dirent.h>
#include <doctest/doctest.h>
#include <httplib.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "connectel/testing.hpp"
#include "connectel/webhooks.hpp"

using connectel::WebhookReceiver;
using connectel::api::Dlr;
using connectel::api::InboundSms;
using connectel::testing::SimulatorError;
using connectel::testing::SimulatorOptions;
using connectel::testing::SimulatorProcess;
using nlohmann::json;

namespace {

const std::string sim_path = CONNECTEL_SIM_PATH;

SimulatorOptions options_with(std::string scenario_text = {}) {
    SimulatorOptions options;
    options.binary = sim_path;
    options.scenario_text = std::move(scenario_text);
    options.seed = 42;
    return options;
}

std::string scenario_for(const WebhookReceiver& receiver) {
    const json scenario = {
        {"name", "library-test"},
        {"tokens",
         {{{"token", "test-token"},
           {"id", "tok-1"},
           {"dlr", {{"url", receiver.url("/dlr")}, {"format", "json"}}},
           {"inbound", {{"url", receiver.url("/sms")}, {"format", "form"}, {"numbers", {"46700000100"}}}}}}},
        {"lifecycle", {{{"after", "1s"}, {"status", "DELIVRD"}, {"desc", "Delivered to handset"}}}},
    };
    return scenario.dump(2);
}

// Collects callbacks; the handlers run on the receiver's threads.
struct Inbox {
    std::mutex mutex;  // guards dlrs, inbound and paths
    std::vector<Dlr> dlrs;
    std::vector<InboundSms> inbound;
    std::vector<std::string> paths;

    explicit Inbox(WebhookReceiver& receiver) {
        receiver.on_dlr([this](const Dlr& dlr, const connectel::CallbackRequest& request) {
            std::lock_guard lock(mutex);
            dlrs.push_back(dlr);
            paths.push_back(request.path);
        });
        receiver.on_inbound([this](const InboundSms& sms) {
            std::lock_guard lock(mutex);
            inbound.push_back(sms);
        });
    }
    std::vector<Dlr> dlrs_now() {
        std::lock_guard lock(mutex);
        return dlrs;
    }
    std::vector<InboundSms> inbound_now() {
        std::lock_guard lock(mutex);
        return inbound;
    }
};

std::string send(const SimulatorProcess& sim, const std::string& recipient, const std::string& message = "Hello",
                 const std::string& token = "test-token") {
    httplib::Client client(sim.base_url());
    const json body = {{"authorization", token}, {"sender", "IKEA"}, {"recipient", recipient}, {"message", message}};
    const auto res = client.Post("/api/v2/send/", body.dump(), "application/json");
    REQUIRE(res);
    REQUIRE(res->status == 200);
    return json::parse(res->body).at("requestid");
}

// A fresh TMPDIR for one test, restored and removed at the end.
class ScopedTmpdir {
public:
    ScopedTmpdir() {
        char dir_template[] = "/tmp/connectel-library-test-XXXXXX";
        dir_ = ::mkdtemp(dir_template);
        if (const char* old = std::getenv("TMPDIR")) saved_ = old;
        ::setenv("TMPDIR", dir_.c_str(), 1);
    }
    ~ScopedTmpdir() {
        if (saved_)
            ::setenv("TMPDIR", saved_->c_str(), 1);
        else
            ::unsetenv("TMPDIR");
        ::rmdir(dir_.c_str());
    }
    int entries() const {
        DIR* listing = ::opendir(dir_.c_str());
        if (!listing) return -1;
        int count = 0;
        while (const dirent* entry = ::readdir(listing))
            if (std::string(entry->d_name) != "." && std::string(entry->d_name) != "..") ++count;
        ::closedir(listing);
        return count;
    }

private:
    std::string dir_;
    std::optional<std::string> saved_;
};

bool process_exists(pid_t pid) {
    return ::kill(pid, 0) == 0 || errno != ESRCH;
}

}  // namespace

TEST_CASE("a DLR reaches a WebhookReceiver when the virtual clock moves, and is in callbacks()") {
    WebhookReceiver receiver;
    Inbox inbox(receiver);
    receiver.start();
    SimulatorProcess sim(options_with(scenario_for(receiver)));
    CHECK(sim.port() > 0);
    CHECK(sim.base_url() == "http://127.0.0.1:" + std::to_string(sim.port()));
    CHECK(sim.clock()["clock"] == "virtual");

    const std::string id = send(sim, "46700000000");
    CHECK(inbox.dlrs_now().empty());  // nothing until the clock moves

    const json advanced = sim.advance("1s");
    CHECK(advanced["now"] == "2020-01-01T00:00:01.000000Z");
    // advance returns after the callbacks due were attempted: no waiting here.
    const auto dlrs = inbox.dlrs_now();
    REQUIRE(dlrs.size() == 1);
    CHECK(dlrs[0].requestid == id);
    CHECK(dlrs[0].status.status == connectel::Status::Delivered);
    CHECK(dlrs[0].status_desc == "Delivered to handset");
    CHECK(dlrs[0].tokenid == "tok-1");
    CHECK(inbox.paths == std::vector<std::string>{"/dlr"});

    const json callbacks = sim.callbacks();
    REQUIRE(callbacks.size() == 1);
    CHECK(callbacks[0]["kind"] == "dlr");
    CHECK(callbacks[0]["url"] == receiver.url("/dlr"));
    CHECK(callbacks[0]["outcome"] == "delivered");
    CHECK(callbacks[0]["payload"]["requestid"] == id);

    const json messages = sim.messages({"46700000000", "", "", ""});
    REQUIRE(messages.size() == 1);
    CHECK(messages[0]["status"] == "DELIVRD");
    CHECK(sim.messages({"", "enroute", "", ""}).empty());
    const json requests = sim.requests();
    REQUIRE(requests.size() == 1);
    CHECK(requests[0]["path"] == "/api/v2/send/");
    CHECK(requests[0]["body"]["authorization"] == "****");
}

TEST_CASE("inbound SMS, forced statuses, reset and scenarios through the control API") {
    WebhookReceiver receiver;
    Inbox inbox(receiver);
    receiver.start();
    SimulatorProcess sim(options_with(scenario_for(receiver)));

    const json sms = sim.inbound("35890010000", "46700000100", "Hej då");
    CHECK(sms["from"] == "35890010000");
    auto inbound = inbox.inbound_now();  // on a virtual clock, inbound() returns after the attempt
    REQUIRE(inbound.size() == 1);
    CHECK(inbound[0].from == "35890010000");
    CHECK(inbound[0].to == "46700000100");
    CHECK(inbound[0].message == "Hej då");
    CHECK(sim.inbound_messages().size() == 1);

    const std::string id = send(sim, "46700000001");
    const json forced = sim.force_status(id, connectel::Status::Rejected, "Blocked by operator");
    CHECK(forced["status"] == "REJECTD");
    auto dlrs = inbox.dlrs_now();
    REQUIRE(dlrs.size() == 1);
    CHECK(dlrs[0].status.status == connectel::Status::Rejected);
    CHECK(dlrs[0].status_desc == "Blocked by operator");

    sim.reset();
    CHECK(sim.messages().empty());
    CHECK(sim.callbacks().empty());

    const json loaded =
        sim.load_scenario(R"({"name": "second", "lifecycle": [{"after": "5s", "status": "EXPIRED"}]})");
    CHECK(loaded["status"] == "loaded");
    CHECK(sim.scenario()["name"] == "second");

    try {
        sim.load_scenario(
            "{\n  \"name\": \"bad\",\n  \"lifecycle\": [{\"after\": \"soon\", \"status\": "
            "\"DELIVRD\"}]\n}\n");
        FAIL("no exception");
    } catch (const SimulatorError& e) {
        CHECK(e.http_status() == 400);
        REQUIRE(e.problems().size() == 1);
        CHECK(e.problems()[0].rfind("body:3:27: bad duration \"soon\"", 0) == 0);
        CHECK(std::string(e.what()).find("invalid_scenario") != std::string::npos);
    }
    CHECK(sim.scenario()["name"] == "second");  // the bad one changed nothing

    try {
        sim.force_status("RNOSUCHMESSAGE00.00000000000000000", "DELIVRD");
        FAIL("no exception");
    } catch (const SimulatorError& e) {
        CHECK(e.http_status() == 404);
    }
}

TEST_CASE("wait_for_message returns a message sent meanwhile; a wait that ends first throws WaitTimedOut with the clock") {
    WebhookReceiver receiver;
    Inbox inbox(receiver);
    receiver.start();
    SimulatorProcess sim(options_with(scenario_for(receiver)));
    std::string id;
    std::thread sender([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        id = send(sim, "46700001234", "Your code is 123456");
    });
    const json message = sim.wait_for_message({"46700001234"}, std::chrono::seconds(20));
    sender.join();
    CHECK(message["requestid"] == id);
    CHECK(message["message"] == "Your code is 123456");

    connectel::testing::MessageFilter delivered;
    delivered.recipient = "46700001234";
    delivered.status = "DELIVRD";
    try {
        sim.wait_for_messages(delivered, std::chrono::milliseconds(200));
        FAIL("the wait did not end");
    } catch (const connectel::testing::WaitTimedOut& e) {
        CHECK(e.found().empty());
        CHECK(e.clock()["pending"] == 1);  // the DELIVRD step: the virtual clock waits for advance()
        CHECK(std::string(e.what()).find("advance() it?") != std::string::npos);
    }
    sim.advance("1s");
    CHECK(sim.wait_for_messages(delivered, std::chrono::seconds(5)).size() == 1);
    const json dlrs = sim.wait_for_callbacks({"dlr", id}, std::chrono::seconds(5));
    CHECK(dlrs.at(0)["outcome"] == "delivered");
    sim.inbound("35890010000", "46700000100", "STOP");
    CHECK(sim.wait_for_inbound({"35890010000"}, std::chrono::seconds(5)).at(0)["message"] == "STOP");
    CHECK_THROWS_AS(sim.wait_for_messages({}, std::chrono::seconds(61)), SimulatorError);
}

TEST_CASE("tests sharing one simulator read and reset their own token only") {
    SimulatorProcess sim(options_with());  // the default scenario: any token
    send(sim, "46700000011", "Hello", "alice");
    const std::string bobs = send(sim, "46700000022", "Hello", "bob");
    connectel::testing::MessageFilter of_bob;
    of_bob.token = "bob";
    REQUIRE(sim.messages(of_bob).size() == 1);
    const json forgotten = sim.reset_token("alice");
    CHECK(forgotten["forgotten"]["messages"] == 1);
    const json left = sim.messages();
    REQUIRE(left.size() == 1);
    CHECK(left[0]["requestid"] == bobs);
    connectel::testing::MessageFilter by_id;
    by_id.tokenid = left[0]["tokenid"];
    CHECK(sim.wait_for_message(by_id, std::chrono::seconds(5))["requestid"] == bobs);
    connectel::testing::CallbackFilter alices;
    alices.token = "alice";
    CHECK(sim.callbacks(alices).empty());
}

TEST_CASE("set_token points one token's DLRs at a receiver before its first send") {
    WebhookReceiver receiver;
    Inbox inbox(receiver);
    receiver.start();
    SimulatorProcess sim(options_with());  // the default scenario: no callbacks of its own
    const json carol = sim.set_token("carol", {{"dlr", {{"url", receiver.url("/dlr")}}}});
    CHECK(carol["dlr"]["from"] == "run time");
    const std::string id = send(sim, "46700000011", "Hello", "carol");
    send(sim, "46700000022", "Hello", "dave");  // no DLR URL: none posted
    sim.advance("1s");
    const auto dlrs = inbox.dlrs_now();
    REQUIRE(dlrs.size() == 1);
    CHECK(dlrs[0].requestid == id);
    CHECK(dlrs[0].tokenid == carol["id"]);
    CHECK(sim.tokens()["tokens"].size() == 3);  // the default entry, carol and dave
}

TEST_CASE("an invalid scenario fails the start with its problems, its exit status and no file left") {
    ScopedTmpdir tmpdir;  // shows that the temporary scenario file is removed
    try {
        SimulatorProcess sim(
            options_with("{\n  \"name\": \"bad\",\n  \"lifecycle\": [{\"after\": \"soon\", \"status\": "
                         "\"DELIVRD\"}]\n}\n"));
        FAIL("no exception");
    } catch (const SimulatorError& e) {
        const std::string what = e.what();
        CAPTURE(what);
        CHECK(what.find("connectel-sim exited before it was ready (exit status 1)") == 0);
        CHECK(what.find("scenario_text:3:27: bad duration \"soon\"") != std::string::npos);
        CHECK(what.find("the scenario is invalid; nothing started") != std::string::npos);
        CHECK(e.exit_status() == 1);
        REQUIRE(e.problems().size() == 1);
        CHECK(e.problems()[0].rfind("scenario_text:3:27: bad duration", 0) == 0);
    }
    CHECK(tmpdir.entries() == 0);
}

TEST_CASE("a scenario text's temporary file is gone once the simulator is ready") {
    ScopedTmpdir tmpdir;
    SimulatorProcess sim(options_with(R"({"name": "from-text"})"));
    CHECK(tmpdir.entries() == 0);
    CHECK(sim.scenario()["name"] == "from-text");
}

TEST_CASE("a scenario file is passed as it is; problems name the file") {
    char path[] = "/tmp/connectel-library-scenario-XXXXXX";
    const int fd = ::mkstemp(path);
    REQUIRE(fd >= 0);
    const std::string text = "{\"name\": \"file\", \"rules\": [{\"match\": {}, \"nonsense\": 1}]}";
    REQUIRE(::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()));
    ::close(fd);
    SimulatorOptions options = options_with();
    options.scenario_file = path;
    try {
        SimulatorProcess sim(options);
        FAIL("no exception");
    } catch (const SimulatorError& e) {
        REQUIRE_FALSE(e.problems().empty());
        CHECK(e.problems()[0].rfind(std::string(path) + ":1:", 0) == 0);
    }
    ::unlink(path);
}

TEST_CASE("the destructor stops the simulator and leaves no process, not even a zombie") {
    pid_t pid = -1;
    {
        SimulatorProcess sim(options_with());
        pid = sim.pid();
        REQUIRE(pid > 0);
        CHECK(process_exists(pid));
        CHECK(sim.running());
    }
    CHECK_FALSE(process_exists(pid));  // a zombie would still answer kill(pid, 0)
}

TEST_CASE("stop() is a clean SIGTERM stop, idempotent, and later calls say it has gone") {
    SimulatorProcess sim(options_with());
    const pid_t pid = sim.pid();
    CHECK(sim.stop() == 0);
    CHECK(sim.stop() == 0);
    CHECK_FALSE(sim.running());
    CHECK_FALSE(process_exists(pid));
    CHECK_THROWS_WITH_AS(sim.clock(), doctest::Contains("it has exited: exit status 0"), SimulatorError);
}

TEST_CASE("a simulator killed from outside is reported by the next call") {
    SimulatorProcess sim(options_with());
    ::kill(sim.pid(), SIGKILL);
    try {
        sim.messages();
        FAIL("no exception");
    } catch (const SimulatorError& e) {
        CHECK(std::string(e.what()).find("connectel-sim did not answer GET /_sim/messages") == 0);
        CHECK(e.exit_status() == -SIGKILL);
    }
}

TEST_CASE("the log keeps what it wrote to stderr, up to its stop") {
    SimulatorProcess sim(options_with());
    send(sim, "46700000000");
    // The log line may follow the answer; after a stop, everything written is in.
    CHECK(sim.stop() == 0);
    CHECK(sim.log().find("POST /api/v2/send/ 200") != std::string::npos);
}

TEST_CASE("moves hand the process over; a move-assignment stops the process it replaces") {
    SimulatorProcess first(options_with());
    const pid_t pid = first.pid();
    send(first, "46700000000");
    SimulatorProcess second(std::move(first));
    CHECK(second.pid() == pid);
    CHECK(second.messages().size() == 1);
    CHECK_THROWS_AS(first.clock(), SimulatorError);  // NOLINT(bugprone-use-after-move): on purpose

    SimulatorProcess third(options_with());
    const pid_t replaced = third.pid();
    third = std::move(second);  // stops the one third had
    CHECK_FALSE(process_exists(replaced));
    CHECK(third.pid() == pid);
    CHECK(third.messages().size() == 1);
}

TEST_CASE("the binary comes from the option, then CONNECTEL_SIM, then PATH") {
    SimulatorOptions options;
    options.binary.clear();
    ::setenv("CONNECTEL_SIM", sim_path.c_str(), 1);
    {
        SimulatorProcess sim(options);
        CHECK(sim.port() > 0);
    }
    ::unsetenv("CONNECTEL_SIM");
    options.binary = "connectel-sim-that-does-not-exist";
    CHECK_THROWS_WITH_AS(SimulatorProcess{options},
                         doctest::Contains("cannot start connectel-sim-that-does-not-exist"), SimulatorError);
    // A bare name is looked up on PATH.
    const std::string dir = sim_path.substr(0, sim_path.rfind('/'));
    const char* old_path = std::getenv("PATH");
    const std::string saved = old_path ? old_path : "";
    ::setenv("PATH", (dir + ":" + saved).c_str(), 1);
    options.binary = "connectel-sim";
    {
        SimulatorProcess sim(options);
        CHECK(sim.port() > 0);
    }
    ::setenv("PATH", saved.c_str(), 1);
}

TEST_CASE("a real clock refuses advance; a bad flag fails the start with exit status 2") {
    SimulatorOptions options = options_with();
    options.clock = connectel::testing::ClockMode::Real;
    SimulatorProcess sim(options);
    CHECK(sim.clock()["clock"] == "real");
    try {
        sim.advance(std::chrono::seconds(1));
        FAIL("no exception");
    } catch (const SimulatorError& e) {
        CHECK(e.http_status() == 409);
        CHECK(std::string(e.what()).find("clock_not_virtual") != std::string::npos);
    }

    SimulatorOptions bad = options_with();
    bad.extra_args = {"--no-such-flag"};
    try {
        SimulatorProcess never(bad);
        FAIL("no exception");
    } catch (const SimulatorError& e) {
        CHECK(e.exit_status() == 2);
        CHECK(std::string(e.what()).find("--no-such-flag") != std::string::npos);
    }
}

TEST_CASE("advance takes a std::chrono duration too") {
    WebhookReceiver receiver;
    Inbox inbox(receiver);
    receiver.start();
    SimulatorProcess sim(options_with(scenario_for(receiver)));
    send(sim, "46700000000");
    sim.advance(std::chrono::milliseconds(999));
    CHECK(inbox.dlrs_now().empty());
    sim.advance(std::chrono::milliseconds(1));
    CHECK(inbox.dlrs_now().size() == 1);
}

TEST_CASE("a binary that never says it is ready times out with what it printed, and is killed") {
    char path[] = "/tmp/connectel-library-silent-XXXXXX";
    const int fd = ::mkstemp(path);
    REQUIRE(fd >= 0);
    const std::string script = "#!/bin/sh\necho 'starting up' >&2\nexec sleep 30\n";
    REQUIRE(::write(fd, script.data(), script.size()) == static_cast<ssize_t>(script.size()));
    ::fchmod(fd, 0700);
    ::close(fd);
    SimulatorOptions options;
    options.binary = path;
    options.start_timeout = std::chrono::milliseconds(300);
    try {
        SimulatorProcess sim(options);
        FAIL("no exception");
    } catch (const SimulatorError& e) {
        const std::string what = e.what();
        CAPTURE(what);
        CHECK(what.find("connectel-sim printed no ready line within 300 ms") == 0);
        CHECK(what.find("starting up") != std::string::npos);
        CHECK(e.exit_status() == -SIGKILL);
    }
    ::unlink(path);
}

TEST_CASE("spawn_process starts a program with the streams asked for; wait_for_exit reaps it") {
    using connectel::testing::Stdio;
    const auto child = connectel::testing::spawn_process({"sh", "-c", "read line; echo \"got $line\"; exit 3"},
                                                         Stdio::Pipe, Stdio::Pipe, Stdio::Null);
    REQUIRE(child.pid > 0);
    CHECK(child.err == -1);
    CHECK(::write(child.in, "hi\n", 3) == 3);
    ::close(child.in);
    std::string out;
    char buffer[64];
    for (ssize_t n; (n = ::read(child.out, buffer, sizeof buffer)) > 0;) out.append(buffer, std::size_t(n));
    ::close(child.out);
    CHECK(out == "got hi\n");
    CHECK(connectel::testing::wait_for_exit(child.pid, std::chrono::seconds(10)) == 3);

    const auto sleeper = connectel::testing::spawn_process({"sleep", "30"}, Stdio::Null, Stdio::Null, Stdio::Null);
    CHECK_FALSE(connectel::testing::wait_for_exit(sleeper.pid, std::chrono::milliseconds(20)).has_value());
    ::kill(sleeper.pid, SIGKILL);
    CHECK(connectel::testing::wait_for_exit(sleeper.pid, std::chrono::seconds(10)) == -SIGKILL);

    CHECK_THROWS_AS(connectel::testing::spawn_process({"/nonexistent/connectel-nothing"}), SimulatorError);
}
