// faults::Exchange over cpp-httplib: a response written, a connection dropped, a real-time wait.
#include "http/vendor_api/fault_exchange.hpp"

#include <thread>

#include "faults/exchange.hpp"
#include "http/transport/drop_connection.hpp"
#include "http/json_response.hpp"

namespace sim::http {

namespace {

class HttpExchange final : public faults::Exchange {
public:
    HttpExchange(const httplib::Request& req, httplib::Response& res, const Scheduler& scheduler)
        : req_(req), res_(res), clock_(scheduler.setting()) {}

    const ClockSetting& clock() const override { return clock_; }

    void pause(std::chrono::duration<double, std::micro> real) override { std::this_thread::sleep_for(real); }

    void answer(int status, std::string_view body, std::string_view content_type) override {
        res_.status = status;
        res_.set_content(std::string(body), std::string(content_type));
    }

    void answer_error(int status, std::string_view code, std::string_view message) override {
        send_error(res_, status, code, message);
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
