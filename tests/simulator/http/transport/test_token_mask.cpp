// Token masking in the request journal: by where a token stands, never as a substring.
#include <doctest/doctest.h>

#include "http/transport/token_mask.hpp"

using nlohmann::json;
using sim::http::mask_parsed;
using sim::http::mask_path;
using sim::http::mask_unparsed;
using sim::http::Tokens;

TEST_CASE("a parsed body: the authorization member whatever its value, and whole strings that are a token") {
    json body = {{"authorization", "a"},
                 {"message", "a banana"},
                 {"sender", "a"},
                 {"nested", {{"list", {"a", "ab", 1}}}},
                 {"Authorization", 42}};
    mask_parsed(body, {"a"});
    CHECK(body == json{{"authorization", "****"},
                       {"message", "a banana"},
                       {"sender", "****"},
                       {"nested", {{"list", {"****", "ab", 1}}}},
                       {"Authorization", "****"}});
    json unknown_token = {{"authorization", "not-listed"}};
    mask_parsed(unknown_token, {});
    CHECK(unknown_token["authorization"] == "****");
}

TEST_CASE("unparsed JSON: the value after an authorization key, even cut off or unquoted") {
    const Tokens none;
    CHECK(mask_unparsed(R"({"authorization":"s3cret","sender":)", none) ==
          R"({"authorization":"****","sender":)");
    CHECK(mask_unparsed(R"({ "Authorization" : "s3\"cr\\et" , "x": 1)", none) ==
          R"({ "Authorization" : "****" , "x": 1)");
    CHECK(mask_unparsed(R"({"authorization":"s3cr)", none) == R"({"authorization":"****)");
    CHECK(mask_unparsed(R"({"authorization": s3cret, "a": 1})", none) ==
          R"({"authorization": ****, "a": 1})");
    CHECK(mask_unparsed(R"({"authorization":"", "a": "authorization"})", none) ==
          R"({"authorization":"", "a": "authorization"})");
}

TEST_CASE("unparsed forms: the authorization field's value, at the start or after '&'") {
    const Tokens none;
    CHECK(mask_unparsed("authorization=s3cret&sender=IKEA", none) == "authorization=****&sender=IKEA");
    CHECK(mask_unparsed("sender=IKEA&AUTHORIZATION=s%33cret", none) == "sender=IKEA&AUTHORIZATION=****");
    CHECK(mask_unparsed("message=my+authorization=x", none) == "message=my+authorization=x");
}

TEST_CASE("unparsed text: a known token only where it is a whole value") {
    const Tokens tokens = {"a", "s3 cret", "q\"t"};
    CHECK(mask_unparsed(R"({"note": "a", "message": "a banana", "a": 1)", tokens) ==
          R"({"note": "****", "message": "a banana", "****": 1)");
    CHECK(mask_unparsed("x=a&y=banana&z=a", tokens) == "x=****&y=banana&z=****");
    CHECK(mask_unparsed("x=s3+cret&y=s3%20cret", tokens) == "x=****&y=s3%20cret");
    CHECK(mask_unparsed(R"(["q\"t"])", tokens) == R"(["****"])");
    CHECK(mask_unparsed("a", tokens) == "****");
    CHECK(mask_unparsed("banana", tokens) == "banana");
}

TEST_CASE("a path: segments that are a token") {
    CHECK(mask_path("/api/v2/send", {"a", "api"}) == "/****/v2/send");
    CHECK(mask_path("/status/s3cret/", {"s3cret"}) == "/status/****/");
    CHECK(mask_path("/status/s3cret2", {"s3cret"}) == "/status/s3cret2");
    CHECK(mask_path("/", {"a"}) == "/");
}
