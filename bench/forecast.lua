-- wrk script: GET one path (BENCH_PATH) again and again, for bench/forecast.sh.
--
-- env: BENCH_PATH (default /teams/platform/forecast), BENCH_KEY
-- done() prints the latency percentiles and one machine-readable "BENCH ..." line, as
-- bench/availability.lua does.

local path = os.getenv("BENCH_PATH") or "/teams/platform/forecast"
local auth = { ["Authorization"] = "Bearer " .. (os.getenv("BENCH_KEY") or "qb_bench-admin-token") }

function request()
  return wrk.format("GET", path, auth)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("latency ms: p50 %.2f  p90 %.2f  p99 %.2f  max %.2f\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
  io.write(string.format(
    "BENCH requests=%d duration_us=%d non2xx=%d sock_errors=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d mean_us=%.0f\n",
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean))
end
