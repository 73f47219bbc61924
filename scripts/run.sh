#!/usr/bin/env bash
# The main job: set up, build, send a few calls through the caches, print `cachectl stats`, then run the
# offline benchmarks on the shipped data: hit rate (demo pairs), the guards (hard pairs) and cost (the cost
# workload).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/setup.sh
swift build --product cachectl
cachectl=".build/debug/cachectl"

db="${LLMCACHE_DB:-.llmcache/demo.sqlite}"
export LLMCACHE_DB="$db"
echo "== cachectl demo (database: $db)"
"$cachectl" demo
echo
echo "== cachectl stats"
"$cachectl" stats
echo
echo "== cachectl bench hitrate (data/demo-pairs.jsonl, all-MiniLM-L6-v2, pairs protocol)"
"$cachectl" bench hitrate
echo
echo "== cachectl bench hitrate --protocol decide (data/hard-pairs.jsonl: what the guards refuse at τ 0.90)"
"$cachectl" bench hitrate --dataset data/hard-pairs.jsonl --protocol decide --policy static,guarded \
    --thresholds 0.9 --examples 0

echo "== cachectl bench cost (data/cost-workload.jsonl against the provider simulator)"
"$cachectl" bench cost
