// faults::Exchange over cpp-httplib: a response written, a connection dropped, a real-time wait.
#include "http/vendor_api/fault_exchange.hpp"

#include <thread>

#include "faults/exchange.hpp"
#include "http/transport/drop_connection.hpp"
#include "http/json_response.hpp"

namespace sim::http {

namespace {

constexpr const char* scripted_header = "X-Connectel-Sim-Fault";

class HttpExchange final : public faults::Exchange {
public:
    HttpExchange(const httplib::Request& req, httplib::Response& res, const Scheduler& scheduler)
        : req_(req), res_(res), clock_(scheduler.setting()) {}

    const ClockSetting& clock() const override { return clock_; }

    void pause(std::chrono::duration<double, std::micro> real) override { std::this_thread::sleep_for(real); }

    // A scripted answer says it is one, as its status and body may be anything (a 200 that is no
    // send response): a client's log shows it, and the contract test reads it (docs/openapi.yaml).
    void answer(int status, std::string_view body, std::string_view content_type) override {
        res_.status = status;
        res_.set_content(std::string(body), std::string(content_type));
        res_.set_header(scripted_header, "respond");
    }

    void answer_error(int status, std::string_view code, std::string_view message) override {
        send_error(res_, status, code, message);
        res_.set_header(scripted_header, "respond");
    }

    void drop_connection() override {
        http::drop_connection(req_);
        res_.status = dropped_status;
    }

private:
    const httplib::Request& req_;
    httplib::Response& res_;
    const ClockSetting clock_;
};

}  // namespace

bool act_out(const faults::FaultSet& faults, const httplib::Request& req, httplib::Response& res,
             const Scheduler& scheduler) {
    HttpExchange exchange(req, res, scheduler);
    return faults.act(exchange);
}

}  // namespace sim::http
