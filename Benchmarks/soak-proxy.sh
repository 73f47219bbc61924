#!/usr/bin/env bash
# Soak test of the caching proxy (a benchmark, not part of CI): `cachectl simulate` as the upstream and
# `cachectl serve` in front of it on loopback, then DURATION seconds (default 60) of mixed malformed and
# valid traffic from Benchmarks/soak_client.py (python3, standard library only): plain and streamed calls
# on /v1/messages and /v1/chat/completions, malformed JSON, 8 KB to 1 MB headers, control characters in
# headers, bad methods and request lines, hostile x-cache-ttl and max-age values, truncated bodies. The
# proxy's VmRSS is sampled every second; the summary gives RSS after the warm-up (WARMUP, default 10 s)
# and at the end, the growth, the counts by status and by case, and whether the proxy kept serving. The
# script fails if the proxy died or stopped answering.
#
# Usage: Benchmarks/soak-proxy.sh [DURATION_SECONDS]
#   SOAK_CONFIG=release|debug  which build of cachectl (default debug, the shared .build; release builds
#                              into .build-release as scripts/bench-proxy.sh does)
#   CACHECTL=/path/to/cachectl use this binary, build nothing
#   WARMUP=10 SOAK_WORKERS=8   warm-up seconds before the reference RSS sample; client threads
#   SOAK_JSON=file             also write the client's JSON summary (with every RSS sample) there
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

DURATION="${1:-60}"
WARMUP="${WARMUP:-10}"
CONFIG="${SOAK_CONFIG:-debug}"

if [ -n "${CACHECTL:-}" ]; then
    BIN="$CACHECTL"
elif [ "$CONFIG" = release ]; then
    swift build -c release --product cachectl --scratch-path .build-release
    BIN="$(swift build -c release --scratch-path .build-release --show-bin-path)/cachectl"
else
    swift build --product cachectl
    BIN="$(swift build --show-bin-path)/cachectl"
fi

WORK="$(mktemp -d)"
# shellcheck source=scripts/background-cachectl.sh
source scripts/background-cachectl.sh

start_proxy_on_simulator "$WORK/soak.sqlite" --semantic off

echo "== soak: ${DURATION}s of mixed traffic, $CONFIG build ($BIN), nproc $(nproc), load $(cut -d' ' -f1-3 /proc/loadavg)"
python3 Benchmarks/soak_client.py "$PROXY_PORT" "$PROXY_PID" "$DURATION" "$WARMUP" >"$WORK/summary.json"
if [ -n "${SOAK_JSON:-}" ]; then cp "$WORK/summary.json" "$SOAK_JSON"; fi

status=0
python3 - "$WORK/summary.json" <<'PY' || status=$?
import json, sys
s = json.load(open(sys.argv[1]))
mb = lambda kb: "n/a" if kb is None else f"{kb / 1024:.1f} MiB"
print(f"requests: {s['requests']} in {s['duration_s']:.0f}s with {s['workers']} client threads")
print(f"RSS after warm-up: {mb(s['rss_kb_at_warmup'])}, at the end: {mb(s['rss_kb_at_end'])}, "
      f"growth: {mb(s['rss_growth_kb'])}, max: {mb(s['rss_kb_max'])}")
print("by status: " + ", ".join(f"{k}: {v}" for k, v in s["by_status"].items()))
for case, statuses in s["by_case"].items():
    print(f"  {case}: " + ", ".join(f"{k}: {v}" for k, v in statuses.items()))
print(f"proxy alive at the end: {s['proxy_alive']}; a valid call after the soak: {s['final_valid_call']}")
sys.exit(0 if s["proxy_alive"] and s["final_valid_call"] == "200" else 1)
PY
if ! kill -0 "$PROXY_PID" 2>/dev/null; then
    echo "soak-proxy: the proxy died; its log:" >&2
    tail -50 "$WORK/proxy.log" >&2
    exit 1
fi
exit "$status"
