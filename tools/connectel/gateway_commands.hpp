// `connectel send`, `bulk` and `delivery`: the gateway's operations, over connectel::Client.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace connectel::cli {

// Where and as whom: --token/--base-url, else CONNECTEL_TOKEN/CONNECTEL_BASE_URL.
struct Connection {
    std::string token;
    std::string base_url;
    bool form = false;     // send parameters as a form instead of JSON
    double timeout = 30;   // seconds per request
};

struct SendRequest {
    std::string from, to, message;
    bool json = false;
};

struct BulkRequest {
    std::string from;
    std::vector<std::string> to;  // KEY=NUMBER
    std::string message;
    bool json = false;
};

struct DeliveryRequest {
    std::string id;  // a request-id, or a bulk-id (B...)
    bool json = false;
    bool wait = false;
    double wait_timeout = 300;  // seconds
    double interval = 1;        // seconds between polls
};

// Registers the options every gateway command shares, and the commands.
void add_connection_options(CLI::App& app, Connection& connection);
CLI::App* add_send_command(CLI::App& app, SendRequest& request);
CLI::App* add_bulk_command(CLI::App& app, BulkRequest& request);
CLI::App* add_delivery_command(CLI::App& app, DeliveryRequest& request);

// Each returns the exit status (exit_codes.hpp).
int run_send(const Connection& connection, const SendRequest& request, std::ostream& out, std::ostream& err);
int run_bulk(const Connection& connection, const BulkRequest& request, std::ostream& out, std::ostream& err);
int run_delivery(const Connection& connection, const DeliveryRequest& request, std::ostream& out,
                 std::ostream& err);

}  // namespace connectel::cli
