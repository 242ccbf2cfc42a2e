#!/usr/bin/env bash
# Benchmark of issue #2, in one run on one machine with PostgreSQL on the same machine:
#
#   1. pgbench baselines (../shared/bench/pg-baseline.sh): insert1, insert100, hotrow
#   2. a fresh database, the service jar started against it, 3 pools and 4 teams
#   3. availability GET at SMALL_ROWS ledger rows (default 10 thousand)
#   4. single-event POST /usage-events (64 connections)
#   5. 100-event batch POST /usage-events
#   6. availability GET at LARGE_ROWS ledger rows (default 10 million)
#   7. a summary table with the ratios and targets
#
# Right after start-up the JVM gets JIT_WARMUP seconds of each workload (unmeasured; the ledger
# is then replaced by the seeding), so that the first measured workload does not pay for JIT
# compilation. Every workload also gets WARMUP seconds of unmeasured load right before its
# DURATION seconds measured.
# On exit (also on error or Ctrl-C) the server is stopped and the database dropped.
#
#   usage: bench/run.sh
#   env:   DURATION (15)  WARMUP (5)  JIT_WARMUP (10)  BASELINE_SECS (DURATION)  BASELINE_CLIENTS (64)  WRK_THREADS (2)
#          SINGLE_CONNS (64)  BATCH_CONNS (64)  BATCH_SIZE (100)  AVAIL_CONNS (32)
#          SMALL_ROWS (10000)  LARGE_ROWS (10000000)  SKIP_LARGE (0)
#          WEBHOOKS (0; 1 = a webhook watching thresholds on every pool, issue #15)
#          PROFILE (0; 1 = record a JFR CPU profile of the server during each measured run and
#                   write its hottest frames to bench/out/<run-id>/<workload>.profile.txt;
#                   ap = async-profiler, as in bench/holds.sh (AP_LIB, AP_EVENT, AP_INTERVAL, see bench/lib.sh),
#                   to bench/out/<run-id>/<workload>.collapsed)
#          SEED_SQL (bench/seed-ledger.sql; an older jar's schema needs its commit's script)
#          PG_BASELINE (../shared/bench/pg-baseline.sh, relative to the repo root)
#          PGHOST (127.0.0.1) PGPORT (5432) PGUSER (postgres)  BENCH_PORT (first free from 28080)  BENCH_DB (qb_bench_<pid>)
#          JAVA (java)  JAVA_OPTS (-Xms1g -Xmx1g -XX:+UseG1GC)  JAR (target/quota-broker-*.jar)
# Output: bench/out/<run-id>/ (server log, raw wrk and pgbench output, summary.txt)
set -euo pipefail

cd "$(dirname "$0")/.."
. bench/lib.sh
ROOT=$(pwd)

