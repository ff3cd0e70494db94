// A client of GET /_sim/events that reads the whole stream for the whole run, as a web page
// does, and checks it: the answer is 200, the stream does not end before it is closed, and
// event ids follow one another, but where a `resync` event says that some were dropped.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>
#include <thread>

#include "../line_splitter.hpp"

namespace soak {

struct StreamFigures {
    int http_status = 0;            // 0: no head came; -1: a head with no status
    std::uint64_t events = 0;       // events read (resyncs not counted)
    std::uint64_t bytes = 0;        // of the body
    std::uint64_t resyncs = 0;      // `resync` events: the reader fell behind the kept events
    std::uint64_t dropped = 0;      // events a resync said were dropped
    std::uint64_t silent_gaps = 0;  // ids that jumped with no resync: events lost unannounced
    bool ended_early = false;       // the stream ended before stop()
};

class EventReader {
public:
    // Connects to 127.0.0.1:`port` and sends the request; a thread reads from then on.
    explicit EventReader(int port);
    ~EventReader();  // not copyable: it owns its socket and reading thread

    // Closes the stream and returns what it read. Once.
    StreamFigures stop();

private:
    void read_stream();
    void take_head(std::string_view head);
    void take_body(std::string_view chunk);
    void take_line(std::string_view line);

    int fd_ = -1;
    std::atomic<bool> stopping_{false};
    std::thread thread_;
    // Written by the reading thread only, read after it is joined.
    StreamFigures figures_;
    bench::LineSplitter lines_;
    std::uint64_t last_id_ = 0;   // of the last event; 0 before the first
    std::uint64_t event_id_ = 0;  // of the event being read
    bool event_is_resync_ = false;
};

}  // namespace soak
