#!/usr/bin/env python3
"""Runs examples/receive_callbacks against a fresh connectel-sim: the simulator is given a
scenario whose DLR and receive URLs point at the example, sends one message, delivers it and
receives one SMS; the example must print what receive_callbacks.expected says.

usage: run_receiver_example.py SIM EXAMPLE EXPECTED"""
import json
import signal
import subprocess
import sys
import urllib.request

sim_path, example_path, expected_path = sys.argv[1:4]


def call(base, method, path, body):
    request = urllib.request.Request(base + path, data=body.encode(), method=method,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)


sim = subprocess.Popen([sim_path, "--port", "0", "--seed", "1", "--clock", "virtual", "--log-level", "error"],
                       stdout=subprocess.PIPE, text=True)
example = subprocess.Popen([example_path, "0", "2"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
try:
    base = sim.stdout.readline().strip().removeprefix("connectel-sim listening on ")
    endpoint = example.stdout.readline().strip().removeprefix("listening on ")
    call(base, "PUT", "/_sim/scenario", json.dumps({
        "name": "receiver", "tokens": [{"token": "t",
                                        "dlr": {"url": endpoint + "/dlr", "format": "form"},
                                        "inbound": {"url": endpoint + "/sms", "numbers": ["46700000100"]}}]}))
    call(base, "POST", "/api/v2/send/",
         json.dumps({"authorization": "t", "sender": "IKEA", "recipient": "46700000000", "message": "Hi"}))
    call(base, "POST", "/_sim/clock/advance", json.dumps({"by": "1s"}))
    call(base, "POST", "/_sim/inbound", json.dumps({"from": "35890010000", "to": "46700000100", "message": "Hej då"}))
    out, err = example.communicate(timeout=10)
finally:
    example.kill()
    sim.send_signal(signal.SIGTERM)
    sim.wait(timeout=10)

with open(expected_path) as f:
    expected = f.read()
if example.returncode != 0 or out != expected:
    sys.exit(f"receive_callbacks exited {example.returncode}, printed:\n{out}\nexpected:\n{expected}\nstderr:\n{err}")
print("receive_callbacks printed what receive_callbacks.expected says")
