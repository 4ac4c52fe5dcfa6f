#!/usr/bin/env bash
# Statements/s of `coursebridge serve` (release build, synchronous=FULL) driven by wrk over 8 keep-alive connections,
# under a realistic load: 1,000 learners, 20 LinkedIn and 20 Skillsoft courses, the providers' real statement shapes
# (actor, verb display, object definition, result with duration and progress, context, timestamp), ~70 % progress and
# ~30 % completion, a new id on every statement. Then the old one-learner-one-course load as a second line, and the
# same server's no-op POST as the baseline ratio. After the runs the server gets SIGTERM and the statements it stored
# are counted against the 2xx answers wrk saw: every 2xx must be durable.
# Usage: scripts/bench-statements.sh [seconds per run, default 10]   (CB_BIN=path: use that binary, no build)
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-10}"
LEARNERS=1000
COURSES=20
WORK="$(mktemp -d /tmp/cb-bench.XXXXXX)"
SERVER_PID=""
cleanup() { [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

command -v wrk >/dev/null || { echo "wrk is required (apt-get install wrk)" >&2; exit 1; }
command -v sqlite3 >/dev/null || { echo "sqlite3 is required (apt-get install sqlite3)" >&2; exit 1; }
# CB_BIN: an already built release binary (skips the build).
if [ -n "${CB_BIN:-}" ]; then BIN="$CB_BIN"; else
  flock /tmp/swiftbuild.lock swift build -c release --product coursebridge >&2
  BIN="$(swift build -c release --show-bin-path)/coursebridge"
fi
DB="$WORK/bench.sqlite"
cb() { "$BIN" --db "$DB" "$@"; }

# MARK: - The platform: a group, 1,000 learners in it, a LinkedIn and a Skillsoft integration with 20 courses each
cb group add Bench >/dev/null
cb user add --email admin@bench.example >/dev/null
cb group member add 1 admin@bench.example --role editor >/dev/null
{ echo "email,username,external_id,name"
  for i in $(seq 0 $((LEARNERS - 1))); do echo "learner$i@bench.example,learner$i,EMP-$((1000 + i)),Learner $i"; done
} >"$WORK/people.csv"
cb user import "$WORK/people.csv" >/dev/null
sqlite3 "$DB" "INSERT OR IGNORE INTO membership(group_id, user_id, role) SELECT 1, id, 'learner' FROM user WHERE email LIKE 'learner%';"
cb integration add linkedin --group 1 --author admin@bench.example >/dev/null
cb integration add skillsoft --group 1 --author admin@bench.example >/dev/null
creds() { # integration → "client_id client_secret"
  local out; out="$(cb integration webhook "$1")"
  echo "$(awk '/client id/ {print $3}' <<<"$out") $(awk '/client secret/ {print $3}' <<<"$out")"
}
read -r LI_ID LI_SECRET <<<"$(creds 1)"
read -r SS_ID SS_SECRET <<<"$(creds 2)"
{
  echo "BEGIN;"
  for c in $(seq 0 $((COURSES - 1))); do
    echo "INSERT INTO course(integration_id, provider, provider_id, title, duration_seconds, launch_url, created_at, updated_at)
          VALUES (1, 'linkedin', 'urn:li:lyndaCourse:$((252000 + c))', 'LinkedIn course $c', 3600, 'https://www.linkedin.com/learning/c$c', 0, 0);"
    echo "INSERT INTO course(integration_id, provider, provider_id, title, duration_seconds, launch_url, created_at, updated_at)
          VALUES (2, 'skillsoft', '$(printf '5a1e0000-0000-4000-8000-%012d' "$c")', 'Percipio course $c', 2700, 'https://bench.percipio.com/courses/$c', 0, 0);"
  done
  echo "INSERT INTO course(integration_id, provider, provider_id, title, duration_seconds, launch_url, created_at, updated_at)
        VALUES (1, 'linkedin', 'urn:li:lyndaCourse:252', 'One course', 3600, 'https://www.linkedin.com/learning/one', 0, 0);"
  echo "COMMIT;"
} | sqlite3 "$DB"

# --bench-endpoints (hidden): the no-op POST baseline. "$BIN" directly, not the cb function: `cb … &` would fork a
# subshell, and SIGTERM to it would leave the server running (statements counted before it stopped, and a stray server).
"$BIN" --db "$DB" serve --port 0 --no-scheduler --bench-endpoints --log "$WORK/serve.log" 2>"$WORK/serve.err" &
SERVER_PID=$!
for _ in $(seq 100); do grep -q 'http://' "$WORK/serve.err" 2>/dev/null && break; sleep 0.1; done
URL="$(grep -o 'http://[0-9.]*:[0-9]*' "$WORK/serve.err" | head -1)"
token() { # segment client_id secret
  curl -s -d "grant_type=client_credentials&client_id=$2&client_secret=$3" "$URL/api/$1/oauth2/token" \
    | sed -E 's/.*"access_token":"([^"]+)".*/\1/'
}
LI_TOKEN="$(token linkedinlearning "$LI_ID" "$LI_SECRET")"
SS_TOKEN="$(token skillsoft "$SS_ID" "$SS_SECRET")"

# MARK: - wrk scripts: every request carries new statement ids (a repeat would be a cheap duplicate)
cat >"$WORK/stmt.lua" <<'LUA'
local batch = tonumber(os.getenv("BATCH") or "1")
local shape = os.getenv("SHAPE") or "linkedin"
local learners = tonumber(os.getenv("LEARNERS") or "1000")
local courses = tonumber(os.getenv("COURSES") or "20")
local counter, tag = 0, "0"
local seq = 0
function setup(thread)
  seq = seq + 1
  thread:set("tag", string.format("%04x%04x", seq, os.time() % 65536))
end
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
wrk.headers["X-Experience-API-Version"] = "1.0.3"

local function uuid()
  counter = counter + 1
  return string.format("%s-%04x-4%03x-8%03x-%012x", tag, math.random(0, 65535), math.random(0, 4095), math.random(0, 4095), counter)
end
local function timestamp()
  return os.date("!%Y-%m-%dT%H:%M:%S", os.time() - math.random(0, 86400)) .. string.format(".%03dZ", math.random(0, 999))
end
local function duration()
  return string.format("PT%dM%dS", math.random(1, 59), math.random(0, 59))
end

local function linkedin(learner, course, completed)
  local progress = completed and 100 or math.random(1, 99)
  local verb = completed and '{"id":"http://adlnet.gov/expapi/verbs/completed","display":{"en-US":"COMPLETED"}}'
                          or '{"id":"http://adlnet.gov/expapi/verbs/progressed","display":{"en-US":"PROGRESSED"}}'
  return string.format('{"id":"%s","actor":{"objectType":"Agent","name":"Learner %d","mbox":"mailto:learner%d@bench.example"},'
    .. '"verb":%s,"object":{"objectType":"Activity","id":"urn:lyndaCourse:%d","definition":{"name":{"en-US":"LinkedIn course %d"},'
    .. '"type":"http://adlnet.gov/expapi/activities/course"}},"result":{"completion":%s,"duration":"%s",'
    .. '"extensions":{"https://w3id.org/xapi/cmi5/result/extensions/progress":%d}},'
    .. '"context":{"platform":"LinkedIn Learning","language":"en-US","contextActivities":{"category":[{"objectType":"Activity",'
    .. '"id":"https://www.linkedin.com/learning"}]}},"timestamp":"%s","version":"1.0.0"}',
    uuid(), learner, learner, verb, 252000 + course, course, completed and "true" or "false", duration(), progress, timestamp())
end

local function skillsoft(learner, course, completed)
  local verb = completed and '{"id":"http://adlnet.gov/expapi/verbs/completed","display":{"en-US":"completed"}}'
                          or '{"id":"https://xapi.percipio.com/xapi/verbs/arrived","display":{"en-US":"arrived"}}'
  local result = completed and string.format('"result":{"completion":true,"success":true,"duration":"%s","score":{"scaled":0.%d}},',
                                             duration(), math.random(50, 99)) or ""
  return string.format('{"id":"%s","actor":{"objectType":"Agent","name":"Learner %d","mbox":"mailto:learner%d@bench.example"},'
    .. '"verb":%s,"object":{"objectType":"Activity","id":"https://xapi.percipio.com/xapi/course/5a1e0000-0000-4000-8000-%012d",'
    .. '"definition":{"name":{"en-US":"Percipio course %d"},"type":"http://adlnet.gov/expapi/activities/course"}},%s'
    .. '"context":{"platform":"Percipio","language":"en-US","registration":"%s"},"timestamp":"%s","version":"1.0.0"}',
    uuid(), learner, learner, verb, course, course, result, uuid(), timestamp())
end

local function one()
  local learner, course = math.random(0, learners - 1), math.random(0, courses - 1)
  local completed = math.random() < 0.3
  if shape == "skillsoft" then return skillsoft(learner, course, completed) end
  if shape == "one-learner" then
    counter = counter + 1
    return string.format('{"id":"bench-%s-%d","actor":{"mbox":"mailto:learner0@bench.example"},"verb":{"id":"http://adlnet.gov/expapi/verbs/progressed"},"object":{"id":"urn:lyndaCourse:252"},"result":{"extensions":{"https://w3id.org/xapi/cmi5/result/extensions/progress":%d}}}', tag, counter, counter % 100)
  end
  return linkedin(learner, course, completed)
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
local ok = 0
response = function(status, headers, body)
  if status >= 200 and status < 300 then ok = ok + 1 end
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
ACCEPTED=0
run() { # name path script batch shape token
  local out; out="$(BATCH="$4" SHAPE="$5" TOKEN="$6" LEARNERS="$LEARNERS" COURSES="$COURSES" wrk -t2 -c8 -d"${DURATION}s" -s "$3" "$URL$2")"
  read -r _ requests errors p50 p99 <<<"$(grep RESULT <<<"$out")"
  local per_s; per_s="$(awk -v r="$requests" -v e="$errors" -v b="$4" -v d="$DURATION" 'BEGIN { printf "%.0f", (r - e) * b / d }')"
  printf "%-28s %10s/s  p50 %6.2f ms  p99 %6.2f ms  errors %s\n" "$1" "$per_s" "$(awk -v x="$p50" 'BEGIN{print x/1000}')" "$(awk -v x="$p99" 'BEGIN{print x/1000}')" "$errors"
  echo "$per_s" >"$WORK/$1.rate"
  [ "$2" = /bench/noop ] || ACCEPTED=$((ACCEPTED + (requests - errors) * $4))
}
echo "8 connections, ${DURATION}s each, release build, synchronous=FULL; $LEARNERS learners, $COURSES courses per provider"
run noop /bench/noop "$WORK/noop.lua" 1 - -
run linkedin-single /api/linkedinlearning/stats "$WORK/stmt.lua" 1 linkedin "$LI_TOKEN"
run linkedin-batch100 /api/linkedinlearning/stats "$WORK/stmt.lua" 100 linkedin "$LI_TOKEN"
run skillsoft-single /api/skillsoft/statements "$WORK/stmt.lua" 1 skillsoft "$SS_TOKEN"
run skillsoft-batch100 /api/skillsoft/statements "$WORK/stmt.lua" 100 skillsoft "$SS_TOKEN"
run one-learner-single /api/linkedinlearning/stats "$WORK/stmt.lua" 1 one-learner "$LI_TOKEN"
NOOP="$(cat "$WORK/noop.rate")"
for name in linkedin-single linkedin-batch100 skillsoft-single skillsoft-batch100 one-learner-single; do
  awk -v n="$name" -v r="$(cat "$WORK/$name.rate")" -v b="$NOOP" 'BEGIN { printf "%-19s statements/s = %.2f x no-op requests/s\n", n, r / b }'
done
kill -TERM "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""
STORED="$(sqlite3 "$DB" 'SELECT COUNT(*) FROM statement')"
echo "after SIGTERM: $STORED statements stored for $ACCEPTED answered 2xx ($( [ "$STORED" -ge "$ACCEPTED" ] && echo 'every 2xx durable' || echo 'LOST STATEMENTS')); outcomes: $(sqlite3 "$DB" "SELECT group_concat(outcome || '=' || n) FROM (SELECT outcome, COUNT(*) n FROM statement GROUP BY outcome)")"
echo "attempts: $(sqlite3 "$DB" 'SELECT COUNT(*) FROM attempt') for $(sqlite3 "$DB" 'SELECT COUNT(DISTINCT user_id) FROM attempt') learners"
