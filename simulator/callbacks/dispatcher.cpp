// Callback delivery: per-key FIFO order, a lane per receiver (its ready attempts, its threads
// doing the HTTP POSTs, its keep-alive connections), and retries with exponential backoff as
// tasks on the scheduler.
#include "callbacks/dispatcher.hpp"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <utility>

#include "callbacks/http_post.hpp"
#include "numbered_deque.hpp"
#include "state/changed_numbers.hpp"
#include "state/saved_state.hpp"

namespace sim::callbacks {

Duration retry_delay(const RetryPolicy& policy, unsigned n) {
    // Doubling step by step stops at the cap, so a long outage (hundreds of retries) cannot overflow.
    Duration delay = policy.backoff;
    for (unsigned i = 1; i < n && delay < policy.max_backoff; ++i) delay *= 2;
    return std::min(delay, policy.max_backoff);
}

const char* to_string(Kind kind) {
    return kind == Kind::Dlr ? "dlr" : "inbound";
}

const char* to_string(Injected fault) {
    // In the order of Injected.
    constexpr const char* names[] = {nullptr, "duplicate", "reorder", "delay", "early"};
    return names[static_cast<std::size_t>(fault)];
}

const char* to_string(Attempt::Outcome outcome) {
    // In the order of Attempt::Outcome.
    constexpr const char* names[] = {"delivered", "will_retry", "failed"};
    return names[static_cast<std::size_t>(outcome)];
}

// Lock order: Core::mutex, then the scheduler's own lock (at(), now()). The scheduler never
// calls back into the dispatcher while holding its lock (tasks and the settle hook run
// unlocked), so the order cannot invert. No network work happens under Core::mutex.
struct Dispatcher::Core : std::enable_shared_from_this<Core> {
    // A callback with its URL read once.
    struct Delivery {
        Callback callback;
        Target target;
    };
    // One receiver: the callbacks whose next attempt may start now, and the threads that make
    // its attempts. Its threads serve it alone, so a receiver that hangs holds only its own.
    struct Lane {
        std::deque<std::uint64_t> ready;
        std::condition_variable work_ready;  // its threads wait for: ready non-empty, or stopping
        std::vector<std::thread> threads;    // at most per_receiver; joined by ~Dispatcher
        std::size_t free_threads = 0;        // threads not in an attempt
        std::vector<std::unique_ptr<httplib::Client>> clients;  // idle keep-alive connections
    };
    struct Pending {
        std::shared_ptr<const Delivery> delivery;  // shared with a running attempt, not copied
        Lane* lane;
        unsigned attempts = 0;  // started
        unsigned recorded = 0;  // finished and recorded
        bool attempted = false;  // an attempt of it is recorded
        std::optional<Time> retry_at{};  // while it waits to be retried
    };
    // One attempt taken by a thread, with what it needs once the lock is released.
    struct Job {
        std::uint64_t id;
        std::uint64_t generation;
        unsigned number;
        std::shared_ptr<const Delivery> delivery;
        Duration timeout;
        std::unique_ptr<httplib::Client> client;  // null: open one
    };

    Core(Scheduler& scheduler, RetryPolicy policy, std::function<void(const std::string&)> warn,
         std::size_t per_receiver)
        : scheduler(scheduler), warn(std::move(warn)), per_receiver(std::max<std::size_t>(per_receiver, 1)),
          policy(policy) {}

    Scheduler& scheduler;
    const std::function<void(const std::string&)> warn;
    const std::size_t per_receiver;
    const RetryPolicy policy;  // the scenario's, for the dispatcher's life

