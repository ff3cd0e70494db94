// Scenario files: what they may say, and every problem reported at its line and column.
#include <doctest/doctest.h>

#include <string>

#include "../faults/recording_exchange.hpp"
#include "scenario/loader.hpp"

using connectel::Status;
using sim::scenario::parse_scenario;
using namespace std::chrono_literals;

namespace {

// The problems of `text` as "LINE:COL: message" lines.
std::vector<std::string> problems(const std::string& text) {
    std::vector<std::string> out;
    for (const auto& p : parse_scenario(text).problems) out.push_back(sim::scenario::format_problem("", p).substr(1));
    return out;
}

bool has_problem(const std::string& text, const std::string& position, const std::string& words) {
    for (const auto& line : problems(text))
        if (line.rfind(position + ": ", 0) == 0 && line.find(words) != std::string::npos) return true;
    return false;
}

// What a rule's faults do to a request.
std::vector<std::string> acted(const sim::faults::FaultSet& faults) {
    fault_tests::RecordingExchange exchange;
    faults.act(exchange);
    return exchange.log;
}

}  // namespace

TEST_CASE("the smallest scenario: a name; any token, DELIVRD after 1s") {
    const auto result = parse_scenario(R"({"name": "minimal"})");
    REQUIRE(result.problems.empty());
    CHECK(result.scenario.name == "minimal");
    CHECK_FALSE(result.scenario.tokens);
    CHECK_FALSE(result.scenario.clock);
    REQUIRE(result.scenario.lifecycle->size() == 1);
    CHECK((*result.scenario.lifecycle)[0].after == 1s);
    CHECK((*result.scenario.lifecycle)[0].status == Status::Delivered);
}

TEST_CASE("a full scenario of this version's keys, with comments") {
    const auto result = parse_scenario(R"(// checkout
{
  "name": "checkout", "description": "one number fails", "seed": 42,
  "clock": {"speed": 10},
  /* tokens */ "tokens": [{"token": "test-token", "id": "tok-1"}],
  "lifecycle": [{"after": "0s", "status": "ENROUTE"}, {"after": "2s", "status": "DELIVRD"}],
  "rules": [
    {"match": {"recipient": "46700000099", "bulk": false},
     "lifecycle": [{"after": "200ms", "status": "REJECTD", "desc": "Blocked"}]},
    {"match": {"message": "/refund/i", "sender": "SHOP*", "token": "test-*"},
     "lifecycle": [{"after": "48h", "status": "EXPIRED"}]},
  ]
})");
    REQUIRE(result.problems.empty());
    const auto& s = result.scenario;
    CHECK(s.seed == 42u);
    REQUIRE(s.clock);
    CHECK(s.clock->kind == sim::ClockSetting::Kind::Scaled);
    CHECK(s.clock->speed == 10.0);
    REQUIRE(s.tokens);
    CHECK((*s.tokens)[0].id == "tok-1");
    REQUIRE(s.rules.size() == 2);

    sim::scenario::RuleUses uses;
    const auto lifecycle_for = [&](const sim::scenario::MessageFacts& facts) {
        return sim::scenario::decide(s, facts, uses).lifecycle;
    };
    const auto rejected = lifecycle_for({"test-token", "SHOP", "46700000099", "hello", false});
    CHECK((*rejected)[0].status == Status::Rejected);
    CHECK((*rejected)[0].desc == "Blocked");
    const auto expired = lifecycle_for({"test-token", "SHOP1", "46700000001", "A Refund for you", false});
    CHECK((*expired)[0].status == Status::Expired);
    const auto fallback = lifecycle_for({"test-token", "OTHER", "46700000001", "A Refund for you", false});
    CHECK(fallback == s.lifecycle);
    // The first rule is for single sends only.
    CHECK(lifecycle_for({"test-token", "X", "46700000099", "hi", true}) == s.lifecycle);
}

TEST_CASE("an unknown key is an error at the key, with a suggestion") {
    const std::string text = "{\n  \"name\": \"x\",\n  \"lifecyle\": []\n}";
    CHECK(has_problem(text, "3:3", "unknown key \"lifecyle\""));
    CHECK(has_problem(text, "3:3", "did you mean \"lifecycle\""));
    CHECK(has_problem(R"({"name":"x","rules":[{"match":{"recipent":"1"},"lifecycle":[{"after":"1s","status":"DELIVRD"}]}]})",
                      "1:32", "did you mean \"recipient\""));
}

