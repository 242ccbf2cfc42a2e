#!/usr/bin/env bash
# Forecast read latency (issue #12), in one run on one machine with PostgreSQL on the same machine:
#
#   1. pgbench baselines (../shared/bench/pg-baseline.sh, 16 clients): the ratios' reference
#   2. a fresh database, the service jar started against it, 3 pools (rolling 5 h TOKENS,
#      weekly MESSAGES, monthly TOKENS), 3 teams allocated to all three
#   3. HISTORY_DAYS (56: 8 weeks) of hourly history per team, posted through POST /usage-events
#      (bench/forecast-history.py says how it is generated)
#   4. once the forecast gauges cover every team (so all fits are made: the steady state between
#      the hourly refits), GET /teams/platform/forecast (3 pools, horizon P7D, step PT1H): the first (cold) answer,
#      then WARMUP s unmeasured and DURATION s measured with wrk at CONNS connections
#   5. BIG_TEAMS - 3 more teams with the same history, allocated to all three pools, and step 4 again
#   6. a summary with the targets: p99 < 50 ms at 16 connections; with 100 teams within 1.5 x
#
# On exit (also on error or Ctrl-C) the server is stopped and the database dropped.
#
#   usage: bench/forecast.sh
#   env:   DURATION (20)  WARMUP (10)  CONNS (16)  WRK_THREADS (2)  HISTORY_DAYS (56)  BIG_TEAMS (100)
#          PG_BASELINE (../shared/bench/pg-baseline.sh)  BASELINE_SECS (5)  GAUGE_WAIT (300)  START_WAIT (120)
#          PGHOST (127.0.0.1) PGPORT (5432) PGUSER (postgres)  BENCH_PORT (first free from 28090)
#          BENCH_DB (qb_forecast_<pid>)  JAVA (java)  JAVA_OPTS (-Xms1g -Xmx1g -XX:+UseG1GC)
#          JAR (target/quota-broker-*.jar)  SERVER_ENV (extra VAR=value settings for the service)
#          PROFILE (0; ap = async-profiler CPU profile of each measured run to <name>.collapsed; AP_LIB, see bench/lib.sh)
# Output: bench/out/forecast-<run-id>/ (server log, raw wrk and pgbench output, summary.txt)
set -euo pipefail

cd "$(dirname "$0")/.."
. bench/lib.sh
ROOT=$(pwd)

DURATION=${DURATION:-20}
WARMUP=${WARMUP:-10}
CONNS=${CONNS:-16}
WRK_THREADS=${WRK_THREADS:-2}
HISTORY_DAYS=${HISTORY_DAYS:-56}
BIG_TEAMS=${BIG_TEAMS:-100}
BASELINE_SECS=${BASELINE_SECS:-5}
PG_BASELINE=${PG_BASELINE:-../shared/bench/pg-baseline.sh}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
PORT=${BENCH_PORT:-}
if [ -z "$PORT" ]; then
  for PORT in $(seq 28090 28190); do free_port "$PORT" && break; done
fi
JAVA=${JAVA:-java}
JAVA_OPTS=${JAVA_OPTS:--Xms1g -Xmx1g -XX:+UseG1GC}
SERVER_ENV=${SERVER_ENV:-}
RUN_ID=$(date -u +%Y%m%dT%H%M%SZ)-$$
OUT=$ROOT/bench/out/forecast-$RUN_ID
DB=${BENCH_DB:-qb_forecast_$$}
BASE=http://127.0.0.1:$PORT
PIDS=()
export BENCH_KEY=${BENCH_KEY:-qb_bench-admin-token}
mkdir -p "$OUT/history"
exec > >(tee "$OUT/run.log") 2>&1

