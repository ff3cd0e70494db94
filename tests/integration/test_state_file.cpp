// --state FILE as a user relies on it: everything comes back after a restart, kill -9 included,
// with pending lifecycle steps and callback retries rescheduled; a file it cannot use is
// refused before it listens and left untouched; an older schema is migrated; resets, loads
// and --max-messages bound the file as they bound memory.
#include <doctest/doctest.h>
#include <httplib.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <thread>

#include "callback_receiver.hpp"
#include "child_process.hpp"

using namespace connectel_tests;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

const std::string sim_path = CONNECTEL_SIM_PATH;

struct TempDir {
    TempDir() {
        char dir_template[] = "/tmp/connectel-sim-state-XXXXXX";
        path = mkdtemp(dir_template);
    }
    ~TempDir() { fs::remove_all(path); }
    std::string file(const std::string& name) const { return path + "/" + name; }
    std::string path;
};

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

// connectel-sim on a free port, with its client.
struct Sim {
    explicit Sim(std::vector<std::string> args) : process(sim_path, with_port(std::move(args))) {
        const std::string ready = process.read_line();
        std::smatch match;
        REQUIRE(std::regex_match(ready, match, std::regex("connectel-sim listening on (http://127\\.0\\.0\\.1:[0-9]+)")));
        base_url = match[1].str();
        client = std::make_unique<httplib::Client>(base_url);
    }
    static std::vector<std::string> with_port(std::vector<std::string> args) {
        args.insert(args.end(), {"--port", "0", "--log-level", "error"});
        return args;
    }
    json get(const std::string& path) {
        const auto res = client->Get(path.c_str());
        REQUIRE(res);
        REQUIRE_MESSAGE(res->status == 200, path << ": " << res->body);
        return json::parse(res->body);
    }
    json post(const std::string& path, const std::string& body, const char* type = "application/json") {
        const auto res = client->Post(path.c_str(), body, type);
        REQUIRE(res);
        REQUIRE_MESSAGE(res->status == 200, path << ": " << res->body);
        return json::parse(res->body);
    }
    std::string send(const std::string& recipient, const std::string& text = "Hi") {
        return post("/api/v2/send/", "authorization=tok&sender=IKEA&recipient=" + recipient + "&message=" + text,
                    "application/x-www-form-urlencoded")["requestid"];
    }
    void advance(const std::string& by) { post("/_sim/clock/advance", R"({"by": ")" + by + R"("})"); }
    int stop() {
        process.signal(SIGTERM);
        return process.wait();
    }
    void kill9() {
        process.signal(SIGKILL);
        process.wait();
    }

    ChildProcess process;
    std::string base_url;
    std::unique_ptr<httplib::Client> client;
};

// The state file read as a user reads it, with SQLite; a query's first column of its first row.
std::int64_t query(const std::string& path, const std::string& sql) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    sqlite3_stmt* stmt = nullptr;
    REQUIRE_MESSAGE(sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK, sqlite3_errmsg(db));
    std::int64_t value = -1;
    if (sqlite3_step(stmt) == SQLITE_ROW) value = sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return value;
}

void run_sql(const std::string& path, const std::string& sql) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    char* error = nullptr;
    const int code = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
    const std::string message = error ? error : "";
    sqlite3_free(error);
    sqlite3_close(db);
    REQUIRE_MESSAGE(code == SQLITE_OK, message);
}

// The batches are written on the writer's own time (every 100 ms): waits, in real time, until
// `sql` answers `expected`.
bool file_shows(const std::string& path, const std::string& sql, std::int64_t expected) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < deadline) {
        if (fs::exists(path) && query(path, sql) == expected) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
}

// The queries docs/simulator.md shows under "Reading the file": each `sqlite3 sim.db '...'` (or
// "...", over several lines) of its sh block.
std::vector<std::string> documented_queries() {
    const std::string doc = read_file(CONNECTEL_DOCS_DIR "/simulator.md");
    const auto section = doc.find("### Reading the file");
    REQUIRE(section != std::string::npos);
    const auto block = doc.find("```sh\n", section), end = doc.find("```\n", block + 6);
    std::vector<std::string> queries;
    for (auto at = doc.find("sqlite3 sim.db ", block); at < end; at = doc.find("sqlite3 sim.db ", at)) {
        const std::size_t open = at + 15;
        const std::size_t close = doc.find(doc[open], open + 1);
        queries.push_back(doc.substr(open + 1, close - open - 1));
        at = close;
    }
    return queries;
}