TEST_CASE("wrong types, bad durations and unknown statuses name their place") {
    CHECK(has_problem(R"({"name": 5})", "1:10", "name is a string, not a number"));
    CHECK(has_problem(R"({"description": "no name"})", "1:1", "missing required key \"name\""));
    const std::string bad_step = R"({"name":"x","lifecycle":[{"after":"5 seconds","status":"DELIVERED"}]})";
    CHECK(has_problem(bad_step, "1:35", "bad duration \"5 seconds\""));
    CHECK(has_problem(bad_step, "1:56", "unknown status \"DELIVERED\"; one of ENROUTE, QUEUED, DELIVRD"));
    CHECK(has_problem(R"({"name":"x","clock":"fast"})", "1:21", "clock is \"real\", \"virtual\""));
    CHECK(has_problem(R"({"name":"x","clock":{"speed":0}})", "1:30", "N > 0"));
    CHECK(has_problem(R"({"name":"x","seed":-1})", "1:20", "seed is a whole number"));
    CHECK(has_problem(R"({"name":"x","rules":[{"match":{"bulk":"yes"},"lifecycle":[{"after":"1s","status":"DELIVRD"}]}]})",
                      "1:39", "bulk is true or false"));
    CHECK(has_problem(R"({"name":"x","rules":[{"match":{"message":"/(/"},"lifecycle":[{"after":"1s","status":"DELIVRD"}]}]})",
                      "1:42", "bad regex"));
}

TEST_CASE("a lifecycle is in time order and ends at its first final status") {
    CHECK(has_problem(R"({"name":"x","lifecycle":[{"after":"2s","status":"ENROUTE"},{"after":"1s","status":"DELIVRD"}]})",
                      "1:69", "time order"));
    CHECK(has_problem(R"({"name":"x","lifecycle":[{"after":"1s","status":"DELIVRD"},{"after":"2s","status":"UNDELIV"}]})",
                      "1:60", "ends at its first final status"));
    CHECK(has_problem(R"({"name":"x","lifecycle":[]})", "1:25", "non-empty array"));
}

TEST_CASE("a rule after one that matches every message can never match") {
    const std::string text = R"({"name":"x","rules":[
{"match":{},"lifecycle":[{"after":"1s","status":"DELIVRD"}]},
{"match":{"recipient":"1*"},"lifecycle":[{"after":"1s","status":"UNDELIV"}]}]})";
    CHECK(has_problem(text, "3:1", "can never match: rule 1 above matches every message"));
}

TEST_CASE("tokens are listed once each and are not empty") {
    CHECK(has_problem(R"({"name":"x","tokens":[{"token":"a"},{"token":"a"}]})", "1:46", "listed twice"));
    CHECK(has_problem(R"({"name":"x","tokens":[{"token":""}]})", "1:32", "not empty"));
    CHECK(has_problem(R"({"name":"x","tokens":[{"id":"t"}]})", "1:23", "missing required key \"token\""));
    CHECK(has_problem(R"({"name":"x","tokens":[{"token":"a","id":"default"}]})", "1:41", "names the settings of every token"));
}