cleanup() {
  local rc=$? p
  set +e
  for p in "${PIDS[@]}"; do log "stopping server (pid $p)"; stop_pid "$p"; done
  psql -q -d postgres -c "drop database if exists $DB with (force)" >/dev/null 2>&1 && log "dropped database $DB"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for tool in wrk psql curl python3 "$JAVA"; do command -v "$tool" >/dev/null || die "$tool not found"; done
free_port "$PORT" || die "port $PORT is in use (set BENCH_PORT)"
JAR=${JAR:-$(ls "$ROOT"/target/quota-broker-*.jar 2>/dev/null | grep -v plain | head -1 || true)}
[ -n "$JAR" ] && [ -f "$JAR" ] || die "no jar: ./mvnw -q -DskipTests package, or set JAR"
log "run $RUN_ID, jar $JAR, output in $OUT"

declare -A R
load() { cut -d' ' -f1-3 /proc/loadavg; }

R[baseline.load]=$(load)
log "pgbench baselines (${BASELINE_SECS}s each, $CONNS clients): $PG_BASELINE"
bash "$PG_BASELINE" "$BASELINE_SECS" "$CONNS" | tee "$OUT/pg-baseline.txt"
R[hotrow.ms]=$(awk '$1 == "hotrow" { print $5 }' "$OUT/pg-baseline.txt")
R[insert1.ms]=$(awk '$1 == "insert1" { print $5 }' "$OUT/pg-baseline.txt")

psql -q -d postgres -c "create database $DB" >/dev/null
start_instance 1 "$PORT" "$DB"
SERVER_PID=${PIDS[0]}

put /pools/p5h '{"name":"Rolling 5h","unit":"TOKENS","limit":3000000,"window":{"type":"ROLLING","duration":"PT5H"},"models":["*"]}'
put /pools/pweek '{"name":"Weekly messages","unit":"MESSAGES","limit":5000,
  "window":{"type":"CALENDAR","period":"WEEKLY","resetTime":"00:00","resetDay":"MONDAY","timezone":"America/Los_Angeles"},
  "models":["claude-*"]}'
put /pools/pmonth '{"name":"Monthly tokens","unit":"TOKENS","limit":500000000,
  "window":{"type":"CALENDAR","period":"MONTHLY","resetTime":"00:00","resetDay":1,"timezone":"UTC"},"models":["*"]}'

