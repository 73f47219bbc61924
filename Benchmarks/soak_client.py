#!/usr/bin/env python3
"""Mixed malformed and valid traffic against the caching proxy, for Benchmarks/soak-proxy.sh.

Standard library only. WORKERS threads send requests for DURATION seconds, each picking a case at random:
valid plain and streamed calls on /v1/messages and /v1/chat/completions (hits and misses), malformed JSON,
oversized and control-character headers, bad methods and paths, hostile x-cache-ttl and max-age values, a
truncated body. A sampler thread reads the proxy's VmRSS from /proc/PID/status every second. Prints one
JSON summary on stdout: RSS samples, counts by case and status, and whether the proxy kept serving.
"""
import http.client
import json
import os
import random
import socket
import sys
import threading
import time

HOST = "127.0.0.1"
PORT = int(sys.argv[1])
PID = int(sys.argv[2])
DURATION = float(sys.argv[3])
WARMUP = float(sys.argv[4])
WORKERS = int(os.environ.get("SOAK_WORKERS", "8"))

ANTHROPIC = {"model": "claude-haiku-4-5", "max_tokens": 64, "temperature": 0,
             "messages": [{"role": "user", "content": "What is the capital of France?"}]}
OPENAI = {"model": "gpt-4.1-mini", "max_tokens": 64, "temperature": 0,
          "messages": [{"role": "user", "content": "What is the capital of France?"}]}
HOSTILE_TTLS = ["9223372036854775807", "9223372036854774", "9223372036854775808", "106751991167d",
                "153722867280912930m1m", "-1", "0", "1e309", "2147483648", "90s"]
HOSTILE_AGES = ["max-age=9223372036854775807", "max-age=9223372036854775808", "max-age=-1", "max-age=2147483648",
                "no-cache, max-age=1e309"]