TEST_CASE("dlr_faults and inbound_faults are read, and each mistake is placed") {
    const auto good = parse_scenario(R"({"name": "x", "seed": 1, "rules": [
        {"match": {"recipient": "1*"}, "dlr_faults": {"duplicate": 2, "delay": "5s", "reorder": "2s", "early": true}},
        {"match": {"sender": "S"}, "dlr_faults": {"duplicate": {"times": 3, "probability": 0.25}}},
        {"match": {"message": "/late/"}, "inbound_faults": {"duplicate": 1, "delay": "10s"}}]})");
    REQUIRE(good.problems.empty());
    const auto& first = *good.scenario.rules[0].dlr_faults;
    CHECK(first.duplicate->times == 2);
    CHECK(first.duplicate->probability == 1.0);
    CHECK(*first.delay == 5s);
    CHECK(*first.reorder == 2s);
    CHECK(first.early);
    CHECK(good.scenario.rules[1].dlr_faults->duplicate->probability == 0.25);
    CHECK(good.scenario.rules[2].inbound_faults->duplicate->times == 1);
    // The decision: the first matching rule's, a use each.
    sim::scenario::RuleUses uses;
    CHECK(sim::scenario::decide(good.scenario, {"t", "IKEA", "123", "hi", false}, uses).dlr_faults == &first);
    CHECK(sim::scenario::decide_inbound(good.scenario, sim::scenario::inbound_facts("t", "4670", "4671", "so late"), uses) ==
          &*good.scenario.rules[2].inbound_faults);
    CHECK_FALSE(sim::scenario::decide_inbound(good.scenario, sim::scenario::inbound_facts("t", "4670", "4671", "hi"), uses));

    const std::string bad = R"({"name": "x", "rules": [
{"match": {}, "dlr_faults": {"duplicate": 0, "reorder": "0s", "early": "yes"}},
{"match": {}, "dlr_faults": {"duplicate": {"times": 11, "probability": 2}, "jitter": "1s"}},
{"match": {}, "inbound_faults": {"reorder": "1s"}},
{"match": {}, "dlr_faults": {}}]})";
    CHECK(has_problem(bad, "2:43", "duplicate is a number of extra deliveries from 1 to 10"));
    CHECK(has_problem(bad, "2:57", "a reorder window is longer than 0s"));
    CHECK(has_problem(bad, "2:72", "early is true or false"));
    CHECK(has_problem(bad, "3:53", "times is a whole number from 1 to 10, not 11"));
    CHECK(has_problem(bad, "3:72", "probability is a number above 0, at most 1, not 2"));
    CHECK(has_problem(bad, "3:76", "unknown key \"jitter\""));
    CHECK(has_problem(bad, "4:34", "unknown key \"reorder\""));
    CHECK(has_problem(bad, "5:29", "dlr_faults scripts at least one fault"));
}

