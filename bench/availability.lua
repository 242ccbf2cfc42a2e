-- wrk script: GET /teams/{teamId}/availability, rotating over BENCH_TEAMS.
--
-- env: BENCH_TEAMS (comma-separated team ids; default bench-t1,...,bench-t4)
-- done() prints the latency percentiles (p50/p90/p99/max) and one machine-readable
-- "BENCH ..." line that bench/run.sh parses.

local function split(s)
  local out = {}
  for part in string.gmatch(s, "[^,]+") do out[#out + 1] = part end
  return out
end

local teams = split(os.getenv("BENCH_TEAMS") or "bench-t1,bench-t2,bench-t3,bench-t4")
EVENTS_PER_REQUEST = 0

local thread_count = 0
function setup(thread)
  thread_count = thread_count + 1
  thread:set("tid", thread_count)
end

local counter = 0
local paths = {}
function init(args)
  for i, team in ipairs(teams) do paths[i] = "/teams/" .. team .. "/availability" end
  counter = tid or 0
end

local auth = { ["Authorization"] = "Bearer " .. (os.getenv("BENCH_KEY") or "qb_bench-admin-token") }

function request()
  counter = counter + 1
  return wrk.format("GET", paths[counter % #paths + 1], auth)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("latency ms: p50 %.2f  p90 %.2f  p99 %.2f  max %.2f\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
  io.write(string.format(
    "BENCH requests=%d duration_us=%d events_per_request=%d non2xx=%d sock_errors=%d " ..
    "p50_us=%d p90_us=%d p99_us=%d max_us=%d mean_us=%.0f\n",
    summary.requests, summary.duration, EVENTS_PER_REQUEST, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean))
end
