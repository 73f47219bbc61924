#!/usr/bin/env bash
# Load benchmark of the caching proxy (not part of the test command): a release build of cachectl in its own
# scratch path, the provider simulator and `cachectl serve` on loopback, and wrk (installed with apt-get when
# missing). Every figure comes with its floor, measured in the same run:
#   1. exact hits at 64 connections for DURATION (default 60 s): requests/s, p50, p99, the proxy's CPU per
#      hit (its CPU time from /proc/PID/stat over the run, divided by the requests) and resident memory
#      before and after; the floor is the simulator answering the same call directly at 64 connections;
#   2. exact hits at one connection: p50 and CPU per hit, against the simulator answering directly at one
#      connection; the same for a second proxy on the same database with `--executor swift-pool`;
#   3. miss overhead: the same call at one connection against the simulator directly, then through the proxy
#      with `Cache-Control: no-cache` (every request goes upstream, is priced into the ledger and stored);
#      the p50 difference is what the proxy adds to an upstream call.
# Usage: [CACHECTL_BIN=PATH] scripts/bench-proxy.sh [DURATION_SECONDS]
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

# CACHECTL_BIN names a release cachectl built elsewhere (say by the Benchmarks package), to skip this build.
if [ -n "${CACHECTL_BIN:-}" ]; then
    BIN="$CACHECTL_BIN"
else
    swift build -c release --product cachectl --scratch-path "$SCRATCH"
    BIN="$(swift build -c release --scratch-path "$SCRATCH" --show-bin-path)/cachectl"
fi

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

SIM_PID="${PIDS[0]}"
curl -sS -o /dev/null -D - -X POST "http://127.0.0.1:$PROXY_PORT/v1/messages" -H 'content-type: application/json' \
    -H 'x-api-key: sk-bench-key' -d "$BODY" | grep -i '^x-cache:'
curl -sS -o /dev/null -D - -X POST "http://127.0.0.1:$PROXY_PORT/v1/messages" -H 'content-type: application/json' \
    -H 'x-api-key: sk-bench-key' -d "$BODY" | grep -i '^x-cache:'

