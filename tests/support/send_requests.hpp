// Valid send requests for the tests, built by name: SendRequest is an aggregate that grows.
#pragma once

#include <string>
#include <vector>

#include "connectel/api/send_request.hpp"

namespace connectel_tests {

inline connectel::api::SendRequest single_send(std::string token, std::string sender, std::string recipient,
                                               std::string message) {
    connectel::api::SendRequest request;
    request.token = std::move(token);
    request.sender = std::move(sender);
    request.recipient = std::move(recipient);
    request.message = std::move(message);
    return request;
}

inline connectel::api::SendRequest bulk_send(std::string token, std::string sender,
                                             std::vector<connectel::api::BulkRecipient> recipients,
                                             std::string message) {
    connectel::api::SendRequest request;
    request.token = std::move(token);
    request.sender = std::move(sender);
    request.bulk = true;
    request.recipients = std::move(recipients);
    request.message = std::move(message);
    return request;
}

}  // namespace connectel_tests
