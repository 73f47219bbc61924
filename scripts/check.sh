#!/usr/bin/env bash
# The habits that keep the code as it is meant to be: formatting, documentation whose symbol links resolve,
# and benchmarks that still compile. Run by CI after the test suite; each step fails the run on a finding.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

step() { printf '[check] %s\n' "$*"; }

step "swift format lint (the repository's .swift-format)"
swift format lint --strict --configuration .swift-format -r Sources Tests Benchmarks Package.swift \
    Examples/AddCaching/Package.swift Examples/AddCaching/Sources

# Every library target with a DocC catalog or public API; a link that does not resolve is an error.
targets=(LLMCore CacheStorage SQLiteStore PostgresStore Embeddings CostControl SemanticCache SemanticEvaluation
    PromptCaching LLMCache LLMCacheTesting WireFormats Providers ServerHosting LLMCacheServer)
for target in "${targets[@]}"; do
    step "documentation: $target"
    swift package generate-documentation --target "$target" --warnings-as-errors >/tmp/llmcache-docc.$$.log 2>&1 || {
        grep -E '^(error|warning)|-->' /tmp/llmcache-docc.$$.log | head -40
        rm -f /tmp/llmcache-docc.$$.log
        exit 1
    }
done
rm -f /tmp/llmcache-docc.$$.log

step "benchmarks compile (Benchmarks/)"
(cd Benchmarks && swift build)
step "done"