// Runs `sql` on the file; its rows, each row's columns joined by '|'.
std::vector<std::string> rows_of(const std::string& path, const std::string& sql) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    sqlite3_stmt* stmt = nullptr;
    REQUIRE_MESSAGE(sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK, sqlite3_errmsg(db));
    std::vector<std::string> rows;
    while (sqlite3_step(stmt) == SQLITE_ROW) {
        std::string row;
        for (int i = 0; i < sqlite3_column_count(stmt); ++i) {
            const auto* text = sqlite3_column_text(stmt, i);
            row += (i ? "|" : "") + std::string(text ? reinterpret_cast<const char*>(text) : "NULL");
        }
        rows.push_back(row);
    }
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return rows;
}

std::string scenario_file(const TempDir& dir, const CallbackReceiver& receiver) {
    const std::string path = dir.file("scenario.json");
    std::ofstream(path) << R"({"name": "restart", "clock": "virtual", "seed": 5,
  "tokens": [{"token": "tok", "id": "tok-1", "dlr": {"url": ")" << receiver.url("/dlr") << R"("},
              "inbound": {"url": ")" << receiver.url("/in") << R"(", "numbers": ["46700000100"]}}],
  "lifecycle": [{"after": "1s", "status": "DELIVRD"}],
  "callbacks": {"retries": 5, "backoff": "10s"}})";
    return path;
}

}  // namespace

TEST_CASE("after kill -9, a restart brings back messages, inbound SMS, callbacks with their retries, the journal") {
    TempDir dir;
    CallbackReceiver receiver;
    receiver.set_down(true);  // every callback fails and waits for its retry
    const std::string state = dir.file("state.db"), scenario = scenario_file(dir, receiver);
    std::string delivered, pending;
    {
        Sim sim({"--scenario", scenario, "--state", state});
        delivered = sim.send("46700000000");
        sim.advance("2s");  // delivered; its DLR failed, retried 10 s on
        pending = sim.send("46700000001");  // its step is due at 00:00:03
        sim.post("/_sim/inbound", R"({"from": "46700000000", "to": "46700000100", "message": "Thanks"})");
        REQUIRE(file_shows(state, "select count(*) from callbacks", 2));
        REQUIRE(file_shows(state, "select count(*) from requests", 2));
        // The documentation's queries, read while it runs: each message's recipient and status,
        // and the attempts that did not deliver.
        const auto queries = documented_queries();
        REQUIRE(queries.size() == 2);
        CHECK(rows_of(state, queries[0]) ==
              std::vector<std::string>{"46700000000|DELIVRD", "46700000001|ENROUTE"});
        const auto failed = rows_of(state, queries[1]);
        REQUIRE(failed.size() == 2);
        CHECK(failed[0] == receiver.url("/dlr") + "|1|http 503|2020-01-01 00:00:01");
        sim.kill9();
    }
    Sim sim({"--scenario", scenario, "--state", state});
    CHECK(sim.get("/_sim/clock")["now"] == "2020-01-01T00:00:02.000000Z");
    const json messages = sim.get("/_sim/messages")["messages"];
    REQUIRE(messages.size() == 2);
    CHECK(sim.get("/_sim/requests")["requests"].size() == 2);
    CHECK(messages[0]["requestid"] == delivered);
    CHECK(messages[0]["status"] == "DELIVRD");
    CHECK(messages[1]["status"] == "ENROUTE");
    // The vendor API finds the old ids.
    CHECK(sim.get("/api/v2/delivery/?authorization=tok&requestid=" + delivered)["statusStr"] == "DELIVRD");
    CHECK(sim.get("/_sim/inbound")["inbound"].size() == 1);
    const json attempts = sim.get("/_sim/callbacks")["callbacks"];
    REQUIRE(attempts.size() == 2);
    CHECK(attempts[0]["outcome"] == "will_retry");

    receiver.set_down(false);
    sim.advance("1s");  // the second message's step, due while the simulator was down, runs
    CHECK(sim.get("/_sim/messages/" + pending)["status"] == "DELIVRD");
    // Its row came back from the file, so only its status is written again.
    CHECK(file_shows(state, "select count(*) from messages where status = 'DELIVRD'", 2));
    sim.advance("10s");  // and the retries come due
    bool retried_dlr = false;
    const json callbacks = sim.get("/_sim/callbacks");
    for (const auto& attempt : callbacks["callbacks"])
        if (attempt["kind"] == "dlr" && attempt["attempt"] == 2 && attempt["outcome"] == "delivered") retried_dlr = true;
    CHECK_MESSAGE(retried_dlr, callbacks.dump(1));
    CHECK(receiver.wait_for(3));  // the old DLR's retry, the inbound SMS's retry, the new DLR

    const std::string third = sim.send("46700000002");
    CHECK(third != delivered);
    CHECK(third != pending);
    CHECK(sim.get("/_sim/messages")["messages"].size() == 3);
    // A message written whole, then changed: its row follows.
    REQUIRE(file_shows(state, "select count(*) from messages where status = 'ENROUTE'", 1));
    sim.advance("2s");
    CHECK(file_shows(state, "select count(*) from messages where status = 'DELIVRD'", 3));
    CHECK(file_shows(state, "select count(*) from messages where json_array_length(history) < 2", 0));
    CHECK(sim.stop() == 0);
}