    mutable std::mutex mutex;      // guards every member below, and the lanes' members
    std::condition_variable idle;  // wait_idle waits for: nothing ready and running == 0
    std::condition_variable attempted;  // wait_attempted waits for an attempt recorded
    std::size_t awaiting_attempts = 0;  // threads in wait_attempted: only then is `attempted` told
    std::uint64_t generation = 0;  // bumped by reset(); older tasks and attempts are ignored
    std::uint64_t last_id = 0;
    std::unordered_map<std::uint64_t, Pending> callbacks;  // neither delivered nor failed yet
    // Per order_key, its callbacks in enqueue order; the front one is the one being attempted.
    std::unordered_map<std::string, std::deque<std::uint64_t>> keys;
    // Per receiver ("host:port"; "" for the URLs that cannot be posted to). Never erased, so
    // the threads can hold a reference; as many as the scenario has receivers.
    std::unordered_map<std::string, std::unique_ptr<Lane>> lanes;
    std::size_t ready_count = 0;  // the lanes' ready callbacks, together
    std::size_t running = 0;      // attempts taken by threads and not yet recorded
    bool stopping = false;
    // Numbered from 0: an attempt's id is its number + 1. A token's reset leaves its attempts'
    // slots empty (forgotten()) until the front reaches them; the front is never one.
    NumberedDeque<Attempt> record;
    StoreLimits keep{SIZE_MAX, SIZE_MAX};
    std::size_t record_kept = 0;   // attempts in `record` not forgotten
    std::size_t record_bytes = 0;  // the footprint of those
    std::function<void(const Attempt&)> on_attempt;
    // For a state file: the callbacks (by id) and the attempts (by number) changed since the
    // state writer last looked.
    state::ChangedNumbers changed_callbacks, changed_attempts;

    static std::size_t footprint(const Attempt& a) {
        return 256 + a.url.size() + a.content_type.size() + a.body.size() + a.order_key.size() + a.result.size();
    }
    // Drops the oldest attempts beyond `keep`; never the newest.
    void trim_record() {
        while (keep.exceeded(record_kept, record_bytes)) {
            record_bytes -= footprint(record.front());
            --record_kept;
            record.drop_oldest();
        }
    }

    // --- with `mutex` held ---

    bool is_idle() const { return stopping || (ready_count == 0 && running == 0); }

    Lane& lane_of(const std::string& origin) {
        auto& lane = lanes[origin];
        if (!lane) lane = std::make_unique<Lane>();
        return *lane;
    }

    // A thread is started only when the lane's ready callbacks outnumber its free threads, so
    // a receiver that gets one callback at a time keeps one thread.
    void make_ready(std::uint64_t id) {
        if (stopping) return;  // ~Dispatcher is joining the threads: start no more
        Lane& lane = *callbacks.at(id).lane;
        lane.ready.push_back(id);
        ++ready_count;
        if (lane.ready.size() > lane.free_threads && lane.threads.size() < per_receiver) {
            lane.threads.emplace_back([this, &lane] { run_lane(lane); });
            ++lane.free_threads;
        }
        lane.work_ready.notify_one();
    }

    // The scheduler's task holds a weak pointer: it may fire after reset() or after the
    // dispatcher is gone, and then does nothing.
    void schedule_attempt(std::uint64_t id, Time when) {
        std::weak_ptr<Core> weak = shared_from_this();
        scheduler.at(when, [weak, id, generation = generation] {
            if (auto core = weak.lock()) core->on_attempt_due(id, generation);
        });
    }

    // A virtual clock starts attempts only from advance(), at the time they are due.
    void start_first_attempt(std::uint64_t id) {
        if (scheduler.is_virtual())
            schedule_attempt(id, scheduler.now());
        else
            make_ready(id);
    }

    // The callback is delivered or failed for good: the next one of its key may go.
    void complete(std::uint64_t id, const std::string& order_key) {
        callbacks.erase(id);
        auto key = keys.find(order_key);
        key->second.pop_front();
        if (key->second.empty())
            keys.erase(key);
        else
            start_first_attempt(key->second.front());
    }

    Job take_job(Lane& lane) {
        const std::uint64_t id = lane.ready.front();
        lane.ready.pop_front();
        --ready_count;
        --lane.free_threads;
        ++running;
        Pending& pending = callbacks.at(id);  // reset() clears the lanes' ready with `callbacks`
        Job job{id, generation, ++pending.attempts, pending.delivery, policy.timeout, nullptr};
        if (!lane.clients.empty()) {
            job.client = std::move(lane.clients.back());
            lane.clients.pop_back();
        }
        return job;
    }

