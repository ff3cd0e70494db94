#include "state/schema.hpp"

namespace sim::state {

// Times are microseconds since the Unix epoch (the simulator's clock), *_us; a message's
// history is a JSON array of {"at_us", "status", "desc"}, oldest first.
const std::vector<std::string>& migrations() {
    static const std::vector<std::string> steps = {
        // 1: the first schema.
        R"sql(
CREATE TABLE simulator (key TEXT PRIMARY KEY, value NOT NULL);
CREATE TABLE messages (
    number INTEGER PRIMARY KEY, request_id TEXT NOT NULL, bulk_number INTEGER, bulk_id TEXT,
    key TEXT NOT NULL, recipient TEXT NOT NULL, sender TEXT NOT NULL, message TEXT NOT NULL,
    bulk INTEGER NOT NULL, status TEXT NOT NULL, status_desc TEXT NOT NULL, token TEXT NOT NULL,
    token_id TEXT NOT NULL, history TEXT NOT NULL, lifecycle_rule INTEGER, next_step INTEGER,
    reply_rule INTEGER, dlr_faults_rule INTEGER);
CREATE TABLE inbound (
    number INTEGER PRIMARY KEY, request_id TEXT NOT NULL, from_number TEXT NOT NULL,
    to_number TEXT NOT NULL, message TEXT NOT NULL, token TEXT NOT NULL, token_id TEXT NOT NULL,
    at_us INTEGER NOT NULL, origin TEXT NOT NULL);
CREATE TABLE callbacks (
    id INTEGER PRIMARY KEY, kind TEXT NOT NULL, url TEXT NOT NULL, content_type TEXT NOT NULL,
    body TEXT NOT NULL, order_key TEXT NOT NULL, token_id TEXT NOT NULL, fault TEXT,
    attempts INTEGER NOT NULL, due_us INTEGER);
CREATE TABLE callback_attempts (
    number INTEGER PRIMARY KEY, callback_id INTEGER NOT NULL, attempt INTEGER NOT NULL,
    kind TEXT NOT NULL, url TEXT NOT NULL, content_type TEXT NOT NULL, body TEXT NOT NULL,
    order_key TEXT NOT NULL, at_us INTEGER NOT NULL, http_status INTEGER NOT NULL,
    result TEXT NOT NULL, latency_us INTEGER NOT NULL, outcome TEXT NOT NULL, retry_at_us INTEGER,
    token_id TEXT NOT NULL, fault TEXT);
CREATE TABLE requests (
    number INTEGER PRIMARY KEY, at_us INTEGER NOT NULL, method TEXT NOT NULL, path TEXT NOT NULL,
    query TEXT NOT NULL, content_type TEXT NOT NULL, body TEXT NOT NULL, token TEXT NOT NULL,
    authorization_header INTEGER NOT NULL, status INTEGER NOT NULL, body_bytes INTEGER NOT NULL);
)sql",
        // 2: a test's usual query, a recipient's messages, needs no scan.
        R"sql(
CREATE INDEX messages_by_recipient ON messages (recipient);
)sql",
    };
    return steps;
}

}  // namespace sim::state
