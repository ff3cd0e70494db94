// The vendor routes' side of the faults: a rule's faults acted out on an httplib request.
#pragma once

#include <httplib.h>

#include "clock/scheduler.hpp"
#include "faults/fault.hpp"

namespace sim::http {

// Acts out `faults` on the request; true when one of them answered it (or dropped its
// connection) in place of the usual answer, which must then not be written.
bool act_out(const faults::FaultSet& faults, const httplib::Request& req, httplib::Response& res,
             const Scheduler& scheduler);

}  // namespace sim::http
