// The streaming writer of the hot responses and events writes exactly what nlohmann's dump writes.
#include <doctest/doctest.h>

#include <random>

#include "http/control_json.hpp"
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

namespace {

sim::gateway::MessageRecord random_message(std::mt19937& random) {
    sim::gateway::MessageRecord m;
    m.request_id = random_text(random);
    if (random() % 2) {
        m.bulk_id = random_text(random);
        m.key = random_text(random);
    }
    m.recipient = random_text(random);
    m.token_id = random_text(random);
    auto content = std::make_shared<sim::gateway::Content>();
    content->sender = random_text(random);
    content->text = random_text(random);
    content->encoding = random() % 2 ? connectel::sms::Encoding::Ucs2 : connectel::sms::Encoding::Gsm7;
    content->characters = static_cast<std::uint32_t>(random() % 1601);
    content->segments = static_cast<std::uint32_t>(random() % 11);
    m.content = content;
    const connectel::Status statuses[] = {connectel::Status::Enroute, connectel::Status::Delivered,
                                          connectel::Status::Undeliverable, connectel::Status::Expired};
    for (int h = 1 + static_cast<int>(random() % 3); h > 0; --h)
        m.history.push_back({sim::Time{std::chrono::microseconds(random())}, statuses[random() % 4], random_text(random)});
    return m;
}

}  // namespace

TEST_CASE("the message.accepted event written by the streaming writer equals nlohmann's dump") {
    std::mt19937 random(7);
    for (int i = 0; i < 1000; ++i) {
        const auto m = random_message(random);
        std::string written = "kept";
        sim::http::append_message_json(written, m);
        CHECK(written == "kept" + sim::http::message_json(m).dump());
    }
}

TEST_CASE("the message.status event written by the streaming writer equals nlohmann's dump") {
    std::mt19937 random(8);
    for (int i = 0; i < 1000; ++i) {
        const auto m = random_message(random);
        const std::string token = random_text(random);
        const sim::gateway::StatusChangeNotice notice{m.request_id, m.bulk_id,   token,          m.token_id,
                                                      m.key,        m.recipient, m.history.back()};
        std::string written;
        sim::http::append_status_change_json(written, notice);
        CHECK(written == sim::http::status_change_json(notice).dump());
    }
}

TEST_CASE("an event with invalid UTF-8 is written with nlohmann's replacement character") {
    std::mt19937 random(9);
    auto m = random_message(random);
    auto content = std::make_shared<sim::gateway::Content>(*m.content);
    content->text = "caf\xC3";
    m.content = content;
    std::string written;
    sim::http::append_message_json(written, m);
    CHECK(written == sim::http::message_json(m).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    CHECK(written.find("caf\xEF\xBF\xBD") != std::string::npos);  // U+FFFD
    CHECK(nlohmann::json::parse(written)["message"] == "caf\uFFFD");
}
