// Callback delivery: per-key FIFO queues, worker threads doing the HTTP POSTs over pooled
// keep-alive connections, and retries with exponential backoff as tasks on the scheduler.
#include "callbacks/dispatcher.hpp"

#include <netdb.h>
#include <sys/socket.h>

#include <httplib.h>
#include <algorithm>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <unordered_map>
#include <utility>

#include "numbered_deque.hpp"

namespace sim::callbacks {

namespace {

// Where an attempt goes; `error` set when the URL cannot be posted to at all.
struct Target {
    std::string host;
    int port = 80;
    std::string path;
    std::string origin;  // "host:port", the key of the connection pool
    std::string error;
};

bool parse_port(const std::string& text, int& port) {
    if (text.empty() || text.size() > 5) return false;
    if (!std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) return false;
    port = std::stoi(text);
    return port > 0 && port <= 65535;
}

// Splits "host", "host:port", "[v6]" or "[v6]:port".
bool parse_authority(const std::string& authority, Target& target) {
    std::string port_text;
    if (!authority.empty() && authority.front() == '[') {
        const auto close = authority.find(']');
        if (close == std::string::npos) return false;
        target.host = authority.substr(1, close - 1);
        const std::string rest = authority.substr(close + 1);
        if (!rest.empty() && rest.front() != ':') return false;
        if (!rest.empty()) port_text = rest.substr(1);
        if (!rest.empty() && port_text.empty()) return false;
    } else {
        const auto colon = authority.rfind(':');
        target.host = authority.substr(0, colon);
        if (colon != std::string::npos) {
            port_text = authority.substr(colon + 1);
            if (port_text.empty()) return false;
        }
    }
    if (target.host.empty()) return false;
    return port_text.empty() || parse_port(port_text, target.port);
}

Target parse_url(const std::string& url) {
    Target target;
    constexpr std::string_view http = "http://";
    if (url.compare(0, 8, "https://") == 0) {
        target.error = "https is not supported, use http://";
        return target;
    }
    if (url.compare(0, http.size(), http) != 0) {
        target.error = "invalid url, expected http://HOST:PORT/path";
        return target;
    }
    const auto authority_end = url.find_first_of("/?#", http.size());
    const std::string authority = url.substr(http.size(), authority_end - http.size());
    if (!parse_authority(authority, target)) {
        target.error = "invalid url, expected http://HOST:PORT/path";
        return target;
    }
    target.path = authority_end == std::string::npos ? "/" : url.substr(authority_end);
    const auto fragment = target.path.find('#');
    if (fragment != std::string::npos) target.path.erase(fragment);
    if (target.path.empty() || target.path.front() != '/') target.path.insert(0, "/");
    target.origin = target.host + ":" + std::to_string(target.port);
    return target;
}

bool host_resolves(const std::string& host) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    const int rc = ::getaddrinfo(host.c_str(), nullptr, &hints, &found);
    if (found) ::freeaddrinfo(found);
    return rc == 0;
}

// httplib reports a read or write timeout as a plain read or write error: the time spent tells.
std::string describe_failure(httplib::Error error, const Target& target, Duration elapsed, Duration timeout) {
    const bool timed_out = elapsed * 10 >= timeout * 9;
    switch (error) {
        case httplib::Error::Connection:
            // Only on this rare path is it worth a second look up to name the cause right.
            return host_resolves(target.host) ? "connection refused" : "unknown host " + target.host;
        case httplib::Error::ConnectionTimeout:
            return "connect timeout";
        case httplib::Error::Read:
            return timed_out ? "timeout" : "connection closed by receiver";
        case httplib::Error::Write:
            return timed_out ? "timeout" : "write failed";
        default:
            return "error: " + httplib::to_string(error);
    }
}

// What came back from one POST.
struct NetworkResult {
    int http_status = 0;
    std::string result;
    double latency_ms = 0;
    bool delivered = false;
};

// Keep-alive clients per origin. A client is taken out while one worker uses it, so no client
// is ever shared; a fast receiver then sees one connection per busy worker, reused.
class ClientPool {
public:
    std::unique_ptr<httplib::Client> acquire(const Target& target, Duration timeout) {
        std::unique_ptr<httplib::Client> client;
        {
            std::lock_guard lock(mutex_);
            auto& idle = idle_[target.origin];
            if (!idle.empty()) {
                client = std::move(idle.back());
                idle.pop_back();
            }
        }
        if (!client) client = open(target);
        // The policy may have changed since the client was pooled.
        const auto seconds = static_cast<time_t>(timeout.count() / 1'000'000);
        const auto micros = static_cast<time_t>(timeout.count() % 1'000'000);
        client->set_connection_timeout(seconds, micros);
        client->set_read_timeout(seconds, micros);
        client->set_write_timeout(seconds, micros);
        return client;
    }

