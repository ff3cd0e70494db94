// The vendor's endpoints (docs/simulator.md, "The endpoints"): send/, delivery/, the legacy /api/status/ that `href`
// points to, and /status/{id} that a delivery report's `url` points to.
#pragma once

#include <functional>
#include <string>

#include "gateway/gateway.hpp"
#include "http/router.hpp"

namespace sim::http {

struct GatewayEndpoints {
    gateway::Gateway& gateway;
    const Scheduler& scheduler;
    // When a request carries no Host header (HTTP/1.0); set once the port is bound, before serving.
    const std::string& fallback_base_url;
    // Called before a send's answer is written when a DLR of it was sent first (a rule's
    // dlr_faults `early`): returns once that DLR has had its attempt.
    std::function<void()> await_early_dlrs;

    void install(Router& router);
};

}  // namespace sim::http
