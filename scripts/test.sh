#!/usr/bin/env bash
# Builds everything once and runs every test suite. What CI runs (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."

# Chromium drives the dashboard's browser test.
scripts/setup.sh chromium
swift build --build-tests
FIELDSYNC_BIN_DIR="$(swift build --show-bin-path)" swift test --skip-build --disable-xctest
