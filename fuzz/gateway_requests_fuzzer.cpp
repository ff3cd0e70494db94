// libFuzzer target: the simulator's request handling, in-process, from the request as the HTTP
// server hands it over (http_request_text.hpp) to the answer, through the world's real router:
// the vendor API's send route (JSON and form, single and bulk) above all, as the seed corpus
// says, and whatever other route a mutated request line reaches.
//
// A finding is a crash, an exception out of a handler or a 500 (what the server would answer for
// one), an answer that is not JSON, or an accepted send whose href does not answer 200 with the
// message or bulk it named. After each input the world is reset through POST /_sim/reset, so an
// input's outcome does not depend on the inputs before it.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "embedded.hpp"
#include "events/event_hub.hpp"
#include "fuzz_check.hpp"
#include "http/control_api/event_stream.hpp"
#include "http/transport/request_journal.hpp"
#include "http_request_text.hpp"
#include "scenario/loader.hpp"
#include "world.hpp"

namespace {

using nlohmann::json;

const std::string fallback_base_url = "http://127.0.0.1:8080";

// The default scenario on a virtual clock with a fixed seed: what `connectel-sim --clock virtual
// --seed 1` serves. Events are kept, as when a page is open, so that writing them runs too.
struct Harness {
    sim::events::EventHub events{64};
    sim::http::EventStream event_stream{events, {}};
    // Closed: a list call that waits (wait=) answers at once with what there is.
    sim::waits::Waiters waiters{8};
    sim::World world;

    static sim::Options options() {
        sim::Options options;
        options.clock = sim::ClockSetting{sim::ClockSetting::Kind::Virtual};
        options.seed = 1;
        options.log = nullptr;
        return options;
    }
    Harness()
        : world(std::make_shared<const sim::scenario::Scenario>(
                    sim::scenario::load_scenario(sim::embedded::default_scenario, "default.json")),
                options(), sim::World::Shared{fallback_base_url, events, event_stream, waiters},
                [](std::shared_ptr<const sim::scenario::Scenario>) {}) {
        events.start_keeping();
        waiters.close();
    }
};

// Never destroyed: the world's callback workers would outlive the fuzzer's exit otherwise.
Harness& harness() {
    static Harness* const instance = new Harness;
    return *instance;
}

// A list's answer is written in chunks as the socket takes them (http/control_api/streamed_json.cpp): the body is
// what its content provider writes until it says done, as the server would send it.
void drain_chunked_body(httplib::Response& res) {
    bool done = false;
    httplib::DataSink sink;
    sink.write = [&](const char* data, std::size_t size) {
        res.body.append(data, size);
        return true;
    };
    sink.done = [&] { done = true; };
    sink.is_writable = [] { return true; };
    int calls = 0;
    while (!done) {
        FUZZ_CHECK(++calls < 1'000'000, "a chunked answer that never ends");
        FUZZ_CHECK(res.content_provider_(res.body.size(), 0, sink), "a chunked answer that failed to write");
    }
}

// Serves `req` as the server's dispatch does (simulator.cpp), and checks the answer.
httplib::Response serve(const httplib::Request& req) {
    sim::World& world = harness().world;
    httplib::Response res;
    try {
        sim::http::RequestScope scope;
        world.router().dispatch(req, res, scope);
        world.journal().record(req, res, scope.token);
    } catch (const std::exception& e) {
        fuzz::fail("a handler threw (the server answers 500 internal_error)", e.what());
    }
    FUZZ_CHECK(res.status != 500, "a 500 answer");
    if (res.is_chunked_content_provider_) drain_chunked_body(res);
    if (res.get_header_value("Content-Type") == "application/json")
        FUZZ_CHECK(!json::parse(res.body, nullptr, false).is_discarded(), "an answer that is not JSON");
    return res;
}

// Whether `host` is made of what a URI's host and port are made of (RFC 3986): the href is
// only promised for a Host header a client could have sent.
bool is_uri_host(const std::string& host) {
    return host.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:[]%") ==
           std::string::npos;
}

// An accepted send's href names the status of what it accepted, for its token.
void follow_href(const httplib::Request& send, const json& answer) {
    const std::string host = send.get_header_value("Host");
    if (!is_uri_host(host)) return;
    const std::string base = host.empty() ? fallback_base_url : "http://" + host;
    const std::string& href = answer.at("href").get_ref<const std::string&>();
    FUZZ_CHECK(href.compare(0, base.size(), base) == 0, "href is not on the server's base URL");
    const std::string target = href.substr(base.size());
    const httplib::Response status = serve(fuzz::request_from_text("GET " + target + "\n"));
    FUZZ_CHECK(status.status == 200, "an accepted send's href does not answer 200");
    const char* id = answer.contains("bulkid") ? "bulkid" : "requestid";
    FUZZ_CHECK(json::parse(status.body).value(id, "") == answer.at(id), "href answers for another message");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const httplib::Request req = fuzz::request_from_text(std::string_view(reinterpret_cast<const char*>(data), size));
    const httplib::Response res = serve(req);
    if (res.status == 200 && req.method == "POST" && req.path.rfind("/api/v2/send", 0) == 0)
        follow_href(req, json::parse(res.body));
    FUZZ_CHECK(serve(fuzz::request_from_text("POST /_sim/reset\n")).status == 200, "the reset failed");
    return 0;
}
