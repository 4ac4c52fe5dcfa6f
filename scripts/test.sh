#!/usr/bin/env bash
# The test command of the README: installs system packages if needed, builds, runs every test (the store suite
# twice: on SQLite, then on a throwaway PostgreSQL it starts and stops), then the short fault suite (SIGKILLs,
# provider faults, disk full, fuzz, auth, secrets, injection) against the built binary.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
swift build --build-tests

# A PostgreSQL of this run only (its own folder and port, on 127.0.0.1), stopped and removed on exit.
export COURSEBRIDGE_PG_DIR="$(mktemp -d /tmp/coursebridge-ci-pg.XXXXXX)"
trap 'scripts/pg.sh destroy >/dev/null 2>&1 || true' EXIT
COURSEBRIDGE_TEST_POSTGRES="$(scripts/pg.sh start)"
export COURSEBRIDGE_TEST_POSTGRES

# Serially: the end-to-end suites start servers and simulators, which starve each other on 2 cores in parallel.
swift test --skip-build --no-parallel
# The data-access contract on the second backend: the same store tests, through the same interface.
COURSEBRIDGE_TEST_BACKEND=postgres swift test --skip-build --no-parallel --filter CourseBridgeStoreTests
python3 scripts/chaos.py --bin "$(swift build --show-bin-path)/coursebridge" --quick
