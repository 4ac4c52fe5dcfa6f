#!/usr/bin/env bash
# The test command of the README: installs system packages if needed, builds, runs every test, then the short
# fault suite (SIGKILLs, provider faults, disk full, fuzz, auth, secrets, injection) against the built binary.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
swift build --build-tests
# Serially: the end-to-end suites start servers and simulators, which starve each other on 2 cores in parallel.
swift test --skip-build --no-parallel
python3 scripts/chaos.py --bin "$(swift build --show-bin-path)/coursebridge" --quick
