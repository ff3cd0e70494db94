// The form codec: decoding, encoding and their round trip; malformed escapes are errors.
#include <doctest/doctest.h>

#include "connectel/form.hpp"

using namespace connectel::form;

TEST_CASE("form fields decode '+' and percent escapes, keep order and repeats") {
    const auto fields = parse("a=1&b=hello+world&c=%E2%82%AC&a=2&flag&&d=");
    REQUIRE(fields);
    REQUIRE(fields->size() == 6);
    CHECK((*fields)[1] == std::pair<std::string, std::string>{"b", "hello world"});
    CHECK((*fields)[2].second == "€");
    CHECK((*fields)[3] == std::pair<std::string, std::string>{"a", "2"});
    CHECK((*fields)[4] == std::pair<std::string, std::string>{"flag", ""});
    CHECK((*fields)[5] == std::pair<std::string, std::string>{"d", ""});
    CHECK(parse("")->empty());
}

TEST_CASE("a malformed percent escape is an error naming the field") {
    std::string bad;
    CHECK_FALSE(parse("ok=1&message=50%", &bad));
    CHECK(bad == "message");
    CHECK_FALSE(parse("x=%G1", &bad));
    CHECK_FALSE(parse("x=%4", &bad));
}

TEST_CASE("encoding round-trips any bytes") {
    const Fields fields = {{"recipient[Number 1]", "+46 700"}, {"message", "a&b=c%d€\n"}};
    const std::string body = encode(fields);
    CHECK(body == "recipient%5BNumber+1%5D=%2B46+700&message=a%26b%3Dc%25d%E2%82%AC%0A");
    CHECK(parse(body) == fields);
}
