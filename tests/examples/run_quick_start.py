#!/usr/bin/env python3
"""Runs the README's quick start as a user would, and checks that the delivery report arrives at
`connectel listen`: first with the command line's --dlr-url, then, after the quick start's
control call (PUT /_sim/tokens), at the URL it sets, as form fields.

usage: run_quick_start.py SIM CONNECTEL README

The commands are the README's own lines, read from its "Quick start" section, with the binaries
put in for `./dev run` and `build/tools/connectel/connectel` and free ports for 8080 and 9000
(the tests run in parallel). curl runs them as written."""
import os
import queue
import re
import shutil
import subprocess
import sys
import threading

sim_path, cli_path, readme_path = sys.argv[1:4]
if not shutil.which("curl"):
    sys.exit("the quick start runs curl: apt-get install curl (./dev test does)")

readme = open(readme_path, encoding="utf-8").read()
section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
blocks = re.findall(r"```sh\n(.*?)```", section, re.S)
commands = [line.split("  #")[0].strip() for line in "\n".join(blocks).replace("\\\n", " ").splitlines()]
commands = [c for c in commands if c and not c.startswith("#")]


def command(pattern):
    found = [c for c in commands if re.search(pattern, c)]
    if len(found) != 1:
        sys.exit(f"README.md's quick start should have one command matching {pattern!r}, has {found}")
    return found[0]


run, listen = command(r"^\./dev run --dlr-url"), command(r"connectel listen --port 9000")
send, put = command(r"^curl .*/api/v2/send/"), command(r"^curl .*-X PUT .*/_sim/tokens")

children = []


def start(args):
    child = subprocess.Popen(args, stdout=subprocess.PIPE, text=True)
    children.append(child)
    return child


def lines_of(child):
    """Its stdout lines, as they come, in a queue."""
    lines = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line.rstrip("\n")) for line in child.stdout], daemon=True).start()
    return lines


def next_line(lines, what):
    try:
        return lines.get(timeout=15)
    except queue.Empty:
        sys.exit(f"nothing from {what} within 15 s")


try:
    receiver = start([cli_path] + listen.split()[1:-1] + ["0"])
    received = lines_of(receiver)
    ready = next_line(received, "connectel listen")
    receiver_port = ready.rsplit(":", 1)[1]
    sim_args = run.replace("127.0.0.1:9000", "127.0.0.1:" + receiver_port).split()[2:]
    sim = start([sim_path, "--port", "0", "--log-level", "warn"] + sim_args)
    sim_base = sim.stdout.readline().strip().removeprefix("connectel-sim listening on ")
    if not sim_base.startswith("http://"):
        sys.exit(f"connectel-sim did not start: {sim_base!r}")

    def curl(line):
        line = line.replace("localhost:8080", sim_base.removeprefix("http://")).replace(
            "127.0.0.1:9000", "127.0.0.1:" + receiver_port)
        out = subprocess.run(["sh", "-c", line], capture_output=True, text=True, timeout=30)
        if out.returncode != 0:
            sys.exit(f"{line}: exit {out.returncode}: {out.stderr}")
        return out.stdout

    def check_dlr(answer, expected_path):
        requestid = re.search(r'"requestid":"([^"]+)"', answer)
        if not requestid:
            sys.exit(f"the send was not accepted: {answer}")
        line = next_line(received, "connectel listen (the DLR)")
        fields = line.split("\t")
        if fields[:5] != ["dlr", requestid.group(1), "DELIVRD", "1", "46700000000"]:
            sys.exit(f"connectel listen printed {line!r}, not the DLR of {requestid.group(1)}")
        attempts = subprocess.run(["curl", "-s", f"{sim_base}/_sim/callbacks?requestid={requestid.group(1)}"],
                                  capture_output=True, text=True).stdout
        if f'"url":"http://127.0.0.1:{receiver_port}{expected_path}"' not in attempts:
            sys.exit(f"the DLR did not go to {expected_path}: {attempts}")
        return fields

    first = check_dlr(curl(send), "/dlr")
    answer = curl(put)
    if '"from":"run time"' not in answer or '"format":"form"' not in answer:
        sys.exit(f"the control call did not set the token's DLR URL: {answer}")
    check_dlr(curl(send), "/mine")
    print("quick start: the DLR reached connectel listen at /dlr (--dlr-url), then at /mine (PUT /_sim/tokens):")
    print("  " + "\t".join(first))
finally:
    for child in children:
        child.terminate()
        child.wait(timeout=10)