TEST_CASE("kill -9 in the middle of a load leaves a file that opens with every batch committed") {
    TempDir dir;
    const std::string state = dir.file("state.db");
    struct Answered {
        std::string id;
        std::chrono::steady_clock::time_point at;
    };
    std::vector<Answered> answered;
    std::chrono::steady_clock::time_point killed;
    {
        Sim sim({"--state", state});
        std::atomic<bool> stop{false};
        std::thread load([&] {
            httplib::Client client(sim.base_url);
            for (int i = 0; !stop; ++i) {
                const auto res = client.Post("/api/v2/send/",
                                             "authorization=tok&sender=IKEA&recipient=4670000" + std::to_string(1000 + i) +
                                                 "&message=load",
                                             "application/x-www-form-urlencoded");
                if (!res || res->status != 200) break;  // killed
                answered.push_back({json::parse(res->body)["requestid"], std::chrono::steady_clock::now()});
            }
        });
        std::this_thread::sleep_for(std::chrono::milliseconds(1500));
        killed = std::chrono::steady_clock::now();
        sim.process.signal(SIGKILL);  // while the load goes on
        sim.process.wait();
        stop = true;
        load.join();
    }
    REQUIRE(answered.size() > 10);
    Sim sim({"--state", state});
    // Batches go every 100 ms: whatever was answered a second before the kill is in the file.
    std::size_t older = 0;
    for (const auto& a : answered) {
        if (killed - a.at < std::chrono::seconds(1)) continue;
        ++older;
        const auto res = sim.client->Get(("/_sim/messages/" + a.id).c_str());
        REQUIRE(res);
        CHECK_MESSAGE(res->status == 200, a.id);
    }
    CHECK(older > 0);
    const std::size_t kept = sim.get("/_sim/messages?limit=1")["total"];
    CHECK(kept >= older);
    CHECK(kept <= answered.size());
    CHECK(sim.stop() == 0);
}

TEST_CASE("a file it cannot use: exit 1 naming it and what is wrong, before listening, the file untouched") {
    TempDir dir;
    const std::string text = dir.file("notes.txt"), other = dir.file("other.db"), newer = dir.file("newer.db"),
                      corrupt = dir.file("corrupt.db");
    std::ofstream(text) << "shopping list\n";
    run_sql(other, "CREATE TABLE recipes (name TEXT); INSERT INTO recipes VALUES ('soup');");
    run_sql(newer, "PRAGMA application_id = 1129206867; PRAGMA user_version = 99; CREATE TABLE future (x);");
    {
        Sim sim({"--state", corrupt});
        for (int i = 0; i < 200; ++i) sim.send("46700000" + std::to_string(100 + i), std::string(200, 'x'));
        REQUIRE(sim.stop() == 0);
    }
    {  // pages past the first overwritten: the header still says SQLite
        std::fstream file(corrupt, std::ios::in | std::ios::out | std::ios::binary);
        file.seekp(4096);
        const std::string garbage(8192, '\x5a');
        file.write(garbage.data(), static_cast<std::streamsize>(garbage.size()));
    }
    const struct {
        std::string path, says;
    } cases[] = {
        {text, "not an SQLite database"},
        {other, "not a connectel-sim state file"},
        {newer, "written by a newer connectel-sim (schema version 99"},
        {corrupt, "corrupt"},
        {dir.path, "not a regular file"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.path);
        const std::string before = fs::is_regular_file(c.path) ? read_file(c.path) : "";
        ChildProcess sim(sim_path, {"--port", "0", "--state", c.path});
        CHECK(sim.wait() == 1);
        const std::string err = sim.read_all_stderr();
        CHECK(err.rfind(c.path + ": ", 0) == 0);
        CHECK(err.find(c.says) != std::string::npos);
        CHECK_THROWS(sim.read_line(std::chrono::milliseconds(100)));  // it never listened
        if (fs::is_regular_file(c.path)) CHECK(read_file(c.path) == before);
    }
}