    void release(const std::string& origin, std::unique_ptr<httplib::Client> client) {
        std::lock_guard lock(mutex_);
        idle_[origin].push_back(std::move(client));
    }

    void clear() {
        std::lock_guard lock(mutex_);
        idle_.clear();
    }

private:
    static std::unique_ptr<httplib::Client> open(const Target& target) {
        auto client = std::make_unique<httplib::Client>(target.host, target.port);
        client->set_keep_alive(true);
        client->set_tcp_nodelay(true);
        client->set_url_encode(false);  // post to the URL exactly as configured
        return client;
    }

    std::mutex mutex_;  // guards idle_ (never held during network work)
    std::unordered_map<std::string, std::vector<std::unique_ptr<httplib::Client>>> idle_;
};

NetworkResult post(ClientPool& pool, const Callback& callback, Duration timeout) {
    const auto started = std::chrono::steady_clock::now();
    const Target target = parse_url(callback.url);
    NetworkResult out;
    if (!target.error.empty()) {
        out.result = target.error;
        return out;
    }
    auto client = pool.acquire(target, timeout);
    const auto response = client->Post(target.path, callback.body, callback.content_type);
    const auto elapsed = std::chrono::steady_clock::now() - started;
    out.latency_ms = std::chrono::duration<double, std::milli>(elapsed).count();
    if (!response) {
        // The connection is in an unknown state: drop the client rather than pool it.
        out.result = describe_failure(response.error(), target, std::chrono::duration_cast<Duration>(elapsed),
                                      timeout);
        return out;
    }
    out.http_status = response->status;
    out.delivered = response->status >= 200 && response->status < 300;
    out.result = out.delivered ? "delivered" : "http " + std::to_string(response->status);
    pool.release(target.origin, std::move(client));
    return out;
}

}  // namespace

Duration retry_delay(const RetryPolicy& policy, unsigned n) {
    // Doubling step by step stops at the cap, so a long outage (hundreds of retries) cannot overflow.
    Duration delay = policy.backoff;
    for (unsigned i = 1; i < n && delay < policy.max_backoff; ++i) delay *= 2;
    return std::min(delay, policy.max_backoff);
}

const char* to_string(Kind kind) {
    return kind == Kind::Dlr ? "dlr" : "inbound";
}

const char* to_string(Attempt::Outcome outcome) {
    switch (outcome) {
        case Attempt::Outcome::Delivered:
            return "delivered";
        case Attempt::Outcome::WillRetry:
            return "will_retry";
        case Attempt::Outcome::Failed:
            return "failed";
    }
    return "failed";
}

// Lock order: Core::mutex, then the scheduler's own lock (at(), now()). The scheduler never
// calls back into the dispatcher while holding its lock (tasks and the settle hook run
// unlocked), so the order cannot invert. ClientPool's mutex is never held with either.
struct Dispatcher::Core : std::enable_shared_from_this<Core> {
    struct Pending {
        std::shared_ptr<const Callback> callback;  // shared with a running attempt, not copied
        unsigned attempts = 0;
    };
    // One attempt taken by a worker, with what it needs once the lock is released.
    struct Job {
        std::uint64_t id;
        std::uint64_t generation;
        unsigned number;
        std::shared_ptr<const Callback> callback;
        Duration timeout;
    };

