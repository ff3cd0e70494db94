// The streaming writer of the hot responses writes exactly what nlohmann's dump writes.
#include <doctest/doctest.h>

#include <random>

#include "http/json_writer.hpp"

using namespace connectel::api;

namespace {

// Random text with the characters that need escapes, multi-byte UTF-8, and plain ASCII.
std::string random_text(std::mt19937& random) {
    static const std::string pieces[] = {"a", "Z", "0", " ", "\"", "\\", "/", "\b", "\f", "\n", "\r", "\t",
                                         "\x01", "\x1f", "\x7f", "é", "€", "😀", "+", "&", "="};
    std::string text;
    const int length = static_cast<int>(random() % 12);
    for (int i = 0; i < length; ++i) text += pieces[random() % std::size(pieces)];
    return text;
}

}  // namespace

TEST_CASE("the send response written by the streaming writer equals nlohmann's dump") {
    std::mt19937 random(5);
    for (int i = 0; i < 2000; ++i) {
        SendResponse r;
        r.href = random_text(random);
        r.recipient = random_text(random);
        r.requestid = random_text(random);
        r.sender = random_text(random);
        r.status = StatusField::of(i % 2 ? connectel::Status::Enroute : connectel::Status::Unknown);
        std::string written;
        REQUIRE(sim::http::write_send_response(written, r));
        CHECK(written == nlohmann::json(r).dump());
    }
}

TEST_CASE("the bulk response written by the streaming writer equals nlohmann's dump") {
    std::mt19937 random(6);
    for (int i = 0; i < 300; ++i) {
        BulkSendResponse r;
        r.bulkid = random_text(random);
        r.href = random_text(random);
        r.sender = random_text(random);
        for (int m = static_cast<int>(random() % 4); m > 0; --m)
            r.recipients.push_back({random_text(random), random_text(random), random_text(random)});
        std::string written;
        REQUIRE(sim::http::write_bulk_send_response(written, r));
        CHECK(written == nlohmann::json(r).dump());
    }
}

TEST_CASE("invalid UTF-8 is left to nlohmann's replacement") {
    SendResponse r;
    r.sender = "\xFF";
    std::string written;
    CHECK_FALSE(sim::http::write_send_response(written, r));
    BulkSendResponse bulk;
    bulk.recipients.push_back({"\xC3", "46700000000", "R1"});
    CHECK_FALSE(sim::http::write_bulk_send_response(written, bulk));
}
