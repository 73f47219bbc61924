#!/usr/bin/env bash
# The whole test suite: set up, build, run every test.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/setup.sh
swift build --build-tests
swift test --skip-build "$@"

# The provider simulator checked against the official Python SDKs.
bash scripts/sdk-check.sh