    Core(Scheduler& scheduler, RetryPolicy policy, std::function<void(const std::string&)> warn)
        : scheduler(scheduler), warn(std::move(warn)), policy(policy) {}

    Scheduler& scheduler;
    const std::function<void(const std::string&)> warn;
    ClientPool pool;  // has its own lock

    mutable std::mutex mutex;            // guards every member below
    std::condition_variable work_ready;  // a worker waits for: ready non-empty, or stopping
    std::condition_variable idle;        // wait_idle waits for: ready empty and running == 0
    RetryPolicy policy;
    std::uint64_t generation = 0;  // bumped by reset(); older tasks and attempts are ignored
    std::uint64_t last_id = 0;
    std::unordered_map<std::uint64_t, Pending> callbacks;  // neither delivered nor failed yet
    // Per order_key, its callbacks in enqueue order; the front one is the one being attempted.
    std::unordered_map<std::string, std::deque<std::uint64_t>> keys;
    std::deque<std::uint64_t> ready;  // callbacks whose next attempt may start now
    std::size_t running = 0;          // attempts taken by workers and not yet recorded
    bool stopping = false;
    NumberedDeque<Attempt> record;  // numbered from 0: an attempt's id is its number + 1
    StoreLimits keep{SIZE_MAX, SIZE_MAX};
    std::size_t record_bytes = 0;  // the footprint of `record`
    std::function<void(const Attempt&)> on_attempt;

    static std::size_t footprint(const Attempt& a) {
        return 256 + a.url.size() + a.content_type.size() + a.body.size() + a.order_key.size() + a.result.size();
    }
    // Drops the oldest attempts beyond `keep`; never the newest.
    void trim_record() {
        while (keep.exceeded(record.size(), record_bytes)) {
            record_bytes -= footprint(record.front());
            record.pop_front();
        }
    }

    // --- with `mutex` held ---

    bool is_idle() const { return stopping || (ready.empty() && running == 0); }

