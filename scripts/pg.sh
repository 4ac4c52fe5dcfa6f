#!/usr/bin/env bash
# A throwaway PostgreSQL for tests and trials, on loopback only.
#
#   scripts/pg.sh start     installs Debian's postgresql if missing, creates and starts a server with its own data
#                           folder at a free port on 127.0.0.1, creates the role and database `coursebridge`, prints
#                           its URL. Starting a running one only prints its URL again.
#   scripts/pg.sh url       prints the URL of the running one (fails if none).
#   scripts/pg.sh stop      stops the server this script started (its data folder stays; start reuses it).
#   scripts/pg.sh destroy   stops it and deletes its folder.
#
#   COURSEBRIDGE_TEST_POSTGRES=$(scripts/pg.sh start) swift test --filter CourseBridgePostgresTests
#
# Authentication is `trust` on loopback: anyone on this machine can connect as any role, without a password. That is
# acceptable for a throwaway server holding test data only; never point it at real data.
#
# The folder is ${COURSEBRIDGE_PG_DIR:-${TMPDIR:-/tmp}/coursebridge-pg}. The server is not a Debian cluster
# (not made by pg_createcluster, not under /etc/postgresql), so Debian's service machinery neither knows nor starts
# it; and a fresh install of the package is kept from starting Debian's own default cluster.
set -euo pipefail

base="${COURSEBRIDGE_PG_DIR:-${TMPDIR:-/tmp}/coursebridge-pg}"
data="$base/data"
log="$base/server.log"
port_file="$base/port"
role=coursebridge
database=coursebridge

die() { echo "pg.sh: $*" >&2; exit 1; }

# initdb and the server refuse to run as root: as root, they run as the `postgres` user.
as_owner() {
  # From /, which postgres can read (initdb fails in a directory it cannot enter, such as /root).
  if [[ $EUID -eq 0 ]]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

find_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
  [[ -n "$dir" && -x "$dir/pg_ctl" ]] && echo "$dir"
}

install_postgres() {
  [[ $EUID -eq 0 ]] || die "PostgreSQL is not installed and installing needs root: run 'sudo apt-get install -y postgresql', then again."
  echo "pg.sh: installing Debian's postgresql package" >&2
  export DEBIAN_FRONTEND=noninteractive
  # Keep the package's scripts from starting Debian's default cluster: only the server below should run.
  local policy=/usr/sbin/policy-rc.d added_policy=0
  if [[ ! -e $policy ]]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy"; chmod +x "$policy"; added_policy=1
  fi
  local status=0
  { apt-get update -qq && apt-get install -y -qq postgresql >/dev/null; } || status=$?
  ((added_policy)) && rm -f "$policy"
  ((status == 0)) || die "apt-get install postgresql failed (exit $status); see the messages above."
}

is_running() {
  [[ -f "$data/PG_VERSION" ]] && as_owner "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1
}

url() { echo "postgres://$role@127.0.0.1:$(cat "$port_file")/$database"; }

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Free means: no one listens there. SO_REUSEADDR as PostgreSQL itself binds, so the connections of a server just
# stopped, lingering in TIME_WAIT on that port, do not count: without it a restarted server would move to another
# port and every client's URL would go stale.
port_is_free() {
  python3 -c 'import socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1])))' "$1" 2>/dev/null
}

psql_admin() {
  "$bin/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$(cat "$port_file")" -U postgres -d postgres "$@"
}

start() {
  bin=$(find_bin) || true
  if [[ -z "${bin:-}" ]]; then install_postgres; bin=$(find_bin) || die "no /usr/lib/postgresql/*/bin/pg_ctl after installing postgresql"; fi
  if is_running; then url; return; fi

  mkdir -p "$base"
  if [[ ! -f "$data/PG_VERSION" ]]; then
    rm -rf "$data"
    mkdir -p "$data"
    [[ $EUID -eq 0 ]] && chown -R postgres:postgres "$base"
    chmod 700 "$data"
    as_owner "$bin/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$base/initdb.log" 2>&1 \
      || die "initdb failed; see $base/initdb.log"
  fi
  # The last port again if it is still free, so a restarted server keeps its URL.
  if [[ ! -s "$port_file" ]] || ! port_is_free "$(cat "$port_file")"; then free_port >"$port_file"; fi
  local port; port=$(cat "$port_file")
  # Unix socket in the data folder, not /var/run/postgresql (which may not exist and belongs to Debian's clusters).
  if ! as_owner "$bin/pg_ctl" -D "$data" -l "$log" -w -t 30 \
      -o "-p $port -c listen_addresses=127.0.0.1 -k $data" start >/dev/null; then
    tail -20 "$log" >&2 || true
    die "the server did not start (log above, whole log in $log)"
  fi

  psql_admin -tAc "SELECT 1 FROM pg_roles WHERE rolname = '$role'" | grep -q 1 \
    || psql_admin -c "CREATE ROLE $role LOGIN CREATEDB"
  psql_admin -tAc "SELECT 1 FROM pg_database WHERE datname = '$database'" | grep -q 1 \
    || psql_admin -c "CREATE DATABASE $database OWNER $role"
  url
}

stop() {
  bin=$(find_bin) || true
  [[ -n "${bin:-}" ]] || { echo "pg.sh: PostgreSQL is not installed; nothing to stop" >&2; return 0; }
  if is_running; then
    as_owner "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null || die "pg_ctl stop failed; see $log"
    echo "pg.sh: stopped the server in $data" >&2
  else
    echo "pg.sh: no server of this script is running in $data" >&2
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  url)
    bin=$(find_bin) || true
    [[ -n "${bin:-}" ]] && is_running || die "no server is running in $data; start one with: scripts/pg.sh start"
    url ;;
  destroy) stop; rm -rf "$base"; echo "pg.sh: deleted $base" >&2 ;;
  *) echo "usage: scripts/pg.sh start|stop|url|destroy" >&2; exit 2 ;;
esac
