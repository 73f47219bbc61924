#!/usr/bin/env bash
# Load benchmark of the caching proxy (not part of the test command): a release build of cachectl in its own
# scratch path, the provider simulator and `cachectl serve` on loopback, and wrk (installed with apt-get when
# missing).
#   1. exact hits: one body POSTed over and over at 64 connections for DURATION (default 60 s); requests/s,
#      p50, p99, and the proxy's resident memory before and after;
#   2. miss overhead: the same call at one connection against the simulator directly, then through the proxy
#      with `Cache-Control: no-cache` (every request goes upstream and is stored); the p50 difference is what
#      the proxy adds to an upstream call.
# Usage: scripts/bench-proxy.sh [DURATION_SECONDS]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

DURATION="${1:-60}"
MISS_DURATION=20
SCRATCH=".build-release"

if ! command -v wrk >/dev/null 2>&1; then
    echo "bench-proxy: installing wrk"
    if [ "$(id -u)" -eq 0 ]; then sudo=(); else sudo=(sudo); fi
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q wrk >/dev/null
fi

swift build -c release --product cachectl --scratch-path "$SCRATCH"
BIN="$(swift build -c release --scratch-path "$SCRATCH" --show-bin-path)/cachectl"

WORK="$(mktemp -d)"
# shellcheck source=scripts/background-cachectl.sh
source scripts/background-cachectl.sh

start_proxy_on_simulator "$WORK/bench.sqlite" --semantic off

BODY='{"model":"claude-haiku-4-5","max_tokens":64,"temperature":0,"messages":[{"role":"user","content":"What is the capital of France?"}]}'
cat >"$WORK/post.lua" <<LUA
wrk.method = "POST"
wrk.body = '$BODY'
wrk.headers["content-type"] = "application/json"
wrk.headers["x-api-key"] = "sk-bench-key"
wrk.headers["anthropic-version"] = "2023-06-01"
LUA
cat >"$WORK/post-no-cache.lua" <<LUA
dofile("$WORK/post.lua")
wrk.headers["cache-control"] = "no-cache"
LUA

curl -sS -o /dev/null -D - -X POST "http://127.0.0.1:$PROXY_PORT/v1/messages" -H 'content-type: application/json' \
    -H 'x-api-key: sk-bench-key' -d "$BODY" | grep -i '^x-cache:'
curl -sS -o /dev/null -D - -X POST "http://127.0.0.1:$PROXY_PORT/v1/messages" -H 'content-type: application/json' \
    -H 'x-api-key: sk-bench-key' -d "$BODY" | grep -i '^x-cache:'

rss() { awk '/VmRSS/ {print $2 " kB"}' "/proc/$1/status"; }
summary() { grep -E 'Requests/sec|^ +50%|^ +99%|Non-2xx' "$1" || true; }

echo "== exact hits, 64 connections, ${DURATION}s (nproc $(nproc), load $(cut -d' ' -f1-3 /proc/loadavg))"
echo "proxy RSS before: $(rss "$PROXY_PID")"
wrk -t2 -c64 -d"${DURATION}s" --latency -s "$WORK/post.lua" "http://127.0.0.1:$PROXY_PORT/v1/messages" >"$WORK/hits.txt"
echo "proxy RSS after:  $(rss "$PROXY_PID")"
summary "$WORK/hits.txt"

echo "== miss overhead, 1 connection, ${MISS_DURATION}s each"
echo "-- simulator directly"
wrk -t1 -c1 -d"${MISS_DURATION}s" --latency -s "$WORK/post.lua" "http://127.0.0.1:$SIM_PORT/v1/messages" >"$WORK/direct.txt"
summary "$WORK/direct.txt"
echo "-- through the proxy, Cache-Control: no-cache"
wrk -t1 -c1 -d"${MISS_DURATION}s" --latency -s "$WORK/post-no-cache.lua" \
    "http://127.0.0.1:$PROXY_PORT/v1/messages" >"$WORK/proxied.txt"
summary "$WORK/proxied.txt"