# add_teams <first> <last>: teams t<first>..t<last> (t1 is "platform"), allocated to all three
# pools, each with HISTORY_DAYS of hourly history.
add_teams() {
  local first=$1 last=$2 i t teams=() f t0 t1
  for i in $(seq "$first" "$last"); do
    t=t$i; [ "$i" = 1 ] && t=platform
    teams+=("$t")
    put "/teams/$t" "{\"name\":\"Team $t\",\"timezone\":\"America/Los_Angeles\"}"
    for p in p5h pweek pmonth; do put "/pools/$p/allocations/$t" '{"weight":1}'; done
  done
  rm -f "$OUT"/history/*.json
  python3 bench/forecast-history.py "$OUT/history" "$(date +%s)" "$HISTORY_DAYS" "${teams[@]}" >/dev/null
  t0=$(date +%s.%N)
  # Four batches at a time, as several agents would post.
  ls "$OUT"/history/*.json | xargs -P4 -I{} curl -fsS -o /dev/null -X POST -H "Authorization: Bearer $BENCH_KEY" \
    -H 'Content-Type: application/json' --data-binary @{} "$BASE/usage-events" || die "posting the history failed"
  t1=$(date +%s.%N)
  log "teams ${teams[0]}..${teams[-1]}: $(( ${#teams[@]} * (HISTORY_DAYS * 24 + 1) )) events of history posted in $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }') s"
}

PATH_Q="/teams/platform/forecast?horizon=P7D&step=PT1H"

# measure <name>: the first answer's time, then wrk.
measure() {
  local name=$1 line kv k v
  R[$name.first_ms]=$(curl -fsS -o "$OUT/$name-sample.json" -w '%{time_total}' -H "Authorization: Bearer $BENCH_KEY" "$BASE$PATH_Q" \
    | awk '{ printf "%.0f", $1 * 1000 }')
  log "$name: first answer ${R[$name.first_ms]} ms ($(jq -r '[.pools[] | .poolId + " " + .model] | join(", ")' "$OUT/$name-sample.json"))"
  BENCH_PATH=$PATH_Q wrk -t"$WRK_THREADS" -c"$CONNS" -d"${WARMUP}s" --timeout 10s -s "$ROOT/bench/forecast.lua" "$BASE" \
    >"$OUT/$name-warmup.txt" 2>&1 || die "wrk warm-up failed"
  R[$name.load_before]=$(load)
  local jvm0 jvm1
  jvm0=$(ticks_of "$SERVER_PID")
  [ "${PROFILE:-0}" = ap ] && ap_start "$SERVER_PID"
  BENCH_PATH=$PATH_Q wrk -t"$WRK_THREADS" -c"$CONNS" -d"${DURATION}s" --timeout 10s --latency -s "$ROOT/bench/forecast.lua" "$BASE" \
    >"$OUT/$name.txt" 2>&1 || die "wrk failed, see $OUT/$name.txt"
  [ "${PROFILE:-0}" = ap ] && ap_stop "$SERVER_PID" "$OUT/$name.collapsed"
  R[$name.load_after]=$(load)
  jvm1=$(ticks_of "$SERVER_PID")
  line=$(grep '^BENCH ' "$OUT/$name.txt") || die "no BENCH line in $OUT/$name.txt"
  for kv in ${line#BENCH }; do k=${kv%%=*}; v=${kv#*=}; R[$name.$k]=$v; done
  R[$name.rps]=$(awk -v r="${R[$name.requests]}" -v d="${R[$name.duration_us]}" 'BEGIN { printf "%.0f", r / (d / 1e6) }')
  # CPU the service spent per answer (all its threads: requests, the gauges' refresh, GC),
  # a figure the other load of a shared machine changes far less than latency.
  R[$name.cpu_ms]=$(awk -v t=$((jvm1 - jvm0)) -v hz="$(getconf CLK_TCK)" -v r="${R[$name.requests]}" 'BEGIN { printf "%.1f", t / hz * 1000 / r }')
  log "$name: ${R[$name.rps]} req/s, p50 $(ms "${R[$name.p50_us]}") p90 $(ms "${R[$name.p90_us]}") p99 $(ms "${R[$name.p99_us]}") ms, non-2xx ${R[$name.non2xx]}, service CPU ${R[$name.cpu_ms]} ms per answer; load ${R[$name.load_before]} -> ${R[$name.load_after]}"
}
ms() { awk -v u="$1" 'BEGIN { printf "%.1f", u / 1000 }'; }

# await_gauges <teams>: the forecast gauges (refreshed every minute) cover all teams with their
# history, so every team's fit is made and the measurement sees the steady state, not the refits.
await_gauges() {
  local want=$1 n=0 i
  for i in $(seq 1 "${GAUGE_WAIT:-300}"); do
    # A team's burn rate is above 0 once a refresh ran after its history was posted.
    n=$(curl -fsS "$BASE/actuator/prometheus" | awk '/^quota_forecast_burn_rate_per_hour\{.*pool="p5h"/ && $2 > 0' | wc -l)
    [ "$n" -ge "$want" ] && { log "forecast gauges cover $n teams after ${i} s"; return 0; }
    sleep 1
  done
  log "WARNING: forecast gauges cover $n of $want teams after ${GAUGE_WAIT:-300} s (an old jar has none)"
}

add_teams 1 3
await_gauges 3
measure teams3
add_teams 4 "$BIG_TEAMS"
await_gauges "$BIG_TEAMS"
measure "teams$BIG_TEAMS"

curl -fsS "$BASE/actuator/prometheus" | grep '^quota_forecast_' >"$OUT/forecast-gauges.txt" || true
curl -fsS -H "Authorization: Bearer $BENCH_KEY" "$BASE/teams/platform/workflows?pool=pweek&limit=3" >"$OUT/workflows-sample.json" || true

{
  echo
  echo "== Forecast read latency $RUN_ID =="
  echo "machine: $(nproc) cpus; load before the baseline ${R[baseline.load]}; jvm options $JAVA_OPTS"
  echo "GET $PATH_Q, $CONNS connections, warm-up ${WARMUP}s, measured ${DURATION}s; history $HISTORY_DAYS days"
  echo "pgbench ($CONNS clients, ${BASELINE_SECS}s): insert1 ${R[insert1.ms]} ms, hotrow ${R[hotrow.ms]} ms mean latency"
  printf '%-10s %8s %9s %8s %8s %8s %8s %7s %8s %8s %s\n' teams first_ms req/s p50_ms p90_ms p99_ms max_ms non2xx p99/hotrow cpu_ms "load before -> after"
  for name in teams3 "teams$BIG_TEAMS"; do
    printf '%-10s %8s %9s %8s %8s %8s %8s %7s %8s %8s %s\n' "${name#teams}" "${R[$name.first_ms]}" "${R[$name.rps]}" \
      "$(ms "${R[$name.p50_us]}")" "$(ms "${R[$name.p90_us]}")" "$(ms "${R[$name.p99_us]}")" "$(ms "${R[$name.max_us]}")" \
      "${R[$name.non2xx]}" "$(awk -v p="${R[$name.p99_us]}" -v h="${R[hotrow.ms]}" 'BEGIN { printf "%.1f", p / 1000 / h }')" "${R[$name.cpu_ms]}" \
      "${R[$name.load_before]} -> ${R[$name.load_after]}"
  done
  echo "targets:"
  echo "  p99 with 3 teams < 50 ms: $(ms "${R[teams3.p99_us]}") ms $(verdict "$(awk -v p="${R[teams3.p99_us]}" 'BEGIN { print (p < 50000) }')")"
  r=$(awk -v a="${R[teams$BIG_TEAMS.p99_us]}" -v b="${R[teams3.p99_us]}" 'BEGIN { printf "%.2f", a / b }')
  echo "  p99 with $BIG_TEAMS teams within 1.5 x of 3 teams: $r $(verdict "$(awk -v r="$r" 'BEGIN { print (r <= 1.5) }')")"
} | tee "$OUT/summary.txt"
log "done; raw output in $OUT"
