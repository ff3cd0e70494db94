// Send, then poll until the status is final: what a script does when it has no DLR endpoint.
#include <chrono>
#include <connectel/client.hpp>
#include <cstdlib>
#include <iostream>

int main() {
    using namespace std::chrono_literals;
    connectel::ClientOptions options;
    if (const char* url = std::getenv("CONNECTEL_BASE_URL")) options.base_url = url;
    const char* token = std::getenv("CONNECTEL_TOKEN");
    options.token = token ? token : "any-token";
    connectel::Client client(options);

    // connectel-sim's magic number 0005 ends UNDELIV one second after the send.
    const auto sent = client.send("IKEA", "46700000005", "Is this number still yours?");
    const auto report = client.wait_for_final(sent.response.requestid, 30s, 100ms);
    if (!connectel::is_final(report.status.status)) {
        std::cout << "still " << report.status.text << " after 30 s\n";
        return 1;
    }
    std::cout << report.status.text << ": " << report.status_desc << '\n';
}
