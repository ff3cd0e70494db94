// Send one SMS, see what it costs, and look up its delivery report: against connectel-sim
// (CONNECTEL_BASE_URL=http://127.0.0.1:8080) or, with a real token, the gateway itself.
#include <connectel/client.hpp>
#include <cstdlib>
#include <iostream>

int main() {
    connectel::ClientOptions options;
    if (const char* url = std::getenv("CONNECTEL_BASE_URL")) options.base_url = url;
    const char* token = std::getenv("CONNECTEL_TOKEN");
    options.token = token ? token : "any-token";  // connectel-sim's default scenario takes any token
    connectel::Client client(options);

    try {
        const connectel::SendResult sent = client.send("IKEA", "46700000000", "Your order has shipped \U0001F4E6");
        std::cout << "request-id " << sent.response.requestid << ", " << sent.response.status.text << '\n';
        std::cout << connectel::sms::to_string(sent.text.encoding) << ", " << sent.text.segments << " segment\n";

        const connectel::api::DeliveryReport report = client.delivery(sent.response.requestid);
        std::cout << "status " << report.status.text << " (" << report.status.code << ")\n";

        client.send("IKEA", "123", "Too short a number");  // never leaves this process
    } catch (const connectel::ValidationError& e) {
        std::cout << "not sent: " << e.field() << " is invalid\n";
    } catch (const connectel::ApiError& e) {  // the gateway said no: e.http_status(), e.code()
        std::cout << "refused: " << e.what() << '\n';
        return 1;
    } catch (const connectel::TransportError& e) {  // no answer: the SMS may or may not be sent
        std::cout << "no answer: " << e.what() << '\n';
        return 1;
    }
}
