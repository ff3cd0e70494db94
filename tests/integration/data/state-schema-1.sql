-- A state file as connectel-sim wrote it with schema version 1 (before the indexes of version
-- 2): one delivered message, one inbound SMS and one request, on a virtual clock at 00:00:05.
-- test_state_file.cpp makes a file of it and checks that a start migrates it and brings it back.
PRAGMA application_id = 1129206867;
PRAGMA user_version = 1;
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
INSERT INTO simulator VALUES
    ('scenario_name', 'v1.json'),
    ('scenario_text', '{"name": "v1", "clock": "virtual", "seed": 11, "tokens": [{"token": "tok", "id": "tok-1", "inbound": {"url": "http://127.0.0.1:9/in", "numbers": ["46700000100"]}}]}'),
    ('seed', '11'), ('clock', 'virtual'), ('started_us', '1577836800000000'), ('now_us', '1577836805000000'),
    ('messages_end', '1'), ('bulks_end', '0'), ('inbound_end', '1'), ('attempts_end', '0'),
    ('callbacks_end', '0'), ('requests_end', '1'), ('rule_uses', '[]');
INSERT INTO messages VALUES (0, 'RJADSEI3B26KR7DW.15778368000000000', NULL, NULL, '', '46700000000', 'IKEA',
    'Hello from version 1', 0, 'DELIVRD', '', 'tok', 'tok-1',
    '[{"at_us":1577836800000000,"status":"ENROUTE","desc":""},{"at_us":1577836801000000,"status":"DELIVRD","desc":""}]',
    NULL, NULL, NULL, NULL);
INSERT INTO inbound VALUES (0, 'RYO8PX4IIE5FHVYX.15778368020000000', '46700000000', '46700000100', 'Thanks',
    'tok', 'tok-1', 1577836802000000, 'control');
INSERT INTO requests VALUES (0, 1577836800000000, 'POST', '/api/v2/send/', '', 'application/x-www-form-urlencoded',
    'authorization=tok&sender=IKEA&recipient=46700000000&message=Hello+from+version+1', 'tok', 0, 200, 79);