def rss_kb():
    try:
        with open(f"/proc/{PID}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def request(method, path, body=b"", headers=None, stream=False):
    connection = http.client.HTTPConnection(HOST, PORT, timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        response.read()
        return str(response.status)
    finally:
        connection.close()


def raw(payload):
    """Sends bytes http.client refuses to write (control characters, bad request lines); returns the status."""
    with socket.create_connection((HOST, PORT), timeout=30) as sock:
        sock.sendall(payload)
        data = b""
        while b"\r\n" not in data:
            chunk = sock.recv(4096)
            if not chunk:
                break
            data += chunk
        line = data.split(b"\r\n", 1)[0].split(b" ")
        return line[1].decode() if len(line) > 1 else "closed"


def valid(dialect, stream, miss, rng):
    body = dict(ANTHROPIC if dialect == "anthropic" else OPENAI)
    if miss:
        body["messages"] = [{"role": "user", "content": f"Question {rng.getrandbits(48)}"}]
    if stream:
        body["stream"] = True
    path = "/v1/messages" if dialect == "anthropic" else "/v1/chat/completions"
    headers = {"content-type": "application/json", "x-api-key": "sk-soak", "authorization": "Bearer sk-soak"}
    return request("POST", path, json.dumps(body).encode(), headers)


def case(name, rng):
    json_headers = {"content-type": "application/json", "x-api-key": "sk-soak"}
    body = json.dumps(ANTHROPIC).encode()
    if name.startswith("valid-"):  # valid-DIALECT-hit | miss | stream (half of the streams fresh)
        _, dialect, kind = name.split("-")
        stream = kind == "stream"
        return valid(dialect, stream, kind == "miss" or (stream and rng.random() < 0.5), rng)
    if name == "malformed-json":
        broken = rng.choice([b"{", b"{\"model\":", b"[1,]", b"\xff\xfe", b"{\"model\":\"m\",\"max_tokens\":1e309}",
                             b"[" * 600, b"null", b""])
        return request("POST", rng.choice(["/v1/messages", "/v1/chat/completions"]), broken, json_headers)
    if name == "hostile-ttl":
        headers = dict(json_headers, **{"x-cache-ttl": rng.choice(HOSTILE_TTLS)})
        return request("POST", "/v1/messages", body, headers)
    if name == "hostile-max-age":
        headers = dict(json_headers, **{"cache-control": rng.choice(HOSTILE_AGES)})
        return request("POST", "/v1/chat/completions", json.dumps(OPENAI).encode(), headers)
    if name == "huge-header":
        size = rng.choice([8 * 1024, 100 * 1024, 1024 * 1024])
        headers = dict(json_headers, **{"x-api-key": "k" * size})
        return request("POST", "/v1/messages", body, headers)
    if name == "control-characters":
        value = rng.choice([b"sk-\x01key", b"90s\x0b", b"a\x00b", b"\x7f", b"\x1b[31m"])
        header = rng.choice([b"x-api-key", b"x-cache-ttl", b"x-cache-namespace"])
        return raw(b"POST /v1/messages HTTP/1.1\r\nHost: x\r\ncontent-type: application/json\r\n" + header + b": "
                   + value + b"\r\ncontent-length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
    if name == "bad-method":
        method = rng.choice(["PUT", "DELETE", "PATCH", "GET", "OPTIONS", "BREW"])
        return request(method, rng.choice(["/v1/messages", "/v1/chat/completions", "/nowhere", "/%ff"]), body,
                       json_headers)
    if name == "bad-request-line":
        return raw(rng.choice([b"GARBAGE\r\n\r\n", b"POST /v1/messages HTTP/9.9\r\n\r\n", b"\x00\x01\x02\r\n\r\n",
                               b"POST " + b"/" * 70000 + b" HTTP/1.1\r\nHost: x\r\n\r\n"]))
    if name == "truncated-body":
        with socket.create_connection((HOST, PORT), timeout=30) as sock:
            sock.sendall(b"POST /v1/messages HTTP/1.1\r\nHost: x\r\ncontent-type: application/json\r\n"
                         b"content-length: 1000\r\n\r\n{\"model\":")
        return "sent"
    raise ValueError(name)


CASES = [("valid-anthropic-hit", 6), ("valid-anthropic-miss", 3), ("valid-anthropic-stream", 3),
         ("valid-openai-hit", 6), ("valid-openai-miss", 3), ("valid-openai-stream", 3), ("malformed-json", 3),
         ("hostile-ttl", 3), ("hostile-max-age", 2), ("huge-header", 1), ("control-characters", 2),
         ("bad-method", 2), ("bad-request-line", 1), ("truncated-body", 1)]
NAMES = [name for name, weight in CASES for _ in range(weight)]

counts = {}
lock = threading.Lock()
stop = threading.Event()
samples = []
start = time.monotonic()


def worker(seed):
    rng = random.Random(seed)
    while not stop.is_set():
        name = rng.choice(NAMES)
        try:
            status = case(name, rng)
        except (OSError, http.client.HTTPException) as error:
            status = "error:" + type(error).__name__
        with lock:
            counts.setdefault(name, {}).setdefault(status, 0)
            counts[name][status] += 1


def sampler():
    while not stop.is_set():
        samples.append((round(time.monotonic() - start, 1), rss_kb()))
        stop.wait(1.0)


threads = [threading.Thread(target=worker, args=(seed,)) for seed in range(WORKERS)]
threads.append(threading.Thread(target=sampler))
for thread in threads:
    thread.start()
time.sleep(DURATION)
stop.set()
for thread in threads:
    thread.join()
samples.append((round(time.monotonic() - start, 1), rss_kb()))

alive = rss_kb() is not None
try:
    final = valid("anthropic", False, False, random.Random(0))
except (OSError, http.client.HTTPException) as error:
    final = "error:" + type(error).__name__
warm = next((kb for t, kb in samples if t >= WARMUP and kb is not None), None)
end = next((kb for t, kb in reversed(samples) if kb is not None), None)
by_status = {}
for statuses in counts.values():
    for status, number in statuses.items():
        by_status[status] = by_status.get(status, 0) + number
print(json.dumps({
    "duration_s": DURATION, "workers": WORKERS, "requests": sum(by_status.values()),
    "rss_kb_at_warmup": warm, "rss_kb_at_end": end,
    "rss_growth_kb": (end - warm) if warm is not None and end is not None else None,
    "rss_kb_max": max((kb for _, kb in samples if kb is not None), default=None),
    "proxy_alive": alive, "final_valid_call": final, "by_status": dict(sorted(by_status.items())),
    "by_case": {name: dict(sorted(statuses.items())) for name, statuses in sorted(counts.items())},
    "rss_samples": samples,
}, indent=1))
