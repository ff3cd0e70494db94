// libFuzzer target: the callback parsers (connectel/webhooks/parse.hpp).
//
// The input is a callback as a receiver gets it: the Content-Type on the first line, the body
// after it. The try_ forms must never throw, the throwing forms throw CallbackError exactly when
// the try_ forms fail, try_parse_callback agrees with the parser of the kind it picks, and a
// callback read is read back the same from what the library writes of it, as JSON and as form
// fields (what the simulator sends, and what a receiver of ours then parses).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "connectel/webhooks/parse.hpp"
#include "fuzz_check.hpp"
#include "fuzz_input.hpp"

namespace {

using connectel::Callback;
using connectel::CallbackError;
using connectel::CallbackParse;
using connectel::api::Dlr;
using connectel::api::InboundSms;

bool same(const Dlr& a, const Dlr& b) {
    return a.action == b.action && a.requestid == b.requestid && a.tokenid == b.tokenid && a.status == b.status &&
           a.sender == b.sender && a.recipient == b.recipient && a.bulkid == b.bulkid && a.date == b.date &&
           a.status_desc == b.status_desc;
}

bool same(const InboundSms& a, const InboundSms& b) {
    return a.from == b.from && a.to == b.to && a.requestid == b.requestid && a.message == b.message;
}

bool same(const connectel::CallbackProblem& a, const connectel::CallbackProblem& b) {
    return a.kind == b.kind && a.field == b.field && a.message == b.message;
}

// The throwing form fails exactly as the try_ form did, and with its problem.
template <typename T, typename Parse>
void check_throwing_form(const CallbackParse<T>& tried, Parse parse, const char* what) {
    try {
        parse();
    } catch (const CallbackError& e) {
        FUZZ_CHECK(!tried && same(e.problem(), tried.problem), what);
        return;
    }
    FUZZ_CHECK(bool(tried), what);
}

// What the library writes of a callback reads back as the same callback.
template <typename T, typename TryParse>
void check_round_trip(const T& value, TryParse try_parse) {
    const auto from_json = try_parse(nlohmann::json(value).dump(), "application/json");
    FUZZ_CHECK(from_json && same(*from_json, value), "a callback written as JSON does not read back the same");
    const std::string form = connectel::form::encode(connectel::api::to_form(value));
    const auto from_form = try_parse(form, "application/x-www-form-urlencoded");
    FUZZ_CHECK(from_form && same(*from_form, value), "a callback written as form fields does not read back the same");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto input = fuzz::first_line_and_rest(data, size);
    const std::string_view content_type = input.line, body = input.rest;

    const auto dlr = connectel::try_parse_dlr(body, content_type);
    const auto inbound = connectel::try_parse_inbound(body, content_type);
    const auto callback = connectel::try_parse_callback(body, content_type);
    check_throwing_form(dlr, [&] { connectel::parse_dlr(body, content_type); }, "parse_dlr and try_parse_dlr disagree");
    check_throwing_form(inbound, [&] { connectel::parse_inbound(body, content_type); },
                        "parse_inbound and try_parse_inbound disagree");
    check_throwing_form(callback, [&] { connectel::parse_callback(body, content_type); },
                        "parse_callback and try_parse_callback disagree");

    if (callback) {
        if (const auto* read = std::get_if<Dlr>(&*callback))
            FUZZ_CHECK(dlr && same(*dlr, *read), "try_parse_callback's DLR is not try_parse_dlr's");
        else
            FUZZ_CHECK(inbound && same(*inbound, std::get<InboundSms>(*callback)),
                       "try_parse_callback's inbound SMS is not try_parse_inbound's");
    }
    if (dlr) check_round_trip(*dlr, connectel::try_parse_dlr);
    if (inbound) check_round_trip(*inbound, connectel::try_parse_inbound);
    return 0;
}
