// The benchmarks' baseline: a bare cpp-httplib server, tuned as connectel-sim is, that answers
// POST /api/v2/send/ with a fixed JSON of the simulator's shape and length (or, asked with
// ?answer_bytes=N, a padded JSON of N bytes).
//
//   bare_server [--host 127.0.0.1] [--port 0] [--threads 64] [--max-body-size BYTES]
//
// When ready it prints "bare-server listening on http://HOST:PORT" (flushed); SIGTERM or SIGINT
// stops it (exit 0).
#include <signal.h>
#include <unistd.h>

#include <httplib.h>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <thread>

#include "http/transport/server_tuning.hpp"
#include "signal_stop.hpp"

namespace {

struct Arguments {
    std::string host = "127.0.0.1";
    int port = 0;
    sim::http::ServerTuning tuning;
};

bool parse_arguments(int argc, char** argv, Arguments& out) {
    for (int i = 1; i < argc; ++i) {
        const std::string flag = argv[i];
        if (i + 1 >= argc) return false;
        const char* value = argv[++i];
        if (flag == "--host") {
            out.host = value;
        } else if (flag == "--port") {
            out.port = std::atoi(value);
        } else if (flag == "--threads") {
            out.tuning.threads = static_cast<std::size_t>(std::strtoul(value, nullptr, 10));
        } else if (flag == "--max-body-size") {
            out.tuning.max_body_bytes = static_cast<std::size_t>(std::strtoull(value, nullptr, 10));
        } else {
            return false;
        }
    }
    return out.port >= 0 && out.port <= 65535 && out.tuning.threads > 0;
}

// The simulator's single-send answer with a fixed id: the same bytes on the wire, no work.
std::string send_response(const std::string& base) {
    const std::string id = "R6GSSA7UJ6EUXFLU.15778368000000000";
    return "{\"href\":\"" + base + "/api/status/?authorization=T&message=" + id +
           "\",\"method\":\"GET\",\"recipient\":\"46700000000\",\"requestid\":\"" + id +
           "\",\"sender\":\"IKEA\",\"setusInt\":0,\"statusInt\":0,\"statusStr\":\"ENROUTE\"}";
}

}  // namespace

int main(int argc, char** argv) {
    Arguments args;
    if (!parse_arguments(argc, argv, args)) {
        std::cerr
            << "usage: bare_server [--host 127.0.0.1] [--port 0] [--threads 64] [--max-body-size BYTES]\n";
        return 2;
    }

    // Before any thread exists, so that every thread inherits the blocked signals.
    sim::SignalStop signal_stop;
    httplib::Server server;
    sim::http::TunedSocket socket;
    socket.apply(server, args.tuning);

    int port = args.port;
    if (port == 0) {
        port = server.bind_to_any_port(args.host);
    } else if (!server.bind_to_port(args.host, port)) {
        port = -1;
    }
    if (port <= 0) {
        std::cerr << "bare_server: cannot listen on " << args.host << ":" << args.port << '\n';
        return 1;
    }
    socket.relisten();

    const std::string base = "http://" + args.host + ":" + std::to_string(port);
    const std::string body = send_response(base);
    // ?answer_bytes=N pads the answer to N bytes: a bulk answer's size, to time its transport.
    const auto send = [&body](const httplib::Request& req, httplib::Response& res) {
        if (!req.has_param("answer_bytes")) return res.set_content(body, "application/json");
        const std::string asked = req.get_param_value("answer_bytes");
        const auto size = static_cast<std::size_t>(std::strtoull(asked.c_str(), nullptr, 10));
        const std::string head = "{\"padding\":\"", tail = "\"}";
        std::string padded = head;
        padded.resize(std::max(size, head.size() + tail.size()) - tail.size(), 'x');
        res.set_content(padded + tail, "application/json");
    };
    server.Post("/api/v2/send/?", send);

    std::cout << "bare-server listening on " << base << std::endl;
    signal_stop.start([&server] {
        // stop() does nothing before the accept loop runs: give it a moment to start.
        for (int i = 0; i < 1000 && !server.is_running(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
        server.stop();
    });
    server.listen_after_bind();
    signal_stop.finish();
    return 0;
}
