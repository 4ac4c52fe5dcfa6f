#!/usr/bin/env bash
# Statements/s of `coursebridge serve` over 8 keep-alive connections (wrk), durable (synchronous=FULL):
# single-statement POSTs, batches of 100, and the same server's no-op POST as the baseline ratio.
# Usage: scripts/bench-statements.sh [seconds per run, default 10]
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-10}"
WORK="$(mktemp -d /tmp/cb-bench.XXXXXX)"
SERVER_PID=""
cleanup() { [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

command -v wrk >/dev/null || { echo "wrk is required (apt-get install wrk)" >&2; exit 1; }
flock /tmp/cb-swift.lock swift build -c release --product coursebridge >&2
BIN="$(swift build -c release --show-bin-path)/coursebridge"
DB="$WORK/bench.sqlite"

# MARK: - A LinkedIn integration, one learner, one course
"$BIN" --db "$DB" group add Bench >/dev/null
"$BIN" --db "$DB" user add --email admin@bench.example >/dev/null
"$BIN" --db "$DB" user add --email ann@bench.example >/dev/null
"$BIN" --db "$DB" group member add 1 admin@bench.example --role editor >/dev/null
"$BIN" --db "$DB" integration add linkedin --group 1 --author admin@bench.example >/dev/null
CREDS="$("$BIN" --db "$DB" integration webhook 1)"
CLIENT_ID="$(awk '/client id/ {print $3}' <<<"$CREDS")"
CLIENT_SECRET="$(awk '/client secret/ {print $3}' <<<"$CREDS")"
sqlite3 "$DB" "INSERT INTO course(integration_id, provider, provider_id, title, duration_seconds, launch_url, created_at, updated_at)
               VALUES (1, 'linkedin', 'urn:li:lyndaCourse:252', 'Bench', 3600, 'https://example.invalid', 0, 0);"

"$BIN" --db "$DB" serve --port 0 --no-scheduler --bench-endpoints --log "$WORK/serve.log" 2>"$WORK/serve.err" &
SERVER_PID=$!
for _ in $(seq 100); do grep -q 'http://' "$WORK/serve.err" 2>/dev/null && break; sleep 0.1; done
URL="$(grep -o 'http://[0-9.]*:[0-9]*' "$WORK/serve.err" | head -1)"
TOKEN="$(curl -s -d "grant_type=client_credentials&client_id=$CLIENT_ID&client_secret=$CLIENT_SECRET" \
         "$URL/api/linkedinlearning/oauth2/token" | sed -E 's/.*"access_token":"([^"]+)".*/\1/')"

# MARK: - wrk scripts: every request carries new statement ids (a repeat would be a cheap duplicate)
cat >"$WORK/stmt.lua" <<LUA
local batch = tonumber(os.getenv("BATCH") or "1")
local counter = 0
local threads_started = 0
function setup(thread)
  threads_started = threads_started + 1
  thread:set("tag", tostring(threads_started) .. "-" .. tostring(os.time()))
end
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $TOKEN"
wrk.headers["X-Experience-API-Version"] = "1.0.3"
local function one()
  counter = counter + 1
  return string.format('{"id":"bench-%s-%d","actor":{"mbox":"mailto:ann@bench.example"},"verb":{"id":"http://adlnet.gov/expapi/verbs/progressed"},"object":{"id":"urn:lyndaCourse:252"},"result":{"extensions":{"https://w3id.org/xapi/cmi5/result/extensions/progress":%d}}}', tag, counter, counter % 100)
end
request = function()
  local body
  if batch == 1 then body = one() else
    local parts = {}
    for i = 1, batch do parts[i] = one() end
    body = "[" .. table.concat(parts, ",") .. "]"
  end
  return wrk.format(nil, nil, nil, body)
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT %d %d %.0f %.0f\n", summary.requests, summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
                         latency:percentile(50), latency:percentile(99)))
end
LUA
cat >"$WORK/noop.lua" <<'LUA'
wrk.method = "POST"
wrk.body = '{"ok":true}'
wrk.headers["Content-Type"] = "application/json"
done = function(summary, latency, requests)
  io.write(string.format("RESULT %d %d %.0f %.0f\n", summary.requests, summary.errors.status, latency:percentile(50), latency:percentile(99)))
end
LUA

# MARK: - Runs
run() { # name path script batch
  local out; out="$(BATCH="$4" wrk -t2 -c8 -d"${DURATION}s" -s "$3" "$URL$2")"
  read -r _ requests errors p50 p99 <<<"$(grep RESULT <<<"$out")"
  local per_s; per_s="$(awk -v r="$requests" -v b="$4" -v d="$DURATION" 'BEGIN { printf "%.0f", r * b / d }')"
  printf "%-22s %10s/s  p50 %6.2f ms  p99 %6.2f ms  errors %s\n" "$1" "$per_s" "$(awk -v x="$p50" 'BEGIN{print x/1000}')" "$(awk -v x="$p99" 'BEGIN{print x/1000}')" "$errors"
  echo "$per_s" >"$WORK/$1.rate"
}
echo "8 connections, ${DURATION}s each, release build, synchronous=FULL"
run noop /bench/noop "$WORK/noop.lua" 1
run single /api/linkedinlearning/stats "$WORK/stmt.lua" 1
run batch100 /api/linkedinlearning/stats "$WORK/stmt.lua" 100
NOOP="$(cat "$WORK/noop.rate")"
for name in single batch100; do
  awk -v n="$name" -v r="$(cat "$WORK/$name.rate")" -v b="$NOOP" 'BEGIN { printf "%-9s statements/s = %.2f x no-op requests/s\n", n, r / b }'
done
echo "stored: $(sqlite3 "$DB" 'SELECT COUNT(*) FROM statement') statements, outcomes: $(sqlite3 "$DB" "SELECT group_concat(outcome || '=' || n) FROM (SELECT outcome, COUNT(*) n FROM statement GROUP BY outcome)")"
