// The API's parameter rules: every accepted and rejected shape, each naming its field.
#include <doctest/doctest.h>

#include <string>

#include "connectel/api/validation.hpp"

using namespace connectel::api;

namespace {
bool accepted(const std::optional<FieldProblem>& p) {
    return !p.has_value();
}
}  // namespace

TEST_CASE("senders: numeric up to 20 digits with an optional +, alphanumeric up to 11") {
    CHECK(accepted(check_sender("IKEA")));
    CHECK(accepted(check_sender("Conn Test 1")));  // 11 with spaces
    CHECK(accepted(check_sender("46700000000")));
    CHECK(accepted(check_sender("+46700000000")));
    CHECK(accepted(check_sender(std::string(20, '1'))));
    CHECK(check_sender(std::string(21, '1'))->field == "sender");
    CHECK(check_sender("ConnectelSMS")->message.find("at most 11") != std::string::npos);
    CHECK(check_sender("+46 70")->code == "invalid_parameter");
    CHECK(check_sender("Shop!")->field == "sender");
    CHECK(check_sender("123 456")->field == "sender");
    CHECK(check_sender("Caf\xC3\xA9")->field == "sender");
    const auto missing = check_sender("");
    CHECK(missing->code == "missing_parameter");
    CHECK(missing->message == "sender is required");
}

TEST_CASE("recipients: international format, 7 to 15 digits after + or 00") {
    CHECK(accepted(check_recipient("46700000000")));
    CHECK(accepted(check_recipient("+46700000000")));
    CHECK(accepted(check_recipient("0046700000000")));
    CHECK(accepted(check_recipient("1234567")));
    CHECK(accepted(check_recipient(std::string(15, '9'))));
    CHECK_FALSE(accepted(check_recipient("123456")));
    CHECK_FALSE(accepted(check_recipient(std::string(16, '9'))));
    CHECK_FALSE(accepted(check_recipient("+46 70 000 00 00")));
    CHECK_FALSE(accepted(check_recipient("46-700000000")));
    CHECK_FALSE(accepted(check_recipient("++46700000000")));
    CHECK(check_recipient("abc")->field == "recipient");
    CHECK(check_recipient("")->code == "missing_parameter");
}

TEST_CASE("messages: 1 to 1600 characters counted as code points, valid UTF-8") {
    CHECK(accepted(check_message("Hello")));
    std::string emoji;
    for (int i = 0; i < 1600; ++i) emoji += "😀";  // 6400 bytes, 3200 UTF-16 units, 1600 characters
    CHECK(accepted(check_message(emoji)));
    CHECK_FALSE(accepted(check_message(emoji + "a")));
    CHECK(check_message(std::string(1601, 'a'))->message.find("not 1601") != std::string::npos);
    CHECK(check_message("")->code == "missing_parameter");
    const auto bad = check_message("ok\xC0\x80");
    CHECK(bad->field == "message");
    CHECK(bad->message == "invalid UTF-8 at byte 2: overlong encoding");
}

TEST_CASE("bulk recipients: at least one, unique non-empty keys, a bad number names its key") {
    CHECK(accepted(check_bulk_recipients({{"Number1", "4670000000"}, {"Number2", "46700000001"}})));
    CHECK(check_bulk_recipients({})->code == "missing_parameter");
    CHECK(check_bulk_recipients({{"", "4670000000"}})->field == "recipient");
    CHECK(check_bulk_recipients({{"a", "4670000000"}, {"a", "4670000001"}})->field == "recipient[a]");
    const auto bad = check_bulk_recipients({{"ok", "4670000000"}, {"Shop", "12"}});
    CHECK(bad->field == "recipient[Shop]");
    CHECK(bad->code == "invalid_parameter");
}

TEST_CASE("throw_if raises ValidationError naming the field") {
    try {
        throw_if(check_recipient("12", "recipient"));
        FAIL("no exception");
    } catch (const connectel::ValidationError& e) {
        CHECK(e.field() == "recipient");
        CHECK(std::string(e.what()).rfind("recipient: ", 0) == 0);
    }
    CHECK_NOTHROW(throw_if(check_token("t")));
}

TEST_CASE("a token of blanks only is as missing as none") {
    for (const char* blank : {"", " ", "   ", "\t", " \r\n "}) {
        CAPTURE(blank);
        const auto problem = check_token(blank);
        REQUIRE(problem);
        CHECK(problem->code == "missing_parameter");
        CHECK(problem->field == "authorization");
    }
    CHECK(accepted(check_token(" t ")));  // a token is compared as sent; only an all-blank one is missing
}
