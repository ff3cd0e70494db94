// Writes the simulator's changes to its state file on a thread of its own, in one transaction
// every `interval` (100 ms): a request that changes something only notes which item it changed
// (state/changed_numbers.hpp), so keeping a state file never slows a send. A process killed at
// any moment loses at most the changes since the last batch committed.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "state/saved_state.hpp"
#include "state/state_file.hpp"

namespace sim::state {

class StateWriter {
public:
    static constexpr std::chrono::milliseconds default_interval{100};

    // `collect` moves the changes since its last call into a batch (World::collect_changes,
    // under the simulator's lock); `report` is told of a batch that could not be written.
    using Collect = std::function<void(Batch&)>;
    using Report = std::function<void(const std::string&)>;
    StateWriter(StateFile& file, Collect collect, Report report,
                std::chrono::milliseconds interval = default_interval);
    // stop()s.
    ~StateWriter();
    StateWriter(const StateWriter&) = delete;
    StateWriter& operator=(const StateWriter&) = delete;

    // Writes what is left and ends the thread; call while `collect` can still run.
    void stop();

private:
    void run();
    void write_changes();

    StateFile& file_;
    const Collect collect_;
    const Report report_;
    const std::chrono::milliseconds interval_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    SavedWorld written_;  // as last written: an idle simulator writes nothing
    bool wrote_ = false;
    std::string last_error_;  // a failure is reported once until writing works again
    std::thread thread_;
};

}  // namespace sim::state
