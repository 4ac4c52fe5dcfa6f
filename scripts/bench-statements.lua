-- wrk script for scripts/bench-statements.sh: xAPI statements in the shapes LinkedIn Learning and Percipio push
-- (Sources/ProviderSimulator/Push/StatementRendering.swift, Tests/Fixtures/linkedin/xapi-statement-completed.json),
-- on the learners and synced courses of the benchmark's database, every statement with a new id.
-- Environment: SHAPE (linkedin | skillsoft | one-learner | noop), BATCH (statements per request; 1 sends a single
-- object), RUN (run number, keeps ids unique across runs), PROCESS (0–3: which of several wrk processes sending at
-- once, so that they neither share ids nor random sequences), LEARNERS, COURSES_FILE (one course a line: object id,
-- title as a JSON string, duration in seconds, activity type; tab-separated), TOKEN_FILE (the bearer token).
-- done() prints one line: RESULT requests ok_requests ok_statements duration_us p50_us p99_us socket_errors codes
-- where codes is "status:count,..." for the answers outside 2xx ("-" when none).

local shape = os.getenv("SHAPE") or "linkedin"
local batch = tonumber(os.getenv("BATCH") or "1")
local run = tonumber(os.getenv("RUN") or "0")
local process = tonumber(os.getenv("PROCESS") or "0") % 4
local learners = tonumber(os.getenv("LEARNERS") or "2500")

local function first_line(path)
  local f = assert(io.open(path, "r"), "cannot read " .. tostring(path))
  local line = f:read("*l")
  f:close()
  return line
end

