// An endpoint for the gateway's callbacks: point a token's DLR and receive URLs at it. Each
// delivery report and inbound SMS comes typed, whether the gateway sent JSON or a form.
//
//   receive_callbacks [PORT] [COUNT]   (PORT 0 picks a free one; stops after COUNT callbacks)
#include <condition_variable>
#include <connectel/webhooks.hpp>
#include <cstdlib>
#include <iostream>
#include <mutex>

int main(int argc, char** argv) {
    const int port = argc > 1 ? std::atoi(argv[1]) : 8081;
    const int wanted = argc > 2 ? std::atoi(argv[2]) : -1;  // -1: until killed

    std::mutex mutex;  // guards std::cout and received: handlers run on the receiver's threads
    std::condition_variable done;
    int received = 0;
    const auto counted = [&] {
        if (++received == wanted) done.notify_one();
    };

    connectel::WebhookReceiver receiver("127.0.0.1", port);
    receiver.on_dlr([&](const connectel::api::Dlr& dlr) {
        std::lock_guard lock(mutex);
        std::cout << "DLR " << dlr.requestid << ": " << dlr.status.text << " for " << dlr.recipient << std::endl;
        counted();
    });
    receiver.on_inbound([&](const connectel::api::InboundSms& sms) {
        std::lock_guard lock(mutex);
        std::cout << "SMS from " << sms.from << " to " << sms.to << ": " << sms.message << std::endl;
        counted();
    });
    // A payload that does not parse is answered 400; this says why.
    receiver.on_error([&](const connectel::CallbackProblem& problem, int status, const connectel::CallbackRequest&) {
        std::lock_guard lock(mutex);
        std::cerr << "answered " << status << ": " << problem.describe() << std::endl;
    });
    receiver.start();
    {
        std::lock_guard lock(mutex);
        std::cout << "listening on " << receiver.url("") << std::endl;
    }
    std::unique_lock lock(mutex);
    done.wait(lock, [&] { return received == wanted; });
}
