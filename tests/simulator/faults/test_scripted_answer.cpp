// The scripted answer fault: `status` and `body` read, checked and acted out.
#include <doctest/doctest.h>

#include "recording_exchange.hpp"

using namespace fault_tests;

TEST_CASE("a status alone answers with the API's error body naming the fault") {
    const auto read = read_respond(R"({"status": 503})");
    REQUIRE(read.faults);
    CHECK(read.faults->replaces_answer());
    CHECK(acted(R"({"status": 503})") ==
          Strings{"error 503 scripted_fault: the scenario answers this request with HTTP 503 (a rule's \"respond\")"});
}

TEST_CASE("a body is sent as written: JSON when it starts as an object or array, else plain text") {
    CHECK(acted(R"({"status": 202, "body": {"queued": "later"}})") ==
          Strings{R"(answer 202 application/json: {"queued":"later"})"});
    CHECK(acted(R"({"status": 200, "body": "[1,2]"})") == Strings{"answer 200 application/json: [1,2]"});
    CHECK(acted(R"({"status": 502, "body": "Bad Gateway"})") == Strings{"answer 502 text/plain: Bad Gateway"});
    CHECK(acted(R"({"status": 200, "body": 5})") == Strings{"answer 200 text/plain: 5"});
    CHECK(acted(R"({"status": 204, "body": ""})") == Strings{"answer 204 text/plain: "});
}

TEST_CASE("a status is a whole number from 100 to 599, and a body needs one") {
    CHECK(read_respond(R"({"status": 99})").problems == Strings{"1:12: status is a whole number from 100 to 599, not 99"});
    CHECK(read_respond(R"({"status": "503"})").problems ==
          Strings{"1:12: status is a whole number from 100 to 599, not \"503\""});
    CHECK(read_respond(R"({"status": 600})").problems.size() == 1);
    CHECK(read_respond(R"({"body": "x"})").problems == Strings{"1:10: a body needs a status to go with it"});
    CHECK(read_respond(R"({"status": 100})").problems.empty());
    CHECK(read_respond(R"({"status": 599})").problems.empty());
}
