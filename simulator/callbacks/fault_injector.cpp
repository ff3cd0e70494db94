// Duplicates, delays and reorder windows on the simulator's callbacks, as tasks on its clock.
#include "callbacks/fault_injector.hpp"

#include <algorithm>

namespace sim::callbacks {

FaultInjector::FaultInjector(Dispatcher& dispatcher, Scheduler& scheduler, std::uint64_t seed)
    : dispatcher_(dispatcher), scheduler_(scheduler), random_(seed ^ 0x63616c6c6261636bULL) {}

std::vector<Callback> FaultInjector::with_duplicates(Callback callback, const scenario::CallbackFaults& faults) {
    std::vector<Callback> out;
    std::uint32_t extra = 0;
    if (faults.duplicate) {
        const auto& duplicate = *faults.duplicate;
        const bool draw = duplicate.probability >= 1.0 ||
                          std::uniform_real_distribution<double>(0.0, 1.0)(random_) < duplicate.probability;
        if (draw) extra = duplicate.times;
    }
    out.reserve(1 + extra);
    out.push_back(std::move(callback));
    for (std::uint32_t i = 0; i < extra; ++i) {
        out.push_back(out.front());
        out.back().fault = Injected::Duplicate;
    }
    return out;
}

void FaultInjector::send(Callback callback, const scenario::CallbackFaults* faults) {
    if (!faults) {
        dispatcher_.enqueue(std::move(callback));
        return;
    }
    std::lock_guard lock(mutex_);
    const Duration delay = faults->delay.value_or(Duration(0));
    if (faults->reorder) {
        // The window opens with a message's first report and ends `reorder` later; the reports
        // due within it then go out newest first, each marked.
        callback.fault = Injected::Reorder;
        auto [window, opened] = windows_.try_emplace(callback.order_key);
        const std::string key = callback.order_key;
        for (auto& report : with_duplicates(std::move(callback), *faults)) window->second.reports.push_back(std::move(report));
        if (!opened) return;
        window->second.number = next_hold_++;
        window->second.delay = delay;
        scheduler_.at(scheduler_.now() + *faults->reorder,
                      [this, key, number = window->second.number] { flush_window(key, number); });
        return;
    }
    auto callbacks = with_duplicates(std::move(callback), *faults);
    if (delay.count() > 0) {
        for (auto& each : callbacks)
            if (each.fault == Injected::None) each.fault = Injected::Delay;
        return hold(std::move(callbacks), delay);
    }
    for (auto& each : callbacks) dispatcher_.enqueue(std::move(each));
}

void FaultInjector::hold(std::vector<Callback> callbacks, Duration delay) {
    const std::uint64_t number = next_hold_++;
    held_.emplace(number, std::move(callbacks));
    scheduler_.at(scheduler_.now() + delay, [this, number] {
        std::vector<Callback> due;
        {
            std::lock_guard lock(mutex_);
            const auto it = held_.find(number);
            if (it == held_.end()) return;  // forgotten
            due = std::move(it->second);
            held_.erase(it);
        }
        for (auto& each : due) dispatcher_.enqueue(std::move(each));
    });
}

void FaultInjector::flush_window(const std::string& order_key, std::uint64_t number) {
    std::vector<Callback> reports;
    Duration delay{};
    {
        std::lock_guard lock(mutex_);
        const auto it = windows_.find(order_key);
        if (it == windows_.end() || it->second.number != number) return;  // forgotten
        reports = std::move(it->second.reports);
        delay = it->second.delay;
        windows_.erase(it);
        std::reverse(reports.begin(), reports.end());
        if (delay.count() > 0) return hold(std::move(reports), delay);
    }
    for (auto& report : reports) dispatcher_.enqueue(std::move(report));
}

void FaultInjector::forget_token(const std::string& token_id) {
    std::lock_guard lock(mutex_);
    for (auto it = held_.begin(); it != held_.end();)
        it = !it->second.empty() && it->second.front().token_id == token_id ? held_.erase(it) : std::next(it);
    for (auto it = windows_.begin(); it != windows_.end();)
        it = !it->second.reports.empty() && it->second.reports.front().token_id == token_id ? windows_.erase(it)
                                                                                           : std::next(it);
}

void FaultInjector::reset() {
    std::lock_guard lock(mutex_);
    held_.clear();
    windows_.clear();
}

}  // namespace sim::callbacks