    // Records the attempt and decides what follows; returns a warning to log, if any.
    std::string finish(const Job& job, PostResult&& net, Time started) {
        // reset(), or its token's forget_token(), while the attempt ran.
        if (job.generation != generation || !callbacks.count(job.id)) return {};
        const Callback& cb = job.delivery->callback;
        Attempt attempt{job.id,          job.number,
                        cb.kind,         cb.url,
                        cb.content_type, cb.body,
                        cb.order_key,    started,
                        net.http_status, std::move(net.result),
                        net.latency_ms,  Attempt::Outcome::Delivered,
                        std::nullopt};
        attempt.token_id = cb.token_id;
        attempt.fault = cb.fault;
        Pending& pending = callbacks.at(job.id);
        pending.attempted = true;
        ++pending.recorded;
        pending.retry_at.reset();
        changed_callbacks.note(job.id);
        if (awaiting_attempts) attempted.notify_all();
        std::string warning;
        if (net.delivered) {
            complete(job.id, cb.order_key);
        } else if (job.number <= policy.retries) {
            attempt.outcome = Attempt::Outcome::WillRetry;
            attempt.retry_at = scheduler.now() + retry_delay(policy, job.number);
            pending.retry_at = attempt.retry_at;
            schedule_attempt(job.id, *attempt.retry_at);
        } else {
            attempt.outcome = Attempt::Outcome::Failed;
            warning = "callback " + std::to_string(job.id) + " (" + to_string(cb.kind) + " to " + cb.url +
                      ") failed after " + std::to_string(job.number) + " attempts: " + attempt.result;
            complete(job.id, cb.order_key);
        }
        attempt.id = record.end() + 1;
        changed_attempts.note(record.end());
        record_bytes += footprint(record.emplace_back(std::move(attempt)));
        ++record_kept;
        if (on_attempt) on_attempt(record.back());
        trim_record();
        return warning;
    }

    // --- without `mutex` held ---

    void on_attempt_due(std::uint64_t id, std::uint64_t task_generation) {
        std::lock_guard lock(mutex);
        if (task_generation != generation || !callbacks.count(id)) return;  // reset, or its token's
        make_ready(id);
    }

    // Its queued callbacks go whole, each key with them (a key is one message's or one inbound
    // SMS's, so one token's); then its attempts recorded.
    std::size_t forget_token(const std::string& token_id) {
        for (auto it = callbacks.begin(); it != callbacks.end();) {
            const Callback& callback = it->second.delivery->callback;
            if (callback.token_id != token_id) {
                ++it;
                continue;
            }
            auto& ready = it->second.lane->ready;
            if (const auto queued = std::find(ready.begin(), ready.end(), it->first); queued != ready.end()) {
                ready.erase(queued);
                --ready_count;
            }
            keys.erase(callback.order_key);
            changed_callbacks.note(it->first);
            it = callbacks.erase(it);
        }
        const std::size_t forgotten = record.forget_if(
            [&](const Attempt& attempt) { return attempt.token_id == token_id; },
            [&](std::size_t number, const Attempt& attempt) {
                record_bytes -= footprint(attempt);
                --record_kept;
                changed_attempts.note(number);
            });
        if (is_idle()) idle.notify_all();
        attempted.notify_all();
        return forgotten;
    }