DURATION=${DURATION:-15}
WARMUP=${WARMUP:-5}
JIT_WARMUP=${JIT_WARMUP:-10}
BASELINE_SECS=${BASELINE_SECS:-$DURATION}
BASELINE_CLIENTS=${BASELINE_CLIENTS:-64}
WRK_THREADS=${WRK_THREADS:-2}
SINGLE_CONNS=${SINGLE_CONNS:-64}
BATCH_CONNS=${BATCH_CONNS:-64}
BATCH_SIZE=${BATCH_SIZE:-100}
AVAIL_CONNS=${AVAIL_CONNS:-32}
SMALL_ROWS=${SMALL_ROWS:-10000}
LARGE_ROWS=${LARGE_ROWS:-10000000}
SKIP_LARGE=${SKIP_LARGE:-0}
PROFILE=${PROFILE:-0}
# A jar from before the ledger's partitioning (V16) needs the seeding script of its own commit.
SEED_SQL=${SEED_SQL:-$ROOT/bench/seed-ledger.sql}
PG_BASELINE=${PG_BASELINE:-../shared/bench/pg-baseline.sh}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
PORT=${BENCH_PORT:-}
if [ -z "$PORT" ]; then   # first free port from 28080 (other servers may share the machine)
  for PORT in $(seq 28080 28180); do (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null || break; done
fi
JAVA=${JAVA:-java}
JAVA_OPTS=${JAVA_OPTS:--Xms1g -Xmx1g -XX:+UseG1GC}
TEAMS=bench-t1,bench-t2,bench-t3,bench-t4

RUN_ID=$(date -u +%Y%m%dT%H%M%SZ)-$$
OUT=$ROOT/bench/out/$RUN_ID
DB=${BENCH_DB:-qb_bench_$$}
BASE=http://127.0.0.1:$PORT
SERVER_PID=
PIDS=()
SERVER_ENV=${SERVER_ENV:-}
mkdir -p "$OUT"
exec > >(tee "$OUT/run.log") 2>&1


cleanup() {
  local rc=$?
  set +e
  # Every instance started, also one that never became healthy (SERVER_PID is not set then).
  for p in "${PIDS[@]}"; do
    log "stopping server (pid $p)"
    stop_pid "$p"
  done
  psql -q -d postgres -c "drop database if exists $DB with (force)" >/dev/null 2>&1 \
    && log "dropped database $DB"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for tool in wrk psql pgbench curl "$JAVA"; do
  command -v "$tool" >/dev/null || die "$tool not found (wrk: apt-get install -y wrk)"
done
[ -x "$PG_BASELINE" ] || [ -f "$PG_BASELINE" ] || die "pg baseline script not found: $PG_BASELINE (set PG_BASELINE)"
if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then die "port $PORT is in use (set BENCH_PORT)"; fi

# ---------------------------------------------------------------- machine & CPU accounting
machine() {
  echo "date (UTC):   $(date -u '+%Y-%m-%d %H:%M')"
  echo "cpus:         $(nproc) ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1))"
  echo "memory:       $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
  echo "kernel:       $(uname -r)"
  echo "postgresql:   $(psql -d postgres -Atc 'show server_version') (shared_buffers $(psql -d postgres -Atc 'show shared_buffers'), synchronous_commit $(psql -d postgres -Atc 'show synchronous_commit'), max_connections $(psql -d postgres -Atc 'show max_connections'))"
  echo "jdk:          $("$JAVA" -version 2>&1 | head -1)"
  echo "jvm options:  $JAVA_OPTS"
  echo "wrk:          $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2), $WRK_THREADS threads"
}

# Sum of utime+stime (clock ticks) of the given pids.
ticks_of() {
  local sum=0 p t
  for p in "$@"; do
    t=$(awk '{ print $14 + $15 }' "/proc/$p/stat" 2>/dev/null) || continue
    sum=$((sum + ${t:-0}))
  done
  echo $sum
}
pg_pids() { pgrep -x postgres || true; }


# ---------------------------------------------------------------- wrk runs
declare -A R   # results: R[name.key]
HZ=$(getconf CLK_TCK)

# run_wrk <name> <connections> <script> <path>
run_wrk() {
  local name=$1 conns=$2 script=$3 path=$4
  if [ "$WARMUP" -gt 0 ]; then
    log "$name: warm-up ${WARMUP}s, $conns connections"
    BENCH_PREFIX="$name-warm-$RUN_ID" BENCH_TEAMS=$TEAMS BENCH_BATCH=$BATCH_SIZE \
      wrk -t"$WRK_THREADS" -c"$conns" -d"${WARMUP}s" --timeout 10s -s "$ROOT/bench/$script" "$BASE$path" \
      >"$OUT/$name-warmup.txt" 2>&1 || die "wrk warm-up failed, see $OUT/$name-warmup.txt"
  fi
  local load_before jvm0 pg0 busy0 t0 pgp
  load_before=$(cut -d' ' -f1-3 /proc/loadavg)
  pgp=$(pg_pids)
  jvm0=$(ticks_of "$SERVER_PID"); pg0=$(ticks_of $pgp); busy0=$(machine_busy); t0=$(date +%s.%N)
  log "$name: measuring ${DURATION}s, $conns connections"
  [ "$PROFILE" = 1 ] && jcmd "$SERVER_PID" JFR.start name="$name" settings=default filename="$OUT/$name.jfr" >/dev/null
  [ "$PROFILE" = ap ] && ap_start "$SERVER_PID"
  local TIMEFORMAT='%U %S'
  { time BENCH_PREFIX="$name-$RUN_ID" BENCH_TEAMS=$TEAMS BENCH_BATCH=$BATCH_SIZE \
      wrk -t"$WRK_THREADS" -c"$conns" -d"${DURATION}s" --timeout 10s --latency -s "$ROOT/bench/$script" "$BASE$path" \
      >"$OUT/$name.txt" 2>&1 ; } 2>"$OUT/$name.time" || die "wrk failed, see $OUT/$name.txt"
  local jvm1 pg1 busy1 t1 wall
  jvm1=$(ticks_of "$SERVER_PID"); pg1=$(ticks_of $pgp); busy1=$(machine_busy); t1=$(date +%s.%N)
  if [ "$PROFILE" = 1 ]; then
    jcmd "$SERVER_PID" JFR.stop name="$name" >/dev/null && jfr_top "$OUT/$name.jfr" >"$OUT/$name.profile.txt"
  elif [ "$PROFILE" = ap ]; then
    ap_stop "$SERVER_PID" "$OUT/$name.collapsed"
  fi
  R[$name.load_before]=$load_before
  R[$name.load_after]=$(cut -d' ' -f1-3 /proc/loadavg)
  wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')
  # CPU use in cores (1.00 = one core busy for the whole run)
  R[$name.cpu_jvm]=$(awk -v d=$((jvm1 - jvm0)) -v hz="$HZ" -v w="$wall" 'BEGIN { printf "%.2f", d / hz / w }')
  R[$name.cpu_pg]=$(awk -v d=$((pg1 - pg0)) -v hz="$HZ" -v w="$wall" 'BEGIN { printf "%.2f", d / hz / w }')
  R[$name.cpu_wrk]=$(awk -v w="$wall" '{ printf "%.2f", ($1 + $2) / w }' "$OUT/$name.time")
  R[$name.cpu_all]=$(awk -v d=$((busy1 - busy0)) -v hz="$HZ" -v w="$wall" 'BEGIN { printf "%.2f", d / hz / w }')
  local line
  line=$(grep '^BENCH ' "$OUT/$name.txt") || die "no BENCH line in $OUT/$name.txt"
  local kv k v
  for kv in ${line#BENCH }; do k=${kv%%=*}; v=${kv#*=}; R[$name.$k]=$v; done
  R[$name.rps]=$(awk -v r="${R[$name.requests]}" -v d="${R[$name.duration_us]}" 'BEGIN { printf "%.0f", r / (d / 1e6) }')
  R[$name.eps]=$(awk -v r="${R[$name.requests]}" -v bad="${R[$name.non2xx]}" -v e="${R[$name.events_per_request]}" \
    -v d="${R[$name.duration_us]}" 'BEGIN { printf "%.0f", (r - bad) * e / (d / 1e6) }')
  log "$name: ${R[$name.rps]} req/s, ${R[$name.eps]} events/s, p50 $(ms "${R[$name.p50_us]}") ms," \
    "p99 $(ms "${R[$name.p99_us]}") ms, non-2xx ${R[$name.non2xx]}, socket errors ${R[$name.sock_errors]};" \
    "cores: jvm ${R[$name.cpu_jvm]} pg ${R[$name.cpu_pg]} wrk ${R[$name.cpu_wrk]} machine ${R[$name.cpu_all]};" \
    "load ${R[$name.load_before]} -> ${R[$name.load_after]}"
  [ "${R[$name.non2xx]}" = 0 ] || log "WARNING: $name had ${R[$name.non2xx]} non-2xx responses"
  R[$name.dead_writers]=$(dead_writers)
  [ "${R[$name.dead_writers]}" = 0 ] \
    || log "WARNING: ${R[$name.dead_writers]} usage writer thread(s) have died so far (see server-1.log)"
}
# Usage writer threads that ended with an uncaught exception (the service runs on with fewer).
dead_writers() { grep -c 'Exception in thread "usage-writer' "$OUT/server-1.log" || true; }
ms() { awk -v u="$1" 'BEGIN { printf "%.2f", u / 1000 }'; }

seed() {
  local rows=$1 t0 t1
  log "seeding $rows ledger rows ($SEED_SQL)"
  t0=$(date +%s.%N)
  psql -X -q -d "$DB" -v n="$rows" -f "$SEED_SQL" >"$OUT/seed-$rows.txt" 2>&1 \
    || { cat "$OUT/seed-$rows.txt"; die "seeding failed"; }
  t1=$(date +%s.%N)
  R[seed$rows.secs]=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.0f", b - a }')
  R[seed$rows.size]=$(psql -X -Atd "$DB" -c "select pg_size_pretty(coalesce((select sum(pg_total_relation_size(inhrelid)) from pg_inherits where inhparent = 'usage_events'::regclass), pg_total_relation_size('usage_events')) + coalesce(pg_total_relation_size(to_regclass('usage_event_ids')), 0))")
  R[seed$rows.minute_buckets]=$(psql -X -Atd "$DB" -c "select count(*) from usage_minute_buckets")
  log "seeded $rows rows in ${R[seed$rows.secs]} s (ledger ${R[seed$rows.size]}, ${R[seed$rows.minute_buckets]} minute buckets)"
}

# ---------------------------------------------------------------- build, baseline, server
log "run $RUN_ID, output in $OUT"
machine | tee "$OUT/machine.txt"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"

JAR=${JAR:-$(ls "$ROOT"/target/quota-broker-*.jar 2>/dev/null | grep -v plain | head -1 || true)}
if [ -z "$JAR" ] || [ ! -f "$JAR" ]; then
  log "building the jar (./mvnw -q -DskipTests package)"
  ./mvnw -q -DskipTests package
  JAR=$(ls "$ROOT"/target/quota-broker-*.jar | grep -v plain | head -1)
fi
log "jar: $JAR"

# The baseline runs first, before the service holds any connections or CPU.
R[baseline.load_before]=$(cut -d' ' -f1-3 /proc/loadavg)
log "pgbench baselines (${BASELINE_SECS}s each, $BASELINE_CLIENTS clients): $PG_BASELINE"
bash "$PG_BASELINE" "$BASELINE_SECS" "$BASELINE_CLIENTS" | tee "$OUT/pg-baseline.txt"
R[baseline.load_after]=$(cut -d' ' -f1-3 /proc/loadavg)
for w in insert1 insert100 hotrow; do
  R[base.$w.rows]=$(awk -v w=$w '$1 == w { print $4 }' "$OUT/pg-baseline.txt")
  R[base.$w.tps]=$(awk -v w=$w '$1 == w { print $3 }' "$OUT/pg-baseline.txt")
  [ -n "${R[base.$w.rows]}" ] || die "baseline $w missing from the pg-baseline output"
done

psql -q -d postgres -c "create database $DB" >/dev/null
log "created database $DB"
# The benchmark authenticates with an admin token (no key look-up); see docs/benchmarks.md.
export BENCH_KEY=${BENCH_KEY:-qb_bench-admin-token}
start_instance 1 "$PORT" "$DB"
SERVER_PID=${PIDS[0]}

put /pools/p5h-all '{"name":"Rolling 5h, all models","unit":"TOKENS","limit":2000000000,
  "window":{"type":"ROLLING","duration":"PT5H"},"models":["*"]}'
put /pools/pweek-all '{"name":"Weekly, all models","unit":"TOKENS","limit":50000000000,
  "window":{"type":"CALENDAR","period":"WEEKLY","resetTime":"09:00","resetDay":"MONDAY","timezone":"Europe/Berlin"},
  "models":["*"]}'
put /pools/pweek-opus '{"name":"Weekly, Opus","unit":"MESSAGES","limit":5000000,
  "window":{"type":"CALENDAR","period":"WEEKLY","resetTime":"00:00","resetDay":"SUNDAY","timezone":"America/New_York"},
  "models":["claude-opus-*"]}'