TEST_CASE("a token's settings for PUT /_sim/tokens are checked as a scenario's tokens[] entry is") {
    const auto no_owner = [](const std::string&) { return std::optional<std::string>(); };
    const auto good = sim::scenario::parse_token_callbacks(
        R"({"dlr": {"url": "http://127.0.0.1:9/d", "format": "form"}, "inbound": {"url": "http://127.0.0.1:9/s", "numbers": ["46700000100"]}})",
        no_owner);
    REQUIRE(good.problems.empty());
    CHECK(good.callbacks.dlr->format == sim::scenario::PayloadFormat::Form);
    CHECK(good.callbacks.inbound->numbers == std::vector<std::string>{"46700000100"});
    const auto empty = sim::scenario::parse_token_callbacks("", no_owner);
    CHECK(empty.problems.empty());
    CHECK_FALSE(empty.callbacks.dlr);
    CHECK(sim::scenario::parse_token_callbacks(R"({"dlr": null})", no_owner).problems.empty());

    const auto owned = [](const std::string& number) {
        return number == "46700000200" ? std::optional<std::string>("tok-b") : std::nullopt;
    };
    const auto bad = sim::scenario::parse_token_callbacks(
        R"({"inbound": {"url": "http://h:9/s", "numbers": ["46700000100", "46700000100", "46700000200"]}, "dlr": 1})", owned);
    std::vector<std::string> lines;
    for (const auto& p : bad.problems) lines.push_back(sim::scenario::format_problem("body", p));
    CHECK(lines == std::vector<std::string>{
                       "body:1:64: number \"46700000100\" is listed twice",
                       "body:1:79: number \"46700000200\" is already token \"tok-b\"'s",
                       "body:1:103: dlr is an object, not a number"});
}

TEST_CASE("a syntax error is one problem at its position; every other problem is listed in order") {
    const auto syntax = problems("{\n  \"name\": \"x\"\n  \"seed\": 1\n}");
    REQUIRE(syntax.size() == 1);
    CHECK(syntax[0].rfind("3:3: ", 0) == 0);
    const auto several = problems(R"({"name": 1, "seed": "x", "clock": "y"})");
    REQUIRE(several.size() == 3);
    CHECK(several[0].rfind("1:10:", 0) == 0);
    CHECK(several[2].rfind("1:35:", 0) == 0);
}

TEST_CASE("load_scenario throws every problem as SOURCE:LINE:COL: message") {
    try {
        sim::scenario::load_scenario("{\"name\": 1}", "mine.json");
        FAIL("no exception");
    } catch (const sim::scenario::ScenarioError& e) {
        REQUIRE(e.lines().size() == 1);
        CHECK(e.lines()[0] == "mine.json:1:10: name is a string, not a number");
    }
    CHECK_THROWS_WITH_AS(sim::scenario::load_scenario_file("/nonexistent/s.json"),
                         doctest::Contains("/nonexistent/s.json: cannot read the scenario"),
                         sim::scenario::ScenarioError);
}

TEST_CASE("times, respond and limits are read; their mistakes are placed") {
    const auto result = parse_scenario(R"({"name":"faults",
      "rules": [
        {"match": {"sender": "FLAKY"}, "times": 2, "respond": {"status": 503, "latency": "1s"}},
        {"match": {"sender": "SLOW"}, "respond": {"latency": "250ms"}},
        {"match": {"sender": "ODD"}, "respond": {"status": 200, "body": {"odd": true}}}
      ],
      "limits": {"rate": "50/s"}})");
    REQUIRE(result.problems.empty());
    const auto& rules = result.scenario.rules;
    CHECK(rules[0].times == 2u);
    REQUIRE(rules[0].faults);
    CHECK(rules[0].faults->replaces_answer());
    CHECK(acted(*rules[0].faults) ==
          std::vector<std::string>{fault_tests::pause_of(1000),
                                   "error 503 scripted_fault: the scenario answers this request with HTTP 503 (a "
                                   "rule's \"respond\")"});
    CHECK_FALSE(rules[1].faults->replaces_answer());
    CHECK(acted(*rules[2].faults) == std::vector<std::string>{R"(answer 200 application/json: {"odd":true})"});
    CHECK(result.scenario.rate_limit->count == 50);
    CHECK(result.scenario.rate_limit->per == 1s);

    CHECK(has_problem(R"({"name":"x","rules":[{"match":{},"times":0,"respond":{"status":500}}]})", "1:42",
                      "times is a whole number from 1"));
    CHECK(has_problem(R"({"name":"x","rules":[{"match":{},"respond":{"status":99}}]})", "1:54", "from 100 to 599"));
    CHECK(has_problem(R"({"name":"x","rules":[{"match":{},"respond":{"body":"x"}}]})", "1:52", "needs a status"));
    CHECK(has_problem(R"({"name":"x","limits":{"rate":"fast"}})", "1:30", "like \"50/s\""));
    CHECK(has_problem(R"({"name":"x","limits":{"rate":"0/s"}})", "1:30", "like \"50/s\""));
}

TEST_CASE("respond.drop replaces the answer and has no status or body to go with it") {
    const auto result = parse_scenario(R"({"name":"x","rules":[{"match":{},"respond":{"drop":true,"latency":"2s"}}]})");
    REQUIRE(result.problems.empty());
    const auto& faults = *result.scenario.rules[0].faults;
    CHECK(faults.replaces_answer());
    CHECK(acted(faults) == std::vector<std::string>{fault_tests::pause_of(2000), "drop"});
    CHECK_FALSE(parse_scenario(R"({"name":"x","rules":[{"match":{},"respond":{"drop":false}}]})")
                    .scenario.rules[0].faults->replaces_answer());
    CHECK(has_problem(R"({"name":"x","rules":[{"match":{},"respond":{"drop":true,"status":503}}]})", "1:44",
                      "a dropped connection has no status or body"));
    CHECK(has_problem(R"({"name":"x","rules":[{"match":{},"respond":{"drop":"yes"}}]})", "1:52", "drop is true or false"));
}

