#!/usr/bin/env bash
# The main job of the README: installs system packages if needed, builds, and opens CourseBridge on demo data.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
swift build -c release --product coursebridge
mkdir -p demo
exec .build/release/coursebridge --db demo/coursebridge.sqlite demo "$@"
