#!/usr/bin/env php
<?php
// A PHP integration as teams write one from the vendor's reference: curl, json_encode and
// http_build_query, single and bulk sends in every way the reference allows. Run against a
// fresh connectel-sim (CONNECTEL_BASE_URL); prints one line per check, exits 1 on the first miss.

if (!function_exists('curl_init')) fail('PHP has no curl module: apt-get install php-curl (./dev test does)');

$base = rtrim(getenv('CONNECTEL_BASE_URL') ?: 'http://127.0.0.1:8080', '/');
$token = 'php-test-token';
$list = [['Number1' => '46700000000'], ['Number2' => '46700000001']];  // the reference's bulk shape

function post(string $url, string $body, string $type): array {
    $curl = curl_init($url);
    curl_setopt_array($curl, [
        CURLOPT_POST => true,
        CURLOPT_POSTFIELDS => $body,
        CURLOPT_HTTPHEADER => ["Content-Type: $type", 'Accept: application/json'],
        CURLOPT_RETURNTRANSFER => true,
    ]);
    $text = curl_exec($curl);
    if ($text === false) fail('curl: ' . curl_error($curl));
    $status = curl_getinfo($curl, CURLINFO_RESPONSE_CODE);
    curl_close($curl);
    $answer = json_decode($text, true);
    if (!is_array($answer)) fail("HTTP $status, not a JSON object: $text");
    return [$status, $answer];
}

function fail(string $why): void {
    fwrite(STDERR, "FAILED: $why\n");
    exit(1);
}

function send_json(array $params): array {
    global $base;
    return post("$base/api/v2/send/", json_encode($params), 'application/json');
}

function send_form(array $params): array {
    global $base;
    return post("$base/api/v2/send/", http_build_query($params), 'application/x-www-form-urlencoded');
}

function expect_single(string $how, array $reply): void {
    [$status, $answer] = $reply;
    if ($status !== 200 || ($answer['statusStr'] ?? '') !== 'ENROUTE' || ($answer['recipient'] ?? '') !== '46700000000'
        || !preg_match('/^R/', $answer['requestid'] ?? ''))
        fail("$how: HTTP $status " . json_encode($answer));
    echo "ok - single send, $how\n";
}

function expect_bulk(string $how, array $reply): void {
    [$status, $answer] = $reply;
    $members = array_map(fn($m) => ($m['key'] ?? '?') . '=' . ($m['recipient'] ?? '?'), $answer['recipient'] ?? []);
    if ($status !== 200 || ($answer['statusStr'] ?? '') !== 'QUEUED'
        || $members !== ['Number1=46700000000', 'Number2=46700000001'])
        fail("$how: HTTP $status " . json_encode($answer));
    echo "ok - bulk send, $how: keys Number1 and Number2\n";
}

$single = ['authorization' => $token, 'sender' => 'IKEA', 'recipient' => '46700000000', 'message' => 'Hej från PHP'];
expect_single('JSON body', send_json($single));
expect_single('form body (http_build_query)', send_form($single));

$bulk = ['authorization' => $token, 'sender' => 'IKEA', 'message' => 'Hej alla', 'bulk' => true];
expect_bulk('JSON body, the documented list', send_json($bulk + ['recipient' => $list]));
expect_bulk('JSON body, recipient as JSON text', send_json($bulk + ['recipient' => json_encode($list)]));
// http_build_query writes the list as recipient[0][Number1]=...&recipient[1][Number2]=... and
// true as bulk=1.
expect_bulk('form body, http_build_query of the documented list', send_form($bulk + ['recipient' => $list]));
expect_bulk('form body, recipient as JSON text', send_form($bulk + ['recipient' => json_encode($list)]));
expect_bulk('form body, http_build_query of a keyed array',
            send_form($bulk + ['recipient' => ['Number1' => '46700000000', 'Number2' => '46700000001']]));

// Two shapes at once are refused, naming the field, and nothing is sent.
[$status, $answer] = post("$base/api/v2/send/",
                          http_build_query($bulk + ['recipient' => [['Number1' => '46700000000']]])
                              . '&recipient%5BNumber2%5D=46700000001',
                          'application/x-www-form-urlencoded');
if ($status !== 400 || ($answer['error']['field'] ?? '') !== 'recipient') fail("mixed shapes: HTTP $status " . json_encode($answer));
echo "ok - a form mixing recipient[N][Key] and recipient[Key] is refused: 400, field recipient\n";

// A key given twice is refused, naming the key.
[$status, $answer] = send_form($bulk + ['recipient' => [['Number1' => '46700000000'], ['Number1' => '46700000001']]]);
if ($status !== 400 || ($answer['error']['field'] ?? '') !== 'recipient[Number1]') fail("repeated key: HTTP $status " . json_encode($answer));
echo "ok - a repeated key is refused: 400, field recipient[Number1]\n";
