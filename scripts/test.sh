#!/usr/bin/env bash
# The whole test suite: set up, build, run every test.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/setup.sh
swift build --build-tests

# A throw-away PostgreSQL cluster on loopback for the shared-store tests, removed on exit.
eval "$(bash scripts/pg-cluster.sh start)"
trap 'bash scripts/pg-cluster.sh stop "$LLMCACHE_TEST_POSTGRES_DIR"' EXIT
# The transport tests time real HTTP faults on loopback; they run on their own so that the CPU-heavy
# model tests cannot stretch their timings. Then everything else.
swift test --skip-build --filter ProvidersTests "$@"
swift test --skip-build --skip ProvidersTests "$@"

# The provider simulator checked against the official Python SDKs.
bash scripts/sdk-check.sh

# The sample app, a package of its own that depends on LLMCache by path, built and run from a folder
# outside the repository against the simulator.
bash scripts/sample-check.sh