zones=(Europe/Berlin America/New_York Asia/Kolkata UTC)
i=0
for t in ${TEAMS//,/ }; do
  put "/teams/$t" "{\"name\":\"Bench team $t\",\"timezone\":\"${zones[$i]}\"}"
  for p in p5h-all pweek-all pweek-opus; do put "/pools/$p/allocations/$t" '{"weight":1}'; done
  i=$((i + 1))
done
log "created 3 pools, 4 teams, 12 allocations"
if [ "${WEBHOOKS:-0}" = 1 ]; then
  # Issue #15: every pool watched for thresholds, so each group commit reads the window usage
  # of the pools it touched (the limits are far away: nothing is delivered).
  for p in p5h-all pweek-all pweek-opus; do
    put "/pools/$p/webhooks/bench" '{"url":"http://127.0.0.1:9/bench","events":["THRESHOLD_CROSSED"],
      "thresholds":[50,80,95],"secret":"bench-secret-0123456789"}'
  done
  log "created 3 pool webhooks watching thresholds (WEBHOOKS=1)"
fi
curl -fsS -H "Authorization: Bearer $BENCH_KEY" "$BASE/teams/bench-t1/availability" >"$OUT/availability-sample-empty.json"

# ---------------------------------------------------------------- workloads
if [ "$JIT_WARMUP" -gt 0 ]; then
  log "JIT warm-up: ${JIT_WARMUP}s of each workload (not measured)"
  for w in availability.lua:/teams/bench-t1/availability:$AVAIL_CONNS single-event.lua:/usage-events:$SINGLE_CONNS \
           batch-events.lua:/usage-events:$BATCH_CONNS availability.lua:/teams/bench-t1/availability:$AVAIL_CONNS; do
    IFS=: read -r script path conns <<<"$w"
    BENCH_PREFIX="jit-$script-$RUN_ID-$RANDOM" BENCH_TEAMS=$TEAMS BENCH_BATCH=$BATCH_SIZE \
      wrk -t"$WRK_THREADS" -c"$conns" -d"${JIT_WARMUP}s" --timeout 10s -s "$ROOT/bench/$script" "$BASE$path" \
      >>"$OUT/jit-warmup.txt" 2>&1 || die "wrk JIT warm-up failed, see $OUT/jit-warmup.txt"
  done
