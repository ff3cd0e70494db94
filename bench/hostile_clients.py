#!/usr/bin/env python3
"""Ordinary hostile conditions against a connectel-sim binary, each as a figure: how long a new
client waits for GET /_sim/health while many connections are held idle, busy or slow; what
happens to bad framing, half-closes, pipelining and big forms; the memory big heads cost.

    bench/hostile_clients.py CONNECTEL_SIM [--threads N]

Run it against two builds to compare them (the figures, not a pass/fail, are the point).
Everything stays on 127.0.0.1; the simulator gets a free port."""
import os
import re
import resource
import socket
import subprocess
import sys
import threading
import time

PATIENCE = 10.0  # seconds a probe waits for an answer before reporting "none"
HEALTH = b"GET /_sim/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"


def form_send(body: bytes) -> bytes:
    return (b"POST /api/v2/send HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: "
            + str(len(body)).encode() + b"\r\n\r\n" + body)


class Sim:
    def __init__(self, binary, *flags):
        self.proc = subprocess.Popen([binary, "--port", "0", "--log-level", "error", *flags],
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = self.proc.stdout.readline()
        self.port = int(re.search(r":(\d+)\s*$", line).group(1))

    def rss_mb(self):
        with open(f"/proc/{self.proc.pid}/status") as f:
            return int(re.search(r"VmRSS:\s+(\d+)", f.read()).group(1)) / 1024

    def stop(self):
        self.proc.terminate()
        self.proc.wait(10)


def connect(port):
    s = socket.create_connection(("127.0.0.1", port))
    s.settimeout(PATIENCE)
    return s


def read_response(s):
    """One response (by Content-Length); None on timeout or close."""
    data = b""
    try:
        while b"\r\n\r\n" not in data:
            chunk = s.recv(65536)
            if not chunk:
                return None
            data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        m = re.search(rb"(?i)content-length:\s*(\d+)", head)
        length = int(m.group(1)) if m else 0
        while len(body) < length:
            chunk = s.recv(65536)
            if not chunk:
                return None
            body += chunk
        return int(head[9:12]), body
    except (socket.timeout, ConnectionError):
        return None


def time_to_answer(port, request=HEALTH):
    start = time.monotonic()
    try:
        s = connect(port)
        s.sendall(request)
        answer = read_response(s)
        s.close()
    except OSError:
        answer = None
    took = time.monotonic() - start
    return f"{took * 1000:.1f} ms" if answer else f"none in {PATIENCE:.0f} s"


def hold_idle(port, count):
    """Keep-alive connections that each sent one request: idle once answered."""
    held = []
    for _ in range(count):
        s = connect(port)
        s.sendall(HEALTH)
        held.append(s)
    return held


def count_answered(held, within):
    """How many of `held` got their answer within `within` seconds from now."""
    deadline = time.monotonic() + within
    count = 0
    for s in held:
        s.settimeout(max(0.001, deadline - time.monotonic()))
        count += read_response(s) is not None
    return count


def hold_slow(port, count, stop):
    held = [connect(port) for _ in range(count)]
    for s in held:
        s.sendall(b"GET /_sim/health HTTP/1.1\r\n")

    def drip():
        while not stop.is_set():
            for s in held:
                try:
                    s.sendall(b"X")  # one byte a second each, never ending the head
                except OSError:
                    pass
            stop.wait(1.0)
    threading.Thread(target=drip, daemon=True).start()
    return held


def keep_busy(port, count, stop, served):
    def loop(i):
        try:
            s = connect(port)
            request = form_send(b"authorization=busy&sender=IKEA&recipient=4670%07d&message=Hi" % i)
            while not stop.is_set():
                s.sendall(request)
                if read_response(s) is None:
                    return
                served[i] += 1
        except OSError:
            return
    for i in range(count):
        threading.Thread(target=loop, args=(i,), daemon=True).start()


def connections(binary, threads):
    print("## Held connections (a new client's GET /_sim/health)")
    for label, idle, busy, slow in [("1,000 idle keep-alive", 1000, 0, 0), ("100 busy", 0, 100, 0),
                                    ("100 slow heads (1 byte/s)", 0, 0, 100),
                                    ("all three at once", 1000, 100, 100)]:
        sim = Sim(binary, "--threads", str(threads))
        stop = threading.Event()
        served = [0] * busy
        idle_held = hold_idle(sim.port, idle)
        held = idle_held + hold_slow(sim.port, slow, stop)
        keep_busy(sim.port, busy, stop, served)
        time.sleep(1.0)
        before = sum(served)
        answers = [time_to_answer(sim.port) for _ in range(3)]
        time.sleep(1.0)
        extra = f"; busy clients served: {sum(1 for n in served if n)} of {busy}, {sum(served) - before} requests" if busy else ""
        if idle:
            extra += f"; idle clients answered within 5 s: {count_answered(idle_held, 5.0)} of {idle}"
        print(f"- {label}: {', '.join(answers)}{extra}")
        stop.set()
        for s in held:
            s.close()
        sim.stop()
    sim = Sim(binary, "--threads", str(threads))
    clients = [connect(sim.port) for _ in range(256)]
    for s in clients:
        s.sendall(HEALTH)
    deadline = time.monotonic() + 5
    answered = 0
    for s in clients:
        s.settimeout(max(0.01, deadline - time.monotonic()))
        answered += read_response(s) is not None
    print(f"- 256 keep-alive clients each sending one request: {answered} answered within 5 s")
    for s in clients:
        s.close()
    sim.stop()


def framing(binary):
    print("## Framing, half-closes, pipelining, forms")
    sim = Sim(binary)
    for label, headers in [("Content-Length: abc", b"Content-Length: abc\r\n"),
                           ("Content-Length: 5, 5", b"Content-Length: 5, 5\r\n")]:
        s = connect(sim.port)
        s.sendall(b"POST /api/v2/send HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers + b"\r\nhello")
        answer = read_response(s)
        print(f"- {label}: {answer[0] if answer else 'no answer'}")
        s.close()
    start = time.monotonic()
    s = connect(sim.port)
    s.sendall(b"POST /_sim/reset HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    answer = read_response(s)
    print(f"- POST /_sim/reset with no Content-Length: {answer[0] if answer else 'no answer'} "
          f"in {(time.monotonic() - start) * 1000:.0f} ms")
    s.close()
    s = connect(sim.port)
    s.sendall(form_send(b"authorization=tok&sender=IKEA&recipient=46700000000&message=Hi"))
    s.shutdown(socket.SHUT_WR)
    answer = read_response(s)
    print(f"- a send, then a half-close: {answer[0] if answer else 'no answer'}")
    s.close()
    s = connect(sim.port)
    s.sendall(HEALTH * 3)
    received = b""
    try:
        while received.count(b"HTTP/1.1 200") < 3:
            chunk = s.recv(65536)
            if not chunk:
                break
            received += chunk
    except (socket.timeout, ConnectionError):
        pass
    answered = received.count(b"HTTP/1.1 200")
    print(f"- three pipelined requests in one write: {answered} answered")
    s.close()
    text = b"%C3%A4" * 1600
    s = connect(sim.port)
    s.sendall(form_send(b"authorization=tok&sender=IKEA&recipient=46700000000&message=" + text))
    answer = read_response(s)
    print(f"- a 1,600-character ä message as a form ({len(text) + 59} bytes): {answer[0] if answer else 'no answer'}")
    s.close()
    rss = sim.rss_mb()
    for _ in range(4):
        try:
            s = connect(sim.port)
            s.sendall(b"GET /_sim/health HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            line = b"X-Big: " + b"x" * 4000 + b"\r\n"
            for _ in range(16 * 1024 * 1024 // len(line)):
                s.sendall(line)
            s.sendall(b"\r\n")
            answer = read_response(s)
        except OSError:
            answer = None
        s.close()
    print(f"- four requests with 16 MB of headers each: last answered {answer[0] if answer else 'never (closed)'}; "
          f"RSS {rss:.0f} MB before, {sim.rss_mb():.0f} MB after")
    sim.stop()


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    binary = sys.argv[1]
    threads = int(sys.argv[sys.argv.index("--threads") + 1]) if "--threads" in sys.argv else 64
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    print(f"# {binary} (--threads {threads})")
    connections(binary, threads)
    framing(binary)
    return 0


if __name__ == "__main__":
    sys.exit(main())
