// `connectel segments` run as a user runs it: arguments, standard input, output, exit status.
#include <doctest/doctest.h>

#include <cctype>
#include <nlohmann/json.hpp>
#include <string>

#include "run_process.hpp"

using namespace connectel_tests;
using nlohmann::json;

namespace {

const std::string cli = CONNECTEL_CLI_PATH;

connectel_tests::ProcessResult segments(std::vector<std::string> args, const std::string& input = {}) {
    args.insert(args.begin(), "segments");
    return run_process(cli, args, input);
}

json segments_json(std::vector<std::string> args, const std::string& input = {}) {
    args.push_back("--json");
    const auto r = segments(std::move(args), input);
    REQUIRE(r.exit_code == 0);
    return json::parse(r.out);
}

}  // namespace

TEST_CASE("a person sees encoding, counts and each segment") {
    const auto r = segments({std::string(161, 'a')});
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("encoding:   GSM-7\n") != std::string::npos);
    CHECK(r.out.find("characters: 161\n") != std::string::npos);
    CHECK(r.out.find("segments:   2 (up to 153 septets each, 145 free in the last)") != std::string::npos);
    CHECK(r.out.find("  1/2  153 septets  \"" + std::string(153, 'a') + "\"") != std::string::npos);
    CHECK(r.out.find("  2/2    8 septets  \"aaaaaaaa\"") != std::string::npos);
}

TEST_CASE("the characters that force UCS-2 are named with their positions") {
    const auto r = segments({"Hi 😀 ça"});
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("encoding:   UCS-2\n") != std::string::npos);
    CHECK(r.out.find(
              "forced by:  \"😀\" U+1F600 at character 3 (byte 3), \"ç\" U+00E7 at character 5 (byte 8)") !=
          std::string::npos);
    CHECK(r.out.find("units:      8 UTF-16 units") != std::string::npos);
}

TEST_CASE("--json gives scripts every figure, each part's text and its bytes") {
    const json j = segments_json({std::string(152, 'a') + "€" + std::string(152, 'a')});
    CHECK(j["encoding"] == "GSM-7");
    CHECK(j["units"] == 306);
    CHECK(j["segments"] == 3);
    CHECK(j["extension_characters"] == 1);
    CHECK(j["units_per_segment"] == 153);
    REQUIRE(j["parts"].size() == 3);
    CHECK(j["parts"][1]["text"].get<std::string>().rfind("€", 0) == 0);
    CHECK(j["parts"][1]["char_offset"] == 152);
    CHECK(j["parts"][0]["header"] == "050003000301");
    CHECK(j["parts"][0]["user_data_length"] == 159);
    CHECK(j["fits_connectel_limit"] == true);
    CHECK(j["ucs2_characters"].empty());
}

TEST_CASE("--json writes the library's camelCase view, with the old snake_case keys beside it for one release") {
    const json j = segments_json({"--smart", "“a” " + std::string(160, 'a')});
    CHECK(j["unitsPerSegment"] == 153);
    CHECK(j["unitsPerSegment"] == j["units_per_segment"]);
    CHECK(j["fitsConnectelLimit"] == true);
    CHECK(j["referenceBits"] == j["reference_bits"]);
    CHECK(j["replacements"][0]["codePoint"] == "U+201C");
    CHECK(j["replacements"][0]["code_point"] == "U+201C");
    CHECK(j["parts"][1]["charOffset"] == 153);
    CHECK(j["parts"][1]["userDataLength"] == j["parts"][1]["user_data_length"]);
    // Every old key has its new twin, with the same value: nothing is only in the old style.
    for (const auto& [key, value] : j.items())
        if (key.find('_') != std::string::npos) {
            std::string camel;
            for (std::size_t i = 0; i < key.size(); ++i)
                camel += key[i] == '_' ? static_cast<char>(std::toupper(key[++i])) : key[i];
            CAPTURE(key);
            CHECK(j.at(camel) == value);
        }
}

TEST_CASE("text comes from standard input with - or no argument, one trailing newline dropped") {
    const json j = segments_json({"-"}, "héllo\n");
    CHECK(j["text"] == "héllo");
    CHECK(j["characters"] == 5);
    const json k = segments_json({}, "two\nlines\n");
    CHECK(k["text"] == "two\nlines");
}

TEST_CASE("invalid UTF-8 on standard input exits 3 and names the byte offset") {
    const auto r = segments({"-"}, "abc\xC0\x80");
    CHECK(r.exit_code == 3);
    CHECK(r.err.find("invalid UTF-8 at byte 3: overlong encoding") != std::string::npos);

    const auto j = segments({"--json"}, "ok\xED\xA0\x80");
    CHECK(j.exit_code == 3);
    const json body = json::parse(j.out);
    CHECK(body["error"]["code"] == "invalid_utf8");
    CHECK(body["error"]["byte_offset"] == 2);
    CHECK(body["error"]["byteOffset"] == 2);
}

TEST_CASE("--smart replaces look-alikes and lists every replacement") {
    const auto r = segments({"--smart", "It’s “fine”"});
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("encoding:   GSM-7") != std::string::npos);
    CHECK(r.out.find("replaced:   \"’\" U+2019 -> \"'\" at input character 2") != std::string::npos);
    const json j = segments_json({"--smart", "a…"});
    CHECK(j["text"] == "a...");
    CHECK(j["replacements"][0]["code_point"] == "U+2026");
}

TEST_CASE("--national allows a national table and the output says which") {
    std::string turkish;
    for (int i = 0; i < 157; ++i) turkish += i % 10 == 0 ? "ş" : "a";
    const json plain = segments_json({turkish});
    CHECK(plain["encoding"] == "UCS-2");
    CHECK(plain["segments"] == 3);
    const json national = segments_json({"--national", "tr", turkish});
    CHECK(national["encoding"] == "GSM-7");
    CHECK(national["locking_shift"] == "tr");
    CHECK(national["segments"] == 2);
    const auto human = segments({"--national", "tr", turkish});
    CHECK(human.out.find("GSM-7 with the Turkish locking shift table") != std::string::npos);
}

TEST_CASE("--reference 16 uses 152-septet parts; --bytes shows the headers") {
    const json j = segments_json({"--reference", "16", std::string(200, 'x')});
    CHECK(j["units_per_segment"] == 152);
    CHECK(j["parts"][0]["header"] ==
          "060804000002"
          "01");
    const auto r = segments({"--bytes", "hellohello"});
    CHECK(r.out.find("header (none)  TP-UDL 10  user data E8329BFD4697D9EC37") != std::string::npos);
}

TEST_CASE("texts outside Connectel's 1 to 1600 characters get a note") {
    const auto r = segments({std::string(1601, 'a')});
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("note: Connectel accepts 1 to 1600 characters; this text has 1601") !=
          std::string::npos);
    CHECK(segments_json({""})["fits_connectel_limit"] == false);
}

TEST_CASE("usage errors exit 2") {
    CHECK(run_process(cli, {}).exit_code == 2);
    CHECK(segments({"--national", "xx", "hi"}).exit_code == 2);
    CHECK(segments({"--reference", "12", "hi"}).exit_code == 2);
    CHECK(run_process(cli, {"no-such-command"}).exit_code == 2);
    CHECK(run_process(cli, {"--help"}).exit_code == 0);
}