    // One of a lane's threads: its attempts, one at a time, until the dispatcher stops.
    void run_lane(Lane& lane) {
        std::unique_lock lock(mutex);
        for (;;) {
            lane.work_ready.wait(lock, [&] { return stopping || !lane.ready.empty(); });
            if (stopping) return;
            Job job = take_job(lane);
            lock.unlock();
            const Time started = scheduler.now();
            const Target& target = job.delivery->target;
            if (!job.client && target.error.empty()) job.client = open_client(target);
            PostResult net = post(job.client.get(), target, job.delivery->callback.body,
                                  job.delivery->callback.content_type, job.timeout);
            // A connection in an unknown state is closed here, not reused.
            if (!net.reusable) job.client.reset();
            lock.lock();
            if (job.client && job.generation == generation) lane.clients.push_back(std::move(job.client));
            ++lane.free_threads;
            const std::string warning = finish(job, std::move(net), started);
            if (!warning.empty() && warn) {
                // Logged before the attempt counts as done, so that wait_idle() (and advance())
                // returns only once the warning is out.
                lock.unlock();
                warn(warning);
                lock.lock();
            }
            --running;
            if (is_idle()) idle.notify_all();
        }
    }
};

Dispatcher::Dispatcher(Scheduler& scheduler, RetryPolicy policy, std::function<void(const std::string&)> warn,
                       std::size_t per_receiver)
    : scheduler_(scheduler), core_(std::make_shared<Core>(scheduler, policy, std::move(warn), per_receiver)) {
    std::weak_ptr<Core> weak = core_;
    scheduler_.set_settle([weak] {
        if (auto core = weak.lock()) {
            std::unique_lock lock(core->mutex);
            core->idle.wait(lock, [&] { return core->is_idle(); });
        }
    });
}

Dispatcher::~Dispatcher() {
    scheduler_.set_settle({});
    std::vector<std::thread> threads;
    {
        std::lock_guard lock(core_->mutex);
        core_->stopping = true;  // from here on, make_ready() starts no thread
        for (auto& [origin, lane] : core_->lanes) {
            for (auto& thread : lane->threads) threads.push_back(std::move(thread));
            lane->work_ready.notify_all();
        }
    }
    core_->idle.notify_all();
    core_->attempted.notify_all();
    // A thread inside a POST finishes it (at most one timeout) before it sees `stopping`; the
    // lanes' threads wait out their receivers' timeouts side by side.
    for (auto& thread : threads) thread.join();
}

std::uint64_t Dispatcher::enqueue(Callback callback) {
    // The URL is read once, outside the lock.
    auto delivery = std::make_shared<Core::Delivery>();
    delivery->target = parse_target(callback.url);
    delivery->callback = std::move(callback);
    const std::string& order_key = delivery->callback.order_key;
    std::lock_guard lock(core_->mutex);
    if (core_->stopping) return 0;
    const std::uint64_t id = ++core_->last_id;
    auto& queue = core_->keys[order_key];
    queue.push_back(id);
    Core::Lane& lane = core_->lane_of(delivery->target.origin);
    core_->callbacks.emplace(id, Core::Pending{std::move(delivery), &lane});
    core_->changed_callbacks.note(id);
    if (queue.size() == 1) core_->start_first_attempt(id);
    return id;
}

void Dispatcher::wait_attempted(std::uint64_t id) {
    std::unique_lock lock(core_->mutex);
    ++core_->awaiting_attempts;
    core_->attempted.wait(lock, [&] {
        const auto it = core_->callbacks.find(id);
        return core_->stopping || it == core_->callbacks.end() || it->second.attempted;
    });
    --core_->awaiting_attempts;
}

std::vector<Attempt> Dispatcher::attempts() const {
    std::lock_guard lock(core_->mutex);
    const auto& record = core_->record;
    std::vector<Attempt> out;
    out.reserve(core_->record_kept);
    for (std::size_t i = record.first(); i < record.end(); ++i)
        if (!record[i].forgotten()) out.push_back(record[i]);
    return out;
}

Page<Attempt> Dispatcher::attempts(const AttemptFilter& filter, const PageSpec& spec) const {
    std::lock_guard lock(core_->mutex);
    const auto& record = core_->record;
    const auto positions =
        select_page(record.first(), record.end(), spec,
                    [&](std::size_t i) { return !record[i].forgotten() && matches(filter, record[i]); });
    Page<Attempt> page{{}, positions.total, positions.more};
    for (const auto i : positions.items) page.items.push_back(record[i]);
    return page;
}

std::size_t Dispatcher::attempt_count() const {
    std::lock_guard lock(core_->mutex);
    return core_->record.end();
}

void Dispatcher::keep_within(StoreLimits limits) {
    std::lock_guard lock(core_->mutex);
    core_->keep = limits;
    core_->trim_record();
}

void Dispatcher::on_attempt(std::function<void(const Attempt&)> listener) {
    std::lock_guard lock(core_->mutex);
    core_->on_attempt = std::move(listener);
}

void Dispatcher::reset() {
    std::vector<std::unique_ptr<httplib::Client>> connections;  // closed outside the lock
    std::lock_guard lock(core_->mutex);
    ++core_->generation;
    core_->last_id = 0;  // a fresh run numbers its callbacks from 1 again
    core_->callbacks.clear();
    core_->keys.clear();
    for (auto& [origin, lane] : core_->lanes) {
        lane->ready.clear();
        for (auto& client : lane->clients) connections.push_back(std::move(client));
        lane->clients.clear();
    }
    core_->ready_count = 0;
    core_->record.restart();
    core_->record_kept = 0;
    core_->record_bytes = 0;
    core_->changed_callbacks.note_cleared();
    core_->changed_attempts.note_cleared();
    if (core_->is_idle()) core_->idle.notify_all();
    core_->attempted.notify_all();
}

std::size_t Dispatcher::forget_token(const std::string& token_id) {
    std::lock_guard lock(core_->mutex);
    return core_->forget_token(token_id);
}

void Dispatcher::wait_idle() {
    std::unique_lock lock(core_->mutex);
    core_->idle.wait(lock, [this] { return core_->is_idle(); });
}

std::size_t Dispatcher::pending() const {
    std::lock_guard lock(core_->mutex);
    return core_->callbacks.size();
}

void Dispatcher::track_changes(bool fresh) {
    std::lock_guard lock(core_->mutex);
    for (state::ChangedNumbers* changes : {&core_->changed_callbacks, &core_->changed_attempts}) {
        changes->enable();
        if (fresh) changes->note_cleared();
    }
}

void Dispatcher::collect_changes(state::Batch& batch) {
    std::lock_guard lock(core_->mutex);
    const auto callbacks = core_->changed_callbacks.take();
    batch.callbacks.cleared = callbacks.cleared;
    for (const auto id : callbacks.numbers) {
        const auto it = core_->callbacks.find(id);
        if (it == core_->callbacks.end()) {
            batch.callbacks.deleted.push_back(id);
            continue;
        }
        const Core::Pending& pending = it->second;
        batch.callbacks.rows.push_back({id, pending.delivery->callback, pending.recorded, pending.retry_at});
    }
    const auto attempts = core_->changed_attempts.take();
    batch.attempts.cleared = attempts.cleared;
    batch.attempts.below = core_->record.first();
    for (const auto number : attempts.numbers) {
        const Attempt* attempt = core_->record.find(number);
        if (attempt && !attempt->forgotten())
            batch.attempts.rows.push_back({number, *attempt});
        else
            batch.attempts.deleted.push_back(number);
    }
    batch.world.counters.attempts = core_->record.end();
    batch.world.counters.callbacks = core_->last_id;
}

void Dispatcher::restore(const state::SavedState& saved) {
    std::lock_guard lock(core_->mutex);
    auto& record = core_->record;
    for (const state::SavedAttempt& row : saved.attempts) {
        core_->record_bytes += Core::footprint(record.restore_at(row.number, row.attempt));
        ++core_->record_kept;
    }
    record.skip_to(saved.world.counters.attempts);
    core_->trim_record();
    core_->last_id = saved.world.counters.callbacks;
    for (const state::SavedCallback& row : saved.callbacks) {
        auto delivery = std::make_shared<Core::Delivery>();
        delivery->target = parse_target(row.callback.url);
        delivery->callback = row.callback;
        auto& queue = core_->keys[row.callback.order_key];
        queue.push_back(row.id);
        Core::Lane& lane = core_->lane_of(delivery->target.origin);
        Core::Pending pending{std::move(delivery), &lane};
        pending.attempts = pending.recorded = row.attempts;
        pending.attempted = row.attempts > 0;
        pending.retry_at = row.due;
        core_->callbacks.emplace(row.id, std::move(pending));
        core_->last_id = std::max(core_->last_id, row.id);
        if (queue.size() > 1) continue;  // after the callbacks before it of its message
        if (row.due)
            core_->schedule_attempt(row.id, *row.due);
        else
            core_->start_first_attempt(row.id);
    }
}

}  // namespace sim::callbacks