rss() { awk '/VmRSS/ {print $2 " kB"}' "/proc/$1/status"; }
# CPU time of process $1 (user + system), in clock ticks.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
TICK_US=$((1000000 / $(getconf CLK_TCK)))
summary() { grep -E 'Requests/sec|^ +50%|^ +99%|Non-2xx' "$1" || true; }
# The p50 of a wrk report, in microseconds.
p50_us() {
    awk '$1 == "50%" {
        v = $2; unit = v; sub(/[0-9.]+/, "", unit); sub(/[a-z]+$/, "", v)
        if (unit == "us") f = 1; else if (unit == "ms") f = 1000; else if (unit == "s") f = 1000000; else f = 1
        printf "%.0f", v * f }' "$1"
}
requests() { awk '/requests in/ {print $1}' "$1"; }
# Runs wrk with CONNECTIONS against URL for SECONDS (threads: 1 for one connection, 2 otherwise), with the
# request of LUA, into OUT, and prints the CPU per request of PID (none when PID is empty).
measure() {
    local out="$1" pid="$2" connections="$3" seconds="$4" lua="$5" url="$6" threads=2
    [ "$connections" -eq 1 ] && threads=1
    local before=0 after=0
    [ -n "$pid" ] && before="$(cpu_ticks "$pid")"
    wrk -t"$threads" -c"$connections" -d"${seconds}s" --latency -s "$lua" "$url" >"$out"
    [ -n "$pid" ] && after="$(cpu_ticks "$pid")"
    summary "$out"
    local count
    count="$(requests "$out")"
    if [ -n "$pid" ] && [ "${count:-0}" -gt 0 ]; then
        echo "    CPU per request: $(( (after - before) * TICK_US * 1000 / count )) ns ($(( after - before )) ticks for $count requests)"
    fi
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
threads_cpu() {
    for task in /proc/"$1"/task/*; do
        printf '    %-20s %s ticks\n' "$(cat "$task/comm")" "$(awk '{print $14 + $15}' "$task/stat")"
    done | sort -k2 -n -r | head -8
}

echo "== nproc $(nproc), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== 1. exact hits, 64 connections, ${DURATION}s"
echo "proxy RSS before: $(rss "$PROXY_PID")"
measure "$WORK/hits.txt" "$PROXY_PID" 64 "$DURATION" "$WORK/post.lua" "http://127.0.0.1:$PROXY_PORT/v1/messages"
echo "proxy RSS after:  $(rss "$PROXY_PID")"
echo "-- floor: the simulator directly, 64 connections, ${MISS_DURATION}s"
measure "$WORK/direct64.txt" "$SIM_PID" 64 "$MISS_DURATION" "$WORK/post.lua" "http://127.0.0.1:$SIM_PORT/v1/messages"

echo "== 2. exact hits, 1 connection, ${MISS_DURATION}s each"
echo "-- through the proxy (--executor event-loops)"
threads_before="$(threads_cpu "$PROXY_PID")"
measure "$WORK/hit1.txt" "$PROXY_PID" 1 "$MISS_DURATION" "$WORK/post.lua" "http://127.0.0.1:$PROXY_PORT/v1/messages"
echo "   proxy threads by CPU (ticks since start; before this run):"
echo "$threads_before"
echo "   after:"
threads_cpu "$PROXY_PID"
echo "-- through a second proxy on the same database, --executor swift-pool"
start pool serve --db "$WORK/bench.sqlite" --semantic off --executor swift-pool \
    --anthropic-base-url "http://127.0.0.1:$SIM_PORT" --openai-base-url "http://127.0.0.1:$SIM_PORT/v1"
POOL_PORT="$(cat "$WORK/pool.port")"
POOL_PID="${PIDS[2]}"
curl -sS -o /dev/null -X POST "http://127.0.0.1:$POOL_PORT/v1/messages" -H 'content-type: application/json' \
    -H 'x-api-key: sk-bench-key' -d "$BODY"
measure "$WORK/hit1-pool.txt" "$POOL_PID" 1 "$MISS_DURATION" "$WORK/post.lua" "http://127.0.0.1:$POOL_PORT/v1/messages"
echo "-- floor: the simulator directly, 1 connection"
measure "$WORK/direct.txt" "$SIM_PID" 1 "$MISS_DURATION" "$WORK/post.lua" "http://127.0.0.1:$SIM_PORT/v1/messages"

echo "== 3. miss overhead, 1 connection, ${MISS_DURATION}s"
echo "-- through the proxy, Cache-Control: no-cache (floor: the simulator directly, just above)"
measure "$WORK/proxied.txt" "$PROXY_PID" 1 "$MISS_DURATION" "$WORK/post-no-cache.lua" \
    "http://127.0.0.1:$PROXY_PORT/v1/messages"

hits64="$(awk '/Requests\/sec/ {print $2}' "$WORK/hits.txt")"
direct64="$(awk '/Requests\/sec/ {print $2}' "$WORK/direct64.txt")"
hit1="$(p50_us "$WORK/hit1.txt")"
pool1="$(p50_us "$WORK/hit1-pool.txt")"
direct1="$(p50_us "$WORK/direct.txt")"
miss1="$(p50_us "$WORK/proxied.txt")"
echo "== summary (same run)"
echo "hits at 64 connections: $hits64 requests/s; simulator alone $direct64/s; ratio $(ratio "$hits64" "$direct64")"
echo "hit p50 at 1 connection: ${hit1} us (swift-pool ${pool1} us); simulator alone ${direct1} us; ratio $(ratio "$hit1" "$direct1")"
echo "miss p50 at 1 connection: ${miss1} us; simulator alone ${direct1} us; added $((miss1 - direct1)) us"