    void make_ready(std::uint64_t id) {
        ready.push_back(id);
        work_ready.notify_one();
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

    Job take_job() {
        const std::uint64_t id = ready.front();
        ready.pop_front();
        Pending& pending = callbacks.at(id);  // reset() clears `ready` with `callbacks`
        ++running;
        return Job{id, generation, ++pending.attempts, pending.callback, policy.timeout};
    }

    // Records the attempt and decides what follows; returns a warning to log, if any.
    std::string finish(const Job& job, NetworkResult&& net, Time started) {
        if (job.generation != generation) return {};  // reset() while the attempt ran
        const Callback& cb = *job.callback;
        Attempt attempt{job.id,          job.number,
                        cb.kind,         cb.url,
                        cb.content_type, cb.body,
                        cb.order_key,    started,
                        net.http_status, std::move(net.result),
                        net.latency_ms,  Attempt::Outcome::Delivered,
                        std::nullopt};
        std::string warning;
        if (net.delivered) {
            complete(job.id, cb.order_key);
        } else if (job.number <= policy.retries) {
            attempt.outcome = Attempt::Outcome::WillRetry;
            attempt.retry_at = scheduler.now() + retry_delay(policy, job.number);
            schedule_attempt(job.id, *attempt.retry_at);
        } else {
            attempt.outcome = Attempt::Outcome::Failed;
            warning = "callback " + std::to_string(job.id) + " (" + to_string(cb.kind) + " to " + cb.url +
                      ") failed after " + std::to_string(job.number) + " attempts: " + attempt.result;
            complete(job.id, cb.order_key);
        }
        attempt.id = record.end() + 1;
        record_bytes += footprint(record.emplace_back(std::move(attempt)));
        if (on_attempt) on_attempt(record.back());
        trim_record();
        return warning;
    }

    // --- without `mutex` held ---

    void on_attempt_due(std::uint64_t id, std::uint64_t task_generation) {
        std::lock_guard lock(mutex);
        if (stopping || task_generation != generation) return;
        make_ready(id);
    }

    void run_worker() {
        std::unique_lock lock(mutex);
        for (;;) {
            work_ready.wait(lock, [this] { return stopping || !ready.empty(); });
            if (stopping) return;
            const Job job = take_job();
            lock.unlock();
            const Time started = scheduler.now();
            NetworkResult net = post(pool, *job.callback, job.timeout);
            lock.lock();
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
                       std::size_t workers)
    : scheduler_(scheduler), core_(std::make_shared<Core>(scheduler, policy, std::move(warn))) {
    workers = std::max<std::size_t>(workers, 1);
    workers_.reserve(workers);
    for (std::size_t i = 0; i < workers; ++i) workers_.emplace_back([core = core_] { core->run_worker(); });
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
    {
        std::lock_guard lock(core_->mutex);
        core_->stopping = true;
    }
    core_->work_ready.notify_all();
    core_->idle.notify_all();
    // A worker inside a POST finishes it (at most one timeout) before it sees `stopping`.
    for (auto& worker : workers_) worker.join();
}

void Dispatcher::enqueue(Callback callback) {
    std::lock_guard lock(core_->mutex);
    if (core_->stopping) return;
    const std::uint64_t id = ++core_->last_id;
    auto& queue = core_->keys[callback.order_key];
    queue.push_back(id);
    core_->callbacks.emplace(id, Core::Pending{std::make_shared<const Callback>(std::move(callback))});
    if (queue.size() == 1) core_->start_first_attempt(id);
}

std::vector<Attempt> Dispatcher::attempts() const {
    std::lock_guard lock(core_->mutex);
    const auto& record = core_->record;
    std::vector<Attempt> out;
    out.reserve(record.size());
    for (std::size_t i = record.first(); i < record.end(); ++i) out.push_back(record[i]);
    return out;
}

Page<Attempt> Dispatcher::attempts(const AttemptFilter& filter, const PageSpec& spec) const {
    std::lock_guard lock(core_->mutex);
    const auto& record = core_->record;
    const auto positions = select_page(record.first(), record.end(), spec, [&](std::size_t i) {
        const Attempt& a = record[i];
        return (!filter.failed_only || a.outcome != Attempt::Outcome::Delivered) &&
               (filter.url_part.empty() || a.url.find(filter.url_part) != std::string::npos) &&
               (!filter.kind || a.kind == *filter.kind) && (filter.order_key.empty() || a.order_key == filter.order_key);
    });
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

void Dispatcher::set_policy(RetryPolicy policy) {
    std::lock_guard lock(core_->mutex);
    core_->policy = policy;
}

RetryPolicy Dispatcher::policy() const {
    std::lock_guard lock(core_->mutex);
    return core_->policy;
}

void Dispatcher::reset() {
    {
        std::lock_guard lock(core_->mutex);
        ++core_->generation;
        core_->last_id = 0;  // a fresh run numbers its callbacks from 1 again
        core_->callbacks.clear();
        core_->keys.clear();
        core_->ready.clear();
        core_->record.restart();
        core_->record_bytes = 0;
        if (core_->is_idle()) core_->idle.notify_all();
    }
    core_->pool.clear();
}

void Dispatcher::wait_idle() {
    std::unique_lock lock(core_->mutex);
    core_->idle.wait(lock, [this] { return core_->is_idle(); });
}

std::size_t Dispatcher::pending() const {
    std::lock_guard lock(core_->mutex);
    return core_->callbacks.size();
}

}  // namespace sim::callbacks
