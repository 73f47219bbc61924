#!/usr/bin/env bash
# The main job: set up, build, send a few calls through the cache and print `cachectl stats`.
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
