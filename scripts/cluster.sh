#!/usr/bin/env bash
# A real CourseBridge cluster to try, on loopback: one PostgreSQL (Debian's package, its own data folder), two
# `coursebridge serve` instances on it, and nginx in front of them balancing the statement and token endpoints.
#
#   scripts/cluster.sh start [--bin PATH] [--from OLD.sqlite]
#                                           installs postgresql and nginx if missing, starts everything, prints the
#                                           one public URL and the COURSEBRIDGE_DB value for the CLI; with --from, first
#                                           copies that SQLite database in (coursebridge migrate) and takes its key
#   scripts/cluster.sh status               what runs, with each instance's health
#   scripts/cluster.sh stop                 stops exactly what start started (the database's data stays)
#   scripts/cluster.sh destroy              stops it and deletes its folder (database and key included)
#
# State lives in ${COURSEBRIDGE_CLUSTER_DIR:-/tmp/coursebridge-cluster}: the PostgreSQL folder, the shared key file
# (every instance must seal and open secrets with the same key: COURSEBRIDGE_KEY_FILE points them all at it),
# nginx's configuration and each process's log and pid. `start --from OLD.sqlite` moves a SQLite database in; by
# hand it is `coursebridge --db OLD.sqlite migrate --to "$(scripts/cluster.sh db)"` and copying OLD.sqlite.key to
# the shared key file before the instances start.
set -euo pipefail
cd "$(dirname "$0")/.."

base="${COURSEBRIDGE_CLUSTER_DIR:-/tmp/coursebridge-cluster}"
export COURSEBRIDGE_PG_DIR="$base/pg"
export COURSEBRIDGE_KEY_FILE="$base/coursebridge.key"
public_port="${COURSEBRIDGE_CLUSTER_PORT:-8088}"
instance_ports=(8091 8092)
bin=""
from=""

die() { echo "cluster.sh: $*" >&2; exit 1; }

