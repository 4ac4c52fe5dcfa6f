#!/usr/bin/env bash
# Installs what CourseBridge needs on a fresh Debian machine (run as root): the system libraries for the
# ncursesw and libcurl shims, SQLite, tmux and python3-pyte for screen tests. Skips what is already there.
set -euo pipefail
packages=(libncurses-dev libsqlite3-dev libcurl4-openssl-dev tmux python3-pyte openssl curl)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
fi