fi
seed "$SMALL_ROWS"
curl -fsS -H "Authorization: Bearer $BENCH_KEY" "$BASE/teams/bench-t1/availability" >"$OUT/availability-sample-small.json"
run_wrk avail_small "$AVAIL_CONNS" availability.lua /teams/bench-t1/availability
run_wrk single "$SINGLE_CONNS" single-event.lua /usage-events
run_wrk batch "$BATCH_CONNS" batch-events.lua /usage-events
R[ingest.ledger_rows]=$(psql -X -Atd "$DB" -c "select count(*) from usage_events")
log "ledger after the ingest workloads: ${R[ingest.ledger_rows]} rows"
if [ "$SKIP_LARGE" != 1 ]; then
  seed "$LARGE_ROWS"
  curl -fsS -H "Authorization: Bearer $BENCH_KEY" "$BASE/teams/bench-t1/availability" >"$OUT/availability-sample-large.json"
  run_wrk avail_large "$AVAIL_CONNS" availability.lua /teams/bench-t1/availability
fi

# ---------------------------------------------------------------- summary
{
  echo
  echo "== Quota Broker benchmark $RUN_ID =="
  cat "$OUT/machine.txt"
  echo "durations:    JIT warm-up ${JIT_WARMUP}s x 4 after start-up; warm-up ${WARMUP}s + measured ${DURATION}s per workload; pgbench ${BASELINE_SECS}s per workload"
  echo
  echo "pgbench baselines ($BASELINE_CLIENTS clients, same PostgreSQL, same run; load ${R[baseline.load_before]} -> ${R[baseline.load_after]}):"
  sed 's/^/  /' "$OUT/pg-baseline.txt"
  echo
  printf '%-28s %6s %9s %10s %8s %8s %8s %8s %6s %s\n' workload conns req/s events/s p50_ms p90_ms p99_ms max_ms non2xx "dead writers; cores jvm/pg/wrk/all; load before->after"
  for w in avail_small single batch avail_large; do
    [ -n "${R[$w.requests]:-}" ] || continue
    case $w in
      avail_small) label="availability @ $SMALL_ROWS rows" ;;
      avail_large) label="availability @ $LARGE_ROWS rows" ;;
      single) label="POST 1 event" ;;
      batch) label="POST $BATCH_SIZE-event batch" ;;
    esac
    conns=$AVAIL_CONNS; [ $w = single ] && conns=$SINGLE_CONNS; [ $w = batch ] && conns=$BATCH_CONNS
    eps=${R[$w.eps]}; [ "${R[$w.events_per_request]}" = 0 ] && eps=-
    printf '%-28s %6s %9s %10s %8s %8s %8s %8s %6s %s\n' "$label" "$conns" "${R[$w.rps]}" "$eps" \
      "$(ms "${R[$w.p50_us]}")" "$(ms "${R[$w.p90_us]}")" "$(ms "${R[$w.p99_us]}")" "$(ms "${R[$w.max_us]}")" \
      "${R[$w.non2xx]}" "${R[$w.dead_writers]}; ${R[$w.cpu_jvm]}/${R[$w.cpu_pg]}/${R[$w.cpu_wrk]}/${R[$w.cpu_all]}; ${R[$w.load_before]} -> ${R[$w.load_after]}"
  done
  echo
  echo "seeding: ${SMALL_ROWS} rows in ${R[seed$SMALL_ROWS.secs]} s${R[seed$LARGE_ROWS.secs]:+; $LARGE_ROWS rows in ${R[seed$LARGE_ROWS.secs]} s (ledger ${R[seed$LARGE_ROWS.size]}, ${R[seed$LARGE_ROWS.minute_buckets]} minute buckets)}"
  echo
  echo "targets:"
  r1=$(awk -v a="${R[single.eps]}" -v b="${R[base.insert1.rows]}" 'BEGIN { printf "%.2f", a / b }')
  printf '  %-62s %s\n' "single event, $SINGLE_CONNS conns: ${R[single.eps]} ev/s = ${r1} x pgbench insert1 (${R[base.insert1.rows]}) >= 0.50" \
    "$(verdict "$(awk -v r="$r1" 'BEGIN { print (r >= 0.5) }')")"
  r2=$(awk -v a="${R[batch.eps]}" -v b="${R[base.insert100.rows]}" 'BEGIN { printf "%.2f", a / b }')
  printf '  %-62s %s\n' "batch of $BATCH_SIZE, $BATCH_CONNS conns: ${R[batch.eps]} ev/s >= 30000 (${r2} x pgbench insert100 rows/s ${R[base.insert100.rows]})" \
    "$(verdict "$(awk -v e="${R[batch.eps]}" 'BEGIN { print (e >= 30000) }')")"
  if [ -n "${R[avail_large.p99_us]:-}" ]; then
    printf '  %-62s %s\n' "availability @ $LARGE_ROWS rows, $AVAIL_CONNS conns: p99 $(ms "${R[avail_large.p99_us]}") ms < 10 ms" \
      "$(verdict "$(awk -v p="${R[avail_large.p99_us]}" 'BEGIN { print (p < 10000) }')")"
    r3=$(awk -v a="${R[avail_large.p99_us]}" -v b="${R[avail_small.p99_us]}" 'BEGIN { printf "%.2f", a / b }')
    printf '  %-62s %s\n' "availability p99 @ $LARGE_ROWS / @ $SMALL_ROWS rows: ${r3} <= 1.50" \
      "$(verdict "$(awk -v r="$r3" 'BEGIN { print (r <= 1.5) }')")"
  fi
} | tee "$OUT/summary.txt"
log "done; raw output in $OUT"