install_if_missing() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  ((${#missing[@]})) || return 0
  echo "cluster.sh: installing ${missing[*]}" >&2
  # Keep Debian from starting the packages' own services: this script runs its own, on its own ports.
  local policy=/usr/sbin/policy-rc.d added=0
  if [[ ! -e $policy ]]; then printf '#!/bin/sh\nexit 101\n' > "$policy"; chmod 755 "$policy"; added=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  ((added)) && rm -f "$policy"
  return 0
}

find_bin() {
  [[ -n "$bin" ]] && { [[ -x "$bin" ]] || die "no executable at $bin"; echo "$bin"; return; }
  local built=.build/release/coursebridge
  [[ -x $built ]] || built=.build/debug/coursebridge
  [[ -x $built ]] || { echo "cluster.sh: building coursebridge (release)" >&2; swift build -c release >&2; built=.build/release/coursebridge; }
  echo "$built"
}

alive() { [[ -f $1 ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

wait_healthy() {
  local port=$1
  for _ in $(seq 1 100); do
    curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  die "the instance on port $port did not become healthy; see $base/serve-$port.log"
}

write_nginx_conf() {
  mkdir -p "$base/nginx"
  local servers=""
  # One failed attempt (refused, reset, 502/503) takes an instance out of rotation for 2 s; the request itself is
  # sent on to the other (proxy_next_upstream below), so a client sees no error while one instance is down. Only
  # when both failed within those 2 s (PostgreSQL down: both answer 503) does nginx answer 502 itself for a moment.
  for p in "${instance_ports[@]}"; do servers+="        server 127.0.0.1:$p max_fails=1 fail_timeout=2s;"$'\n'; done
  cat > "$base/nginx/nginx.conf" <<CONF
# Written by scripts/cluster.sh: nginx in front of the CourseBridge instances, loopback only.
worker_processes 1;
pid $base/nginx/nginx.pid;
error_log $base/nginx/error.log warn;
events { worker_connections 1024; }
http {
    access_log $base/nginx/access.log;
    client_body_temp_path $base/nginx/body;
    proxy_temp_path $base/nginx/proxy;
    fastcgi_temp_path $base/nginx/fastcgi;
    uwsgi_temp_path $base/nginx/uwsgi;
    scgi_temp_path $base/nginx/scgi;
    client_max_body_size 16m;
    upstream coursebridge {
$servers        keepalive 16;
    }
    server {
        listen 127.0.0.1:$public_port;
        location / {
            proxy_pass http://coursebridge;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host \$host;
            # Each instance reads the client's address from here (serve --trusted-proxy 127.0.0.1).
            proxy_set_header X-Forwarded-For \$remote_addr;
            # When an instance is down, refuses, or answers 502/503, nginx sends the request on to the other one, POSTs
            # included (non_idempotent). Safe because a statement with an id is idempotent by design: an id already
            # stored is answered 2xx again without a second row (same id, other content: 409), so a batch that reached
            # an instance which died before answering is stored once however often it is sent. (A statement sent
            # without an id gets a new one on each attempt, as it would if the client resent it: providers send ids.)
            # A token request resent just issues another token. One retry at most (two upstreams), within 30 s.
            proxy_next_upstream error timeout http_502 http_503 non_idempotent;
            proxy_next_upstream_tries 2;
            proxy_next_upstream_timeout 30s;
            proxy_connect_timeout 2s;
        }
    }
}
CONF
}

# Copies a SQLite database into the cluster's empty PostgreSQL, once. Its secrets stay sealed with its key, so the
# key file comes along (copied, mode kept, never printed); a cluster that already has another key is refused, since
# its instances could not open the migrated secrets.
migrate_from() {
  local exe=$1 url=$2 old_key="$from.key"
  [[ -f $from ]] || die "no SQLite database at $from"
  if [[ -f $base/migrated-from ]]; then
    echo "cluster.sh: $(cat "$base/migrated-from") was migrated already; starting on it" >&2
    return 0
  fi
  if [[ -f $old_key ]]; then
    if [[ -f $COURSEBRIDGE_KEY_FILE ]] && ! cmp -s "$old_key" "$COURSEBRIDGE_KEY_FILE"; then
      die "the cluster already has another key ($COURSEBRIDGE_KEY_FILE); run scripts/cluster.sh destroy first to start from $from"
    fi
    cp -p "$old_key" "$COURSEBRIDGE_KEY_FILE"
  elif [[ -z ${COURSEBRIDGE_SECRET_KEY:-} ]]; then
    die "no key file $old_key beside $from: set COURSEBRIDGE_SECRET_KEY to the key its secrets are sealed with"
  fi
  "$exe" --db "$from" migrate --to "$url" >&2
  realpath "$from" > "$base/migrated-from"
}

start() {
  install_if_missing postgresql nginx curl
  mkdir -p "$base"
  local url exe
  url=$(scripts/pg.sh start)
  echo "$url" > "$base/db-url"
  exe=$(find_bin)
  [[ -n $from ]] && migrate_from "$exe" "$url"
  # The key every instance shares; made once, 0600, by the first open (PostgresStore), never printed.
  for p in "${instance_ports[@]}"; do
    if alive "$base/serve-$p.pid"; then continue; fi
    COURSEBRIDGE_DB="$url" nohup "$exe" serve --host 127.0.0.1 --port "$p" --trusted-proxy 127.0.0.1 \
      --log "$base/serve-$p.log" > "$base/serve-$p.out" 2>&1 &
    echo $! > "$base/serve-$p.pid"
    wait_healthy "$p"
  done
  write_nginx_conf
  if ! alive "$base/nginx/nginx.pid"; then
    nginx -c "$base/nginx/nginx.conf" -e "$base/nginx/error.log" 2>/dev/null || nginx -c "$base/nginx/nginx.conf"
  fi
  for _ in $(seq 1 50); do curl -fsS "http://127.0.0.1:$public_port/health" >/dev/null 2>&1 && break; sleep 0.1; done
  echo "cluster.sh: PostgreSQL $url, instances on ${instance_ports[*]}, nginx on $public_port" >&2
  echo "cluster.sh: for the CLI: export COURSEBRIDGE_DB=$url COURSEBRIDGE_KEY_FILE=$COURSEBRIDGE_KEY_FILE" >&2
  echo "http://127.0.0.1:$public_port"
}

stop() {
  if alive "$base/nginx/nginx.pid"; then nginx -c "$base/nginx/nginx.conf" -s quit 2>/dev/null || kill "$(cat "$base/nginx/nginx.pid")"; fi
  for p in "${instance_ports[@]}"; do
    if alive "$base/serve-$p.pid"; then kill -TERM "$(cat "$base/serve-$p.pid")"; fi
    rm -f "$base/serve-$p.pid"
  done
  [[ -d $COURSEBRIDGE_PG_DIR ]] && scripts/pg.sh stop || true
  echo "cluster.sh: stopped" >&2
}

status() {
  [[ -f $base/db-url ]] && echo "database: $(cat "$base/db-url")"
  for p in "${instance_ports[@]}"; do
    if alive "$base/serve-$p.pid"; then
      echo "instance :$p pid $(cat "$base/serve-$p.pid") $(curl -fsS "http://127.0.0.1:$p/health" 2>/dev/null || echo unhealthy)"
    else
      echo "instance :$p stopped"
    fi
  done
  alive "$base/nginx/nginx.pid" && echo "nginx :$public_port pid $(cat "$base/nginx/nginx.pid")" || echo "nginx stopped"
}

cmd="${1:-}"; shift || true
while (($#)); do
  case "$1" in
    --bin) bin="$2"; shift 2 ;;
    --from) from="$2"; shift 2 ;;
    *) die "unknown option $1" ;;
  esac
done
case "$cmd" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  db) [[ -f $base/db-url ]] && cat "$base/db-url" || scripts/pg.sh start ;;
  destroy) stop; scripts/pg.sh destroy || true; rm -rf "$base"; echo "cluster.sh: deleted $base" >&2 ;;
  *) echo "usage: scripts/cluster.sh start [--bin PATH] [--from OLD.sqlite]|status|stop|destroy|db" >&2; exit 2 ;;
esac
