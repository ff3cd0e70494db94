#include "state/state_writer.hpp"

#include <pthread.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <tuple>

namespace sim::state {

namespace {

bool same(const SavedWorld& a, const SavedWorld& b) {
    const auto counters = [](const Counters& c) {
        return std::tie(c.messages, c.bulks, c.inbound, c.attempts, c.callbacks, c.requests);
    };
    return a.now == b.now && a.seed == b.seed && a.started == b.started && a.clock == b.clock &&
           counters(a.counters) == counters(b.counters) && a.rule_uses == b.rule_uses &&
           a.scenario_name == b.scenario_name && a.scenario_text == b.scenario_text;
}

}  // namespace

StateWriter::StateWriter(StateFile& file, Collect collect, Report report, std::chrono::milliseconds interval)
    : file_(file), collect_(std::move(collect)), report_(std::move(report)), interval_(interval) {
    thread_ = std::thread([this] { run(); });
}

StateWriter::~StateWriter() { stop(); }

void StateWriter::stop() {
    {
        std::lock_guard lock(mutex_);
        if (stopping_) return;
        stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
    write_changes();  // the last ones, after the thread's last batch
}

void StateWriter::run() {
    pthread_setname_np(pthread_self(), "state-writer");  // as top -H and the profilers show it
    // When every core is busy, the threads answering requests go first: on Linux a thread has a
    // nice value of its own, and the lowest priority is the writer's. It catches up as soon as
    // a core is free; its batches are then larger, not lost.
    setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)), 19);
    std::unique_lock lock(mutex_);
    while (!wake_.wait_for(lock, interval_, [this] { return stopping_; })) {
        lock.unlock();
        write_changes();
        lock.lock();
    }
}

void StateWriter::write_changes() {
    Batch batch;
    collect_(batch);
    if (!batch.has_items() && wrote_ && same(batch.world, written_)) return;
    try {
        file_.write(batch);
        written_ = std::move(batch.world);
        wrote_ = true;
        last_error_.clear();
    } catch (const std::exception& e) {
        // The batch's changes are lost to the file (the transaction rolled back whole); the
        // simulator runs on from memory, and the next batch tries again.
        const std::string error = file_.path() + ": cannot write the state: " + e.what();
        if (error != last_error_ && report_) report_(error);
        last_error_ = error;
    }
}

}  // namespace sim::state
