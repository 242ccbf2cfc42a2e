-- wrk script: POST /usage-events with one event per request.
--
-- Every request carries a unique eventId: <BENCH_PREFIX>-<thread>-<counter>, so no request
-- is a duplicate. occurredAt is "now" (UTC, RFC 3339), models alternate between a sonnet
-- and an opus model, teams rotate over BENCH_TEAMS.
--
-- env: BENCH_PREFIX (unique per wrk run; default: the start time)
--      BENCH_TEAMS  (comma-separated team ids; default bench-t1,...,bench-t4)
-- done() prints one machine-readable "BENCH ..." line that bench/run.sh parses.

local function split(s)
  local out = {}
  for part in string.gmatch(s, "[^,]+") do out[#out + 1] = part end
  return out
end

local prefix = os.getenv("BENCH_PREFIX") or ("run" .. os.time())
local teams = split(os.getenv("BENCH_TEAMS") or "bench-t1,bench-t2,bench-t3,bench-t4")
local models = { "claude-sonnet-4-5", "claude-opus-4-1" }
EVENTS_PER_REQUEST = 1

local thread_count = 0
function setup(thread)
  thread_count = thread_count + 1
  thread:set("tid", thread_count)
end

local counter = 0
local last_second, stamp = -1, nil
local headers = { ["Content-Type"] = "application/json",
  ["Authorization"] = "Bearer " .. (os.getenv("BENCH_KEY") or "qb_bench-admin-token") }

local function now_rfc3339()
  local s = os.time()
  if s ~= last_second then
    last_second = s
    stamp = os.date("!%Y-%m-%dT%H:%M:%SZ", s)
  end
  return stamp
end

function request()
  counter = counter + 1
  local body = string.format(
    '{"eventId":"%s-%d-%d","teamId":"%s","memberId":"m%d","model":"%s","occurredAt":"%s",' ..
    '"inputTokens":%d,"outputTokens":%d,"cacheReadTokens":%d}',
    prefix, tid, counter, teams[counter % #teams + 1], counter % 50, models[counter % 2 + 1],
    now_rfc3339(), 200 + (counter * 7919) % 6000, 50 + (counter * 104729) % 2000, (counter % 4) * 2500)
  return wrk.format("POST", "/usage-events", headers, body)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d duration_us=%d events_per_request=%d non2xx=%d sock_errors=%d " ..
    "p50_us=%d p90_us=%d p99_us=%d max_us=%d mean_us=%.0f\n",
    summary.requests, summary.duration, EVENTS_PER_REQUEST, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean))
end
