// The arrival time is kept per thread for the one call that serves a request: cpp-httplib hands
// its logger only the request and its answer, and the call runs on one thread from the first
// byte to the log line. (A request header carried it once: its insertion, lookup and parse cost
// about 3% of a send's instructions.)
#include "http/transport/request_log.hpp"

#include <algorithm>
#include <chrono>

#include "http/transport/drop_connection.hpp"

namespace sim::http::transport {

namespace {

// The arrival of the request this thread is serving; none outside an ArrivalScope.
constexpr Clock::time_point no_arrival = Clock::time_point::min();
thread_local Clock::time_point current_arrival = no_arrival;

std::string micros_text(Clock::duration took) {
    return std::to_string(std::chrono::duration_cast<std::chrono::microseconds>(took).count()) + "us";
}

// "POST /api/v2/send HTTP/1.1" as far as it arrived: its method and path.
std::string method_and_path(const std::string& request_line) {
    const std::size_t method_end = request_line.find(' ');
    if (request_line.empty() || method_end == std::string::npos) return "- -";
    const std::size_t path_end = request_line.find(' ', method_end + 1);
    return request_line.substr(0, std::min(path_end, std::size_t{120} + method_end));
}

}  // namespace

ArrivalScope::ArrivalScope(Clock::time_point began) : outer_(current_arrival) { current_arrival = began; }
ArrivalScope::~ArrivalScope() { current_arrival = outer_; }

std::string request_log_line(const httplib::Request& req, const httplib::Response& res) {
    const Clock::duration took = current_arrival == no_arrival ? Clock::duration{0} : Clock::now() - current_arrival;
    std::string line = req.method;
    line += ' ';
    line += req.path;
    line += ' ';
    line += res.status == dropped_status ? std::string("dropped") : std::to_string(res.status);
    line += ' ';
    line += micros_text(took);
    return line;
}

std::string rejection_log_line(const Rejection& rejection) {
    return method_and_path(rejection.request_line) + " " + std::to_string(rejection.status) + " " +
           micros_text(rejection.took) + " (" + rejection.message + ")";
}

}  // namespace sim::http::transport
