"""Reads the exchanges a simulator recorded (simulator/http/transport/exchange_recorder.hpp):
per request its request line and the raw answer, parsed here into status, headers and body."""
import gzip
import os
import zlib
from dataclasses import dataclass, field


@dataclass
class Exchange:
    source: str            # FILE:RECORD, to find it again
    method: str
    target: str            # the request target, query included
    status: int = 0        # 0: no answer (a dropped connection)
    headers: dict = field(default_factory=dict)  # lower-case names
    body: bytes = b""
    complete: bool = True  # the whole body arrived (not cut by a fault)

    @property
    def path(self) -> str:
        return self.target.split("?", 1)[0]

    @property
    def media_type(self) -> str:
        return self.headers.get("content-type", "").split(";", 1)[0].strip().lower()


def read_file(path: str):
    data = open(path, "rb").read()
    at, index = 0, 0
    while at < len(data):
        line_end = data.index(b"\n", at)
        request_line = data[at + 2:line_end].decode("utf-8", "replace")
        size_end = data.index(b"\n", line_end + 1)
        size = int(data[line_end + 1:size_end])
        answer = data[size_end + 1:size_end + 1 + size]
        at = size_end + 1 + size + 1
        index += 1
        parts = request_line.split(" ")
        exchange = Exchange(f"{os.path.basename(path)}:{index}", parts[0], parts[1] if len(parts) > 1 else "")
        parse_answer(exchange, answer)
        yield exchange


def parse_answer(exchange: Exchange, answer: bytes) -> None:
    while answer.startswith(b"HTTP/1.1 1"):  # interim answers (100 Continue) come first
        answer = answer[answer.index(b"\r\n\r\n") + 4:]
    if not answer:
        return
    head_end = answer.find(b"\r\n\r\n")
    if head_end < 0:
        exchange.complete = False
        return
    lines = answer[:head_end].decode("latin-1").split("\r\n")
    exchange.status = int(lines[0].split(" ")[1])
    for line in lines[1:]:
        name, _, value = line.partition(":")
        exchange.headers[name.strip().lower()] = value.strip()
    body = answer[head_end + 4:]
    if exchange.headers.get("transfer-encoding", "").lower() == "chunked":
        body, exchange.complete = dechunk(body)
    elif "content-length" in exchange.headers:
        length = int(exchange.headers["content-length"])
        exchange.complete = len(body) >= length
        body = body[:length]
    encoding = exchange.headers.get("content-encoding", "").lower()
    if exchange.complete and encoding == "gzip":
        body = gzip.decompress(body)
    elif exchange.complete and encoding == "deflate":
        body = zlib.decompress(body)
    exchange.body = body


def dechunk(data: bytes):
    body, at = b"", 0
    while True:
        line_end = data.find(b"\r\n", at)
        if line_end < 0:
            return body, False
        size = int(data[at:line_end].split(b";")[0], 16)
        if size == 0:
            return body, True
        body += data[line_end + 2:line_end + 2 + size]
        if line_end + 2 + size > len(data):
            return body, False
        at = line_end + 2 + size + 2
