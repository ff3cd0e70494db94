// A rule's `respond`, as the client sees it: a wait, then the scripted status and body in place
// of the gateway's usual answer (or the usual answer, when only a latency is scripted).
#pragma once

#include <httplib.h>

#include <chrono>
#include <string>
#include <thread>

#include "clock/scheduler.hpp"
#include "http/json_response.hpp"
#include "scenario/scenario.hpp"

namespace sim::http {

// Latency is real time, as a client's timeout is: scaled down on a sped-up clock, as written on
// a real or virtual one. A virtual clock has no real time to take it from.
inline void wait_scripted_latency(const scenario::Respond& respond, const Scheduler& scheduler) {
    if (respond.latency.count() <= 0) return;
    const double speed = scheduler.setting().kind == ClockSetting::Kind::Scaled ? scheduler.setting().speed : 1.0;
    std::this_thread::sleep_for(std::chrono::duration<double, std::micro>(respond.latency.count() / speed));
}

// Writes the scripted answer; the default body is the API's error body naming the fault.
inline void send_scripted_answer(const scenario::Respond& respond, httplib::Response& res) {
    const int status = respond.status.value_or(200);
    if (respond.body_given) {
        res.status = status;
        const bool json = !respond.body.empty() && (respond.body.front() == '{' || respond.body.front() == '[');
        res.set_content(respond.body, json ? "application/json" : "text/plain");
        return;
    }
    send_error(res, status, "scripted_fault",
               "the scenario answers this request with HTTP " + std::to_string(status) + " (a rule's \"respond\")");
}

}  // namespace sim::http
