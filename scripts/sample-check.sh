#!/usr/bin/env bash
# The sample app (Examples/AddCaching, a package that depends on LLMCache by path and imports only
# LLMCache) built and run as a new user would: from a folder outside the repository, against the provider
# simulator. It must find its shipped data, answer the repeat from the exact cache and print the stats.
# Needs the cachectl build (scripts/test.sh makes it) for the simulator.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$PWD"
BIN="$ROOT/.build/debug/cachectl"
[ -x "$BIN" ] || swift build --product cachectl
WORK="$(mktemp -d "${TMPDIR:-/tmp}/llmcache-sample.XXXXXX")"
# shellcheck source=scripts/background-cachectl.sh
source scripts/background-cachectl.sh

swift build --package-path Examples/AddCaching --product AddCaching
APP="$(swift build --package-path Examples/AddCaching --product AddCaching --show-bin-path)/AddCaching"

start simulator simulate
mkdir -p "$WORK/app"
cd "$WORK/app"
# No LLMCACHE_PRICING: the price table must come from the resources shipped beside the app.
env -u LLMCACHE_PRICING ANTHROPIC_BASE_URL="http://127.0.0.1:$(cat "$WORK/simulator.port")" "$APP" | tee "$WORK/out.txt"

fail() {
    echo "sample-check: $1" >&2
    exit 1
}
grep -q '^miss none: ' "$WORK/out.txt" || fail "the first question was not a miss answered upstream"
grep -q '^hit exact: ' "$WORK/out.txt" || fail "the repeated question was not an exact hit"
grep -q '^stream: miss none' "$WORK/out.txt" || fail "the stream was not sent upstream"
grep -q '^exact: 1 hits, 2 misses' "$WORK/out.txt" || fail "the stats do not show one exact hit and two misses"
[ -f "$WORK/app/cache.sqlite" ] || fail "no cache.sqlite in the working directory"
echo "sample-check: the sample found its data outside the repository, hit on the repeat and printed the stats"
