// The transport's side of a fault: what a fault may do to the vendor request it acts on. The
// HTTP layer implements it (http/vendor_api/fault_exchange.hpp), so faults know no HTTP library.
#pragma once

#include <chrono>
#include <string_view>

#include "clock/scheduler.hpp"

namespace sim::faults {

class Exchange {
public:
    virtual ~Exchange() = default;

    // The simulator's clock, for a fault whose time is real time (a client's timeout is).
    virtual const ClockSetting& clock() const = 0;
    // Holds the answer back this long, in real time.
    virtual void pause(std::chrono::duration<double, std::micro> real) = 0;
    // Answers with `status` and `body`, of `content_type`, in place of the usual answer.
    virtual void answer(int status, std::string_view body, std::string_view content_type) = 0;
    // Answers with the API's error body, {"error": {"code", "message", "field": null}}.
    virtual void answer_error(int status, std::string_view code, std::string_view message) = 0;
    // Closes the connection without an answer.
    virtual void drop_connection() = 0;
};

}  // namespace sim::faults
