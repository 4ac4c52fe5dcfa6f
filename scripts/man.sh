#!/bin/sh
# Regenerates docs/coursebridge.1 from the commands' own help (swift-argument-parser's generate-manual plugin).
# Run after changing a command, its options or their help. Read it with: man -l docs/coursebridge.1
set -eu
cd "$(dirname "$0")/.."
swift package plugin generate-manual --configuration debug
mkdir -p docs
cp .build/plugins/GenerateManual/outputs/coursebridge/coursebridge.1 docs/coursebridge.1
echo "docs/coursebridge.1 updated"
