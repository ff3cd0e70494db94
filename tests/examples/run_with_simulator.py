#!/usr/bin/env python3
"""Runs a client example against a fresh connectel-sim, as a user would, and compares what it
prints with its .expected file.

usage: run_with_simulator.py SIM EXAMPLE EXPECTED [--clock virtual|real] [--needs PROGRAM=PACKAGE]

The simulator runs on a free port with --seed 1 (so ids are the same on every run); the example
finds it through CONNECTEL_BASE_URL. --needs names an interpreter the example runs with (its
#! line) and the Debian package that has it, so that a machine without it says what to install."""
import argparse
import difflib
import os
import shutil
import signal
import subprocess
import sys

parser = argparse.ArgumentParser()
parser.add_argument("sim")
parser.add_argument("example")
parser.add_argument("expected")
parser.add_argument("--clock", default="virtual")
parser.add_argument("--needs", action="append", default=[])
args = parser.parse_args()
for need in args.needs:
    program, package = need.split("=", 1)
    if not shutil.which(program):
        sys.exit(f"{os.path.basename(args.example)} runs with {program}: apt-get install {package} (./dev test does)")

sim = subprocess.Popen([args.sim, "--port", "0", "--seed", "1", "--clock", args.clock, "--log-level", "error"],
                       stdout=subprocess.PIPE, text=True)
try:
    ready = sim.stdout.readline().strip()
    prefix = "connectel-sim listening on "
    if not ready.startswith(prefix):
        sys.exit(f"connectel-sim did not start: {ready!r}")
    env = dict(os.environ, CONNECTEL_BASE_URL=ready[len(prefix):])
    env.pop("CONNECTEL_TOKEN", None)
    run = subprocess.run([args.example], env=env, capture_output=True, text=True, timeout=60)
finally:
    sim.send_signal(signal.SIGTERM)
    sim.wait(timeout=10)

with open(args.expected) as f:
    expected = f.read()
if run.returncode != 0 or run.stdout != expected:
    sys.stderr.write(f"{args.example} exited {run.returncode}; stderr:\n{run.stderr}\n")
    sys.stderr.writelines(difflib.unified_diff(expected.splitlines(True), run.stdout.splitlines(True),
                                               args.expected, "actual output"))
    sys.exit(1)
print(f"{os.path.basename(args.example)} printed what {os.path.basename(args.expected)} says")