TEST_CASE("tokens' callbacks, replies and the timeline are read; a timeline SMS needs a token's number") {
    const auto result = parse_scenario(R"({"name":"conversation",
      "tokens": [{"token": "t", "dlr": {"url": "http://127.0.0.1:9000/dlr", "format": "form"},
                  "inbound": {"url": "http://127.0.0.1:9000/sms", "numbers": ["46700000100"]}}],
      "rules": [{"match": {"message": "/refund/i"}, "reply": {"after": "30s", "message": "STOP"}}],
      "timeline": [{"at": "5s", "inbound": {"from": "35890010000", "to": "46700000100", "message": "Hi"}}],
      "callbacks": {"retries": 2, "backoff": "1s"},
      "quirks": {"numeric_dlr_status_str": true}})");
    REQUIRE(result.problems.empty());
    const auto& token = (*result.scenario.tokens)[0];
    CHECK(token.callbacks.dlr->format == sim::scenario::PayloadFormat::Form);
    CHECK(token.callbacks.inbound->numbers == std::vector<std::string>{"46700000100"});
    CHECK(result.scenario.rules[0].reply->after == 30s);
    CHECK(result.scenario.timeline[0].at == 5s);
    CHECK(result.scenario.callbacks.retries == 2);
    CHECK(result.scenario.quirks.numeric_dlr_status_str);

    CHECK(has_problem(R"({"name":"x","timeline":[{"at":"1s","inbound":{"from":"35890010000","to":"46700000100","message":"Hi"}}]})",
                      "1:73", "no token lists \"46700000100\""));
    CHECK(has_problem(R"({"name":"x","tokens":[{"token":"t","dlr":{"url":"ftp://x"}}]})", "1:49", "starts with http://"));
    CHECK(has_problem(R"({"name":"x","tokens":[{"token":"t","dlr":{"url":"http://x","format":"xml"}}]})", "1:69",
                      "format is \"json\" or \"form\""));
    CHECK(has_problem(R"({"name":"x","callbacks":{"backoff":"10s","max_backoff":"1s"}})", "1:25", "at least backoff"));
}

TEST_CASE("what could never work is refused: https receivers, a number with two owners, an empty timeline SMS") {
    CHECK(has_problem(R"({"name":"x","tokens":[{"token":"t","dlr":{"url":"https://127.0.0.1/d"}}]})", "1:49",
                      "over http:// only"));
    CHECK(has_problem(R"({"name":"x","tokens":[
{"token":"a","inbound":{"url":"http://h/s","numbers":["46700000100","46700000101"]}},
{"token":"b","inbound":{"url":"http://h/s","numbers":["46700000101"]}}]})",
                      "3:55", "number \"46700000101\" is already listed by token \"a\""));
    CHECK(has_problem(R"({"name":"x","tokens":[{"token":"a","inbound":{"url":"http://h/s","numbers":["46700000100","46700000100"]}}]})",
                      "1:91", "already listed by token \"a\""));
    CHECK(has_problem(R"({"name":"x","tokens":[{"token":"a","inbound":{"url":"http://h/s","numbers":["46700000100"]}}],
"timeline":[{"at":"1s","inbound":{"from":"35890010000","to":"46700000100","message":""}}]})",
                      "2:85", "message is required"));
}

TEST_CASE("each aspect comes from the first matching rule that sets it, and times counts uses") {
    const auto result = parse_scenario(R"({"name":"aspects",
      "rules": [
        {"match": {"recipient": "*1"}, "times": 1, "respond": {"status": 503}},
        {"match": {"recipient": "*1"}, "lifecycle": [{"after": "1s", "status": "UNDELIV"}]},
        {"match": {}, "respond": {"latency": "10ms"}}
      ]})");
    REQUIRE(result.problems.empty());
    sim::scenario::RuleUses uses;
    const sim::scenario::MessageFacts one{"t", "IKEA", "46700000001", "hi", false};
    auto first = sim::scenario::decide(result.scenario, one, uses);
    REQUIRE(first.faults);
    CHECK(first.faults->replaces_answer());
    CHECK((*first.lifecycle)[0].status == Status::Undeliverable);
    auto second = sim::scenario::decide(result.scenario, one, uses);
    REQUIRE(second.faults);
    CHECK(acted(*second.faults) == std::vector<std::string>{fault_tests::pause_of(10)});  // rule 1 is used up
    CHECK((*second.lifecycle)[0].status == Status::Undeliverable);
    const auto other = sim::scenario::decide(result.scenario, {"t", "IKEA", "46700000002", "hi", false}, uses);
    CHECK(other.lifecycle == result.scenario.lifecycle);
    CHECK(uses == sim::scenario::RuleUses{1, 2, 2});
}