local courses = {}
if (os.getenv("COURSES_FILE") or "") ~= "" then
  for line in io.lines(os.getenv("COURSES_FILE")) do
    local id, title, seconds, kind = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t([^\t]*)$")
    if id then courses[#courses + 1] = { id = id, title = title, seconds = tonumber(seconds) or 1800, kind = kind } end
  end
end

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
if shape == "skillsoft" then wrk.headers["X-Experience-API-Version"] = "1.0.3"
else wrk.headers["X-Experience-API-Version"] = "1.0.0" end
if (os.getenv("TOKEN_FILE") or "") ~= "" then wrk.headers["Authorization"] = "Bearer " .. first_line(os.getenv("TOKEN_FILE")) end

-- MARK: - Threads: each gets its number (setup runs in the main state, before the thread's init)
local threads = {}
local started = 0
function setup(thread)
  started = started + 1
  thread:set("thread_no", started)
  threads[#threads + 1] = thread
end

local prefix, counter = "00000000", 0
ok_requests, codes = 0, {}
function init(args)
  math.randomseed(os.time() * 1000 + run * 64 + process * 16 + thread_no)
  -- Unique within the benchmark: run, process and thread (up to 8 per process) in the first 12 bits, the start time
  -- after them, a counter at the end.
  prefix = string.format("%03x%05x", (run * 32 + process * 8 + thread_no) % 0x1000, os.time() % 0x100000)
end

-- MARK: - Parts of a statement

local random, format = math.random, string.format
local function uuid()
  counter = counter + 1
  return format("%s-%04x-4%03x-%04x-%012x", prefix, random(0, 0xffff), random(0, 0xfff), 0x8000 + random(0, 0x3fff), counter)
end

-- LinkedIn's ids are not always UUIDs (providers.md §1): half the time `li-xapi-` and 24 hex digits, as the simulator.
local function linkedin_id()
  if random() < 0.5 then return uuid() end
  counter = counter + 1
  return format("li-xapi-%s%016x", prefix, counter)
end

-- Pushed a little after the learner acted: up to two minutes ago, with milliseconds.
local function timestamp(suffix)
  local t = os.time() - random(0, 120)
  return os.date("!%Y-%m-%dT%H:%M:%S", t) .. format(".%03d", random(0, 999)) .. suffix
end

local function duration(seconds)
  local h, m, s = math.floor(seconds / 3600), math.floor(seconds % 3600 / 60), seconds % 60
  local text = "PT"
  if h > 0 then text = text .. h .. "H" end
  if m > 0 then text = text .. m .. "M" end
  if s > 0 or text == "PT" then text = text .. s .. "S" end
  return text
end

-- A learner works on a few courses at a time: three per learner, drawn once from the catalog.
local function learner_and_course()
  local learner = random(0, learners - 1)
  local slot = random(0, 2)
  local index = (learner * 7919 + slot * 104729) % #courses + 1
  return learner, courses[index]
end

-- MARK: - LinkedIn Learning: progressed (~70 %) and completed (~30 %), progress sometimes as a string

local function linkedin()
  local learner, course = learner_and_course()
  local completed = random() < 0.3
  local progress = completed and 100 or 10 * random(1, 9)
  local progress_text = random() < 0.3 and ('"' .. progress .. '"') or tostring(progress)
  local verb = completed and "completed" or "progressed"
  local spent = math.max(1, math.floor(course.seconds * (completed and 1 or random(10, 30) / 100)))
  return format('{"id":"%s","actor":{"objectType":"Agent","mbox":"mailto:learner%d@example.com"},'
    .. '"verb":{"id":"http://adlnet.gov/expapi/verbs/%s","display":{"en-US":"%s"}},'
    .. '"object":{"objectType":"Activity","id":"%s","definition":{"type":"http://adlnet.gov/expapi/activities/course","name":{"en-US":%s}}},'
    .. '"result":{"completion":%s,"duration":"%s","extensions":{"https://w3id.org/xapi/cmi5/result/extensions/progress":%s}},'
    .. '"timestamp":"%s"}',
    linkedin_id(), learner, verb, verb:upper(), course.id, course.title,
    completed and "true" or "false", duration(spent), progress_text, timestamp("+0000"))
end

-- MARK: - Percipio: arrived / initialized / experienced (~70 %), completed or passed with a score (~30 %)

local function skillsoft()
  local learner, course = learner_and_course()
  local assessed = course.id:find("/xapi/assessment/", 1, true) ~= nil
  local verb_id, verb, result
  local r = random()
  if r < 0.3 then
    verb = assessed and "passed" or "completed"
    local score = random(55, 100)
    local scored = assessed or random() < 0.3
    result = format('"result":{%s%s"completion":true,"duration":"%s"},',
      scored and format('"score":{"scaled":%.2f,"raw":%d,"min":0,"max":100},', score / 100, score) or "",
      assessed and '"success":true,' or "", duration(random(60, 1500)))
  elseif r < 0.5 then
    verb, result = "experienced", format('"result":{"duration":"%s"},', duration(random(60, 600)))
  elseif r < 0.6 then
    verb, result = "initialized", ""
  else
    verb, result = "arrived", ""
  end
  verb_id = verb == "arrived" and "https://xapi.percipio.com/xapi/verbs/arrived" or ("http://adlnet.gov/expapi/verbs/" .. verb)
  return format('{"id":"%s","actor":{"objectType":"Agent","account":{"homePage":"https://acme.percipio.com","name":"learner%d"}},'
    .. '"verb":{"id":"%s","display":{"en-US":"%s"}},'
    .. '"object":{"objectType":"Activity","id":"%s","definition":{"type":"%s","name":{"en-US":%s}}},'
    .. '%s"timestamp":"%s"}',
    uuid(), learner, verb_id, verb, course.id, course.kind, course.title, result, timestamp("Z"))
end

-- MARK: - The old load: one learner, one course, ~250 bytes

local function one_learner()
  counter = counter + 1
  return format('{"id":"bench-%s-%d","actor":{"mbox":"mailto:learner0@example.com"},"verb":{"id":"http://adlnet.gov/expapi/verbs/progressed"},'
    .. '"object":{"id":"%s"},"result":{"extensions":{"https://w3id.org/xapi/cmi5/result/extensions/progress":%d}}}',
    prefix, counter, courses[1].id, counter % 100)
end

local make = ({ linkedin = linkedin, skillsoft = skillsoft, ["one-learner"] = one_learner, noop = linkedin })[shape]
assert(make, "SHAPE must be linkedin, skillsoft, one-learner or noop")

request = function()
  local body
  if batch == 1 then body = make() else
    local parts = {}
    for i = 1, batch do parts[i] = make() end
    body = "[" .. table.concat(parts, ",") .. "]"
  end
  return wrk.format(nil, nil, nil, body)
end

response = function(status, headers, body)
  if status >= 200 and status < 300 then ok_requests = ok_requests + 1
  else codes[status] = (codes[status] or 0) + 1 end
end

done = function(summary, latency, requests)
  local ok, merged = 0, {}
  for _, thread in ipairs(threads) do
    ok = ok + thread:get("ok_requests")
    for status, n in pairs(thread:get("codes")) do merged[status] = (merged[status] or 0) + n end
  end
  local list = {}
  for status, n in pairs(merged) do list[#list + 1] = status .. ":" .. n end
  table.sort(list)
  local e = summary.errors
  io.write(format("RESULT %d %d %d %d %.0f %.0f %d %s\n", summary.requests, ok, ok * batch, summary.duration,
    latency:percentile(50), latency:percentile(99), e.connect + e.read + e.write + e.timeout,
    #list > 0 and table.concat(list, ",") or "-"))
end