TEST_CASE("a file of the previous schema version is migrated and comes back") {
    TempDir dir;
    const std::string state = dir.file("v1.db");
    run_sql(state, read_file(CONNECTEL_TEST_DATA_DIR "/state-schema-1.sql"));
    Sim sim({"--state", state});  // no --scenario: the file's own comes back
    CHECK(sim.get("/_sim/scenario")["name"] == "v1");
    const json messages = sim.get("/_sim/messages")["messages"];
    REQUIRE(messages.size() == 1);
    CHECK(messages[0]["message"] == "Hello from version 1");
    CHECK(messages[0]["status"] == "DELIVRD");
    const std::string id = messages[0]["requestid"];
    CHECK(sim.get("/api/v2/delivery/?authorization=tok&requestid=" + id)["statusStr"] == "DELIVRD");
    CHECK(sim.get("/_sim/inbound")["inbound"].size() == 1);
    CHECK(sim.get("/_sim/clock")["now"] == "2020-01-01T00:00:05.000000Z");
    CHECK(sim.send("46700000001") != id);
    CHECK(query(state, "PRAGMA user_version") == 2);
    CHECK(query(state, "select count(*) from sqlite_master where name = 'messages_by_recipient'") == 1);
    CHECK(sim.stop() == 0);
}

TEST_CASE("reset and a scenario load clear the file; --max-messages bounds it; another scenario starts afresh") {
    TempDir dir;
    const std::string state = dir.file("state.db");
    {
        Sim sim({"--state", state, "--clock", "virtual", "--max-messages", "3"});
        for (int i = 0; i < 6; ++i) sim.send("4670000000" + std::to_string(i));
        sim.advance("2s");  // all final: the oldest go first, in the file as in memory
        sim.send("46700000010");
        REQUIRE(file_shows(state, "select count(*) from messages", 3));
        CHECK(query(state, "select count(*) from messages where recipient = '46700000010'") == 1);

        sim.post("/_sim/reset", "");
        REQUIRE(file_shows(state, "select count(*) from messages", 0));
        CHECK(query(state, "select count(*) from requests") == 0);

        sim.send("46700000000");
        REQUIRE(file_shows(state, "select count(*) from messages", 1));
        const auto res = sim.client->Put("/_sim/scenario", R"({"name": "next", "clock": "virtual"})", "application/json");
        REQUIRE(res);
        REQUIRE(res->status == 200);
        REQUIRE(file_shows(state, "select count(*) from simulator where key = 'scenario_text' and value like '%next%'", 1));
        CHECK(query(state, "select count(*) from messages") == 0);
        sim.send("46700000000");
        REQUIRE(file_shows(state, "select count(*) from messages", 1));
        CHECK(sim.stop() == 0);
    }
    {  // no --scenario: the loaded one comes back, with its message
        Sim sim({"--state", state});
        CHECK(sim.get("/_sim/scenario")["name"] == "next");
        CHECK(sim.get("/_sim/messages")["messages"].size() == 1);
        CHECK(sim.stop() == 0);
    }
    const std::string other = dir.file("other.json");
    std::ofstream(other) << R"({"name": "other", "clock": "virtual"})";
    Sim sim({"--state", state, "--scenario", other});  // named, and not the saved one
    CHECK(sim.get("/_sim/messages")["messages"].empty());
    REQUIRE(file_shows(state, "select count(*) from messages", 0));
    CHECK(sim.stop() == 0);
}