TEST_CASE("a callback url is http://HOST[:PORT]/path with nothing a request line could not carry") {
    const auto url_problem = [](const std::string& url) {
        const std::string text = R"({"name":"x","tokens":[{"token":"t","dlr":{"url":")" + url + R"("}}]})";
        const auto found = problems(text);
        return found.empty() ? std::string() : found.front();
    };
    // The url's value starts at 1:49 in every case.
    CHECK(url_problem("http://127.0.0.1:9/dlr\\r\\nX-Injected: 1").rfind(
              "1:49: a callback url has no spaces or control characters; found U+000D at byte 23 of the url", 0) == 0);
    CHECK(url_problem("http://127.0.0.1:9/d\\u0000").find("found U+0000") != std::string::npos);
    CHECK(url_problem("http://127.0.0.1:9/a\\tb").find("found U+0009") != std::string::npos);
    CHECK(url_problem("http://127.0.0.1:9/a b").find("write a space as %20") != std::string::npos);
    CHECK(url_problem("http://127.0.0.1:9/a\\u007f").find("found U+007F") != std::string::npos);
    CHECK(url_problem("http://").find("1:49: a callback url names its host") == 0);
    CHECK(url_problem("http:///dlr").find("names its host") != std::string::npos);
    CHECK(url_problem("http://:8080/dlr").find("names its host") != std::string::npos);
    CHECK(url_problem("http://[]/dlr").find("names its host") != std::string::npos);
    CHECK(url_problem("http://127.0.0.1:99999/dlr") ==
          "1:49: the port of a callback url is a number from 1 to 65535, not \"99999\"");
    CHECK(url_problem("http://127.0.0.1:0/dlr").find("from 1 to 65535") != std::string::npos);
    CHECK(url_problem("http://127.0.0.1:/dlr").find("from 1 to 65535") != std::string::npos);
    CHECK(url_problem("http://127.0.0.1:8o/dlr").find("from 1 to 65535") != std::string::npos);
    CHECK(url_problem("http://user:pw@127.0.0.1:9/dlr").find("no user name or password") != std::string::npos);
    CHECK(url_problem("http://user@127.0.0.1/dlr").find("no user name or password") != std::string::npos);
    CHECK(url_problem("http://fe80::1:9/dlr").find("IPv6 host is written in brackets") != std::string::npos);
    CHECK(url_problem("http://[::1/dlr").find("ends with ']'") != std::string::npos);
    CHECK(url_problem("http://[::1]x/dlr").find("after ']' comes ':'") != std::string::npos);
    CHECK(url_problem("HTTP://127.0.0.1/dlr").find("starts with http://") != std::string::npos);
    // What is fine: a name, an address, brackets, ports at both ends, a query, no path, a '@' after the host.
    for (const char* good : {"http://receiver/dlr", "http://127.0.0.1:1/", "http://[::1]:65535/dlr?a=b&c=%20",
                             "http://localhost", "http://host:8080?x=1", "http://h/p@q#frag"}) {
        CAPTURE(good);
        CHECK(url_problem(good).empty());
    }
    // Inbound urls follow the same rules.
    CHECK(has_problem(R"({"name":"x","tokens":[{"token":"t","inbound":{"url":"http://h:70000/s","numbers":[]}}]})",
                      "1:53", "from 1 to 65535"));
}

TEST_CASE("the source shown back has each listed token's strings masked, and nothing else") {
    const std::string text = R"({"name": "a", // the token "s3cret" is in this comment
  "tokens": [{"token": "a", "id": "tok-a"}, {"token": "s3\"cret", "id": "s3cret"}],
  "rules": [{"match": {"token": "s3\"cret"}, "lifecycle": [{"after": "1s", "status": "DELIVRD", "desc": "a"}]}]})";
    const auto result = parse_scenario(text);
    REQUIRE(result.problems.empty());
    CHECK(result.scenario.source_text == R"({"name": "****", // the token "s3cret" is in this comment
  "tokens": [{"token": "****", "id": "tok-a"}, {"token": "****", "id": "s3cret"}],
  "rules": [{"match": {"token": "****"}, "lifecycle": [{"after": "1s", "status": "DELIVRD", "desc": "****"}]}]})");
    // A scenario that lists no tokens is shown as written.
    const std::string open = R"({"name": "a", "rules": [{"match": {"token": "a"}, "lifecycle": [{"after": "1s", "status": "DELIVRD"}]}]})";
    CHECK(parse_scenario(open).scenario.source_text == open);
}
