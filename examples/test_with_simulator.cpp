// A test of your own integration, as you would write it with doctest (GoogleTest is alike):
// connectel-sim runs as a child process on a free port with a virtual clock, your code sends
// through the client, and the DLR reaches a real endpoint on 127.0.0.1; a message your app
// sends in the background is waited for in the simulator. No network, no sleeps.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <connectel/client.hpp>
#include <connectel/testing.hpp>
#include <connectel/webhooks.hpp>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

TEST_CASE("an order confirmation is delivered and its DLR reaches our endpoint") {
    std::mutex mutex;  // the receiver's handlers run on its threads
    std::vector<connectel::api::Dlr> dlrs;
    connectel::WebhookReceiver endpoint;  // 127.0.0.1, a free port
    endpoint.on_dlr([&](const connectel::api::Dlr& dlr) {
        std::lock_guard lock(mutex);
        dlrs.push_back(dlr);
    });
    endpoint.start();

    connectel::testing::SimulatorOptions options;  // finds connectel-sim on PATH, or $CONNECTEL_SIM
    options.scenario_text = R"({"name": "orders",
        "tokens": [{"token": "test-token", "dlr": {"url": ")" + endpoint.url("/dlr") + R"("}}],
        "lifecycle": [{"after": "2s", "status": "DELIVRD"}]})";
    connectel::testing::SimulatorProcess sim(options);

    connectel::ClientOptions client_options;
    client_options.token = "test-token";
    client_options.base_url = sim.base_url();
    connectel::Client client(client_options);
    const auto sent = client.send("SHOP", "46700000000", "Order 1042 is confirmed");

    sim.advance("1s");
    CHECK(client.delivery(sent.response.requestid).status.status == connectel::Status::Enroute);
    sim.advance("1s");  // returns once the DLR due at 2 s has been delivered
    std::lock_guard lock(mutex);
    REQUIRE(dlrs.size() == 1);
    CHECK(dlrs[0].requestid == sent.response.requestid);
    CHECK(dlrs[0].status.status == connectel::Status::Delivered);
}

TEST_CASE("a bad recipient is refused before anything is sent") {
    connectel::testing::SimulatorProcess sim;  // the default scenario: any token
    connectel::ClientOptions options;
    options.token = "any";
    options.base_url = sim.base_url();
    CHECK_THROWS_AS(connectel::Client(options).send("SHOP", "not-a-number", "Hi"), connectel::ValidationError);
    CHECK(sim.requests().empty());  // the simulator's journal: nothing reached it
}

// Our app's login: a background job texts a code, and the code typed in is checked.
class LoginService {
public:
    explicit LoginService(std::string base_url) : base_url_(std::move(base_url)) {}
    ~LoginService() {
        if (job_.joinable()) job_.join();
    }
    void request_code(const std::string& phone) {
        job_ = std::thread([this, phone] {
            connectel::ClientOptions options;
            options.token = "app-token";
            options.base_url = base_url_;
            connectel::Client(options).send("SHOP", phone, "Your login code is " + code_);
        });
    }
    bool log_in(const std::string& typed) const { return typed == code_; }

private:
    std::string base_url_, code_ = "482913";
    std::thread job_;
};

TEST_CASE("the login code our background job texts can be read and typed in") {
    connectel::testing::SimulatorProcess sim;
    LoginService app(sim.base_url());
    app.request_code("46700001234");
    const auto sms = sim.wait_for_message({"46700001234"}, std::chrono::seconds(10));  // no sleep, no polling
    const std::string text = sms["message"];
    CHECK(app.log_in(text.substr(text.find("code is ") + 8, 6)));
}
