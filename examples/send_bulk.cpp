// One text to many recipients, each under your own key, and every member's status.
#include <connectel/client.hpp>
#include <cstdlib>
#include <iostream>

int main() {
    connectel::ClientOptions options;
    if (const char* url = std::getenv("CONNECTEL_BASE_URL")) options.base_url = url;
    const char* token = std::getenv("CONNECTEL_TOKEN");
    options.token = token ? token : "any-token";
    options.format = connectel::BodyFormat::Form;  // JSON is the default; the gateway takes both
    connectel::Client client(options);

    const connectel::BulkSendResult sent = client.send_bulk(
        "IKEA", {{"customer-1", "46700000001"}, {"customer-2", "46700000002"}}, "Spring sale: 20% off");
    std::cout << "bulk-id " << sent.response.bulkid << '\n';
    for (const connectel::api::BulkRecipientId& member : sent.response.recipients)
        std::cout << member.key << " -> " << member.requestid << '\n';

    const connectel::api::BulkDeliveryReport report = client.bulk_delivery(sent.response.bulkid);
    for (const connectel::api::BulkDeliveryEntry& member : report.recipients)
        std::cout << member.recipient << ' ' << member.status.text << '\n';
}
