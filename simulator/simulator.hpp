// connectel-sim's composition root: builds the world of the scenario (world.hpp) and serves it
// over HTTP, replacing it when a scenario is loaded. main() is a thin CLI over it; tests run
// it in-process.
#pragma once

#include <atomic>
#include <memory>
#include <shared_mutex>
#include <string>
#include <thread>
#include <vector>

#include "events/event_hub.hpp"
#include "options.hpp"
#include "scenario/scenario.hpp"
#include "state/state_file.hpp"
#include "state/state_writer.hpp"
#include "waits/waiters.hpp"
#include "world.hpp"

namespace sim {

class Simulator {
public:
    // Loads the scenario; throws scenario::ScenarioError with FILE:LINE:COL lines. With a state
    // file (--state) it comes back in the state saved there; throws state::StateFileError
    // ("FILE: what is wrong") for a file it cannot use, which it then leaves as it is.
    explicit Simulator(Options options);
    ~Simulator();
    Simulator(const Simulator&) = delete;
    Simulator& operator=(const Simulator&) = delete;

    // Binds host:port and returns the port; throws std::runtime_error when it cannot.
    int bind();
    // Serves until stop(); call after bind().
    void serve();
    // bind() and serve() on a background thread: what in-process tests do.
    void start();
    // Stops serving (safe from any thread, and more than once).
    void stop();

    int port() const noexcept { return port_; }
    events::EventHub& events() noexcept { return events_; }
    // List calls waiting (wait=) now.
    std::size_t waiting() const { return waiters_.waiting(); }
    std::string base_url() const;
    // The routes served now, "METHOD PATTERN" each (Router::describe).
    std::vector<std::string> routes() const;

private:
    struct Server;
    std::unique_ptr<Server> make_server();
    std::unique_ptr<World> make_world(std::shared_ptr<const scenario::Scenario> scenario,
                                      const state::SavedState* saved = nullptr);
    std::unique_ptr<World> make_first_world();
    void replace_world(std::shared_ptr<const scenario::Scenario> scenario);

    Options options_;
    std::string base_url_;  // fixed by bind(), read by the routes
    events::EventHub events_;  // outlives every world: event ids never restart
    waits::Waiters waiters_;   // likewise: a call may wait across a scenario load
    std::unique_ptr<Server> server_;  // before the worlds, which its event stream serves
    std::unique_ptr<state::StateFile> state_file_;  // --state
    std::string state_note_;  // why a state file's world was not brought back, for the log
    // Every request runs in the world under a shared lock; PUT /_sim/scenario swaps it under
    // the exclusive lock, once the requests in flight have finished.
    mutable std::shared_mutex world_mutex_;
    std::unique_ptr<World> world_;
    std::unique_ptr<state::StateWriter> state_writer_;  // reads world_: goes first
    bool clock_running_ = false;  // under world_mutex_: serve() started the world's clock
    std::thread serving_;
    int port_ = -1;
};

}  // namespace sim
