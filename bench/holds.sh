#!/usr/bin/env bash
# Benchmark of issue #4 (reservations), in one run on one machine with PostgreSQL on the same
# machine:
#
#   1. pgbench baselines (../shared/bench/pg-baseline.sh, 64 clients); `hotrow` (UPDATE of one
#      counter row) is the reference of the contended workload
#   2. a fresh database, TWO instances of the service jar on two ports against it, the pools,
#      teams and allocations created through the API
#   3. contended: HOT_CONNS connections split over both instances, all holding on ONE pool
#      (limit HOT_LIMIT messages, HOT_AMOUNT per hold, so at most HOT_LIMIT / HOT_AMOUNT holds
#      fit); each client loops hold -> (if 201) release. Meanwhile a psql session samples every
#      SAMPLE_MS the sum held of that pool; and (COMMIT_CHECK=1) a deferred constraint trigger
#      that the script adds to the benchmark database records, at the commit of every
#      transaction that grants holds on that pool, the sum then held: grants are serialized by
#      the pool's row lock and releases only lower the sum, so its maximum is the most ever
#      held at once
#   4. uncontended: COLD_POOLS pools with big limits, one team allocated to each, COLD_CONNS
#      connections to COLD_INSTANCES instances (1: the issue names no instance count here, and
#      a second JVM on two cores mostly adds its own JIT compilation), each hold on the next
#      pool (round robin), hold -> release
#   5. a summary table with the ratios and targets
#
# Right after start-up both JVMs get JIT_WARMUP seconds of each workload (unmeasured); every
# workload also gets WARMUP seconds of unmeasured load right before its DURATION seconds
# measured. On exit (also on error or Ctrl-C) the servers are stopped and the database dropped.
#
#   usage: bench/holds.sh
#   env:   DURATION (15)  WARMUP (5)  JIT_WARMUP (60)  COLD_INSTANCES (1, or 2)  BASELINE_SECS (DURATION)  BASELINE_TRIES (15)
#          HOT_CONNS (64)  HOT_LIMIT (100)  HOT_AMOUNT (2)  COLD_CONNS (64)  COLD_POOLS (50)
#          TTL (PT5M)  SAMPLE_MS (100)  CLIENT (socket; jdk = java.net.http.HttpClient)
#          ANALYZE (1: VACUUM ANALYZE the database after the JIT warm-up, as autovacuum would on a
#                   running service; 0: leave it to autovacuum)
#          COMMIT_CHECK (1; 0 = without the commit-time check of the amount held, see below)
#          PROFILE (0; 1 = record a JFR CPU profile of both instances during each measured run
#                   and write their hottest frames to bench/out/<run-id>/<workload>-<i>.profile.txt;
#                   ap = the same with async-profiler (AP_LIB, see bench/lib.sh), collapsed stacks
#                   in <workload>-<i>.collapsed, to compare two jars frame by frame)
#          PG_BASELINE (../shared/bench/pg-baseline.sh, relative to the repo root)
#          PGHOST (127.0.0.1) PGPORT (5432) PGUSER (postgres)  DB_PREFIX (qb: the database is <prefix>_bench_holds_<pid>)
#          BENCH_DB (the database's whole name instead)  START_TIMEOUT (120: seconds an instance may take to answer healthy)
#          BENCH_PORT (first of two free ports from 28180)
#          JAVA (java)  JAVA_OPTS (-Xms768m -Xmx768m -XX:+UseG1GC)  JAR (target/quota-broker-*.jar)
#          CLIENT_OPTS (-Xmx256m)  SERVER_ENV (extra VAR=value pairs for both instances, e.g.
#          "SPRING_DATASOURCE_HIKARI_MAXIMUM_POOL_SIZE=10 QUOTA_RESERVATIONS_MAX_DECISION_BATCH=64")
# Output: bench/out/<run-id>/ (server logs, pgbench and load-client output, samples, summary.txt)
set -euo pipefail

cd "$(dirname "$0")/.."
. bench/lib.sh
ROOT=$(pwd)

DURATION=${DURATION:-15}
WARMUP=${WARMUP:-5}
JIT_WARMUP=${JIT_WARMUP:-60}
COLD_INSTANCES=${COLD_INSTANCES:-1}
BASELINE_SECS=${BASELINE_SECS:-$DURATION}
BASELINE_TRIES=${BASELINE_TRIES:-15}
HOT_CONNS=${HOT_CONNS:-64}
HOT_LIMIT=${HOT_LIMIT:-100}
HOT_AMOUNT=${HOT_AMOUNT:-2}
COLD_CONNS=${COLD_CONNS:-64}
COLD_POOLS=${COLD_POOLS:-50}
TTL=${TTL:-PT5M}
SAMPLE_MS=${SAMPLE_MS:-100}
COMMIT_CHECK=${COMMIT_CHECK:-1}
CLIENT=${CLIENT:-socket}
PROFILE=${PROFILE:-0}
PG_BASELINE=${PG_BASELINE:-../shared/bench/pg-baseline.sh}
SERVER_ENV=${SERVER_ENV:-}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
PORT1=${BENCH_PORT:-}
if [ -z "$PORT1" ]; then   # two free ports from 28180 (other servers may share the machine)
  for PORT1 in $(seq 28180 2 28280); do free_port "$PORT1" && free_port $((PORT1 + 1)) && break; done
fi
PORT2=$((PORT1 + 1))
JAVA=${JAVA:-java}
JAVA_OPTS=${JAVA_OPTS:--Xms768m -Xmx768m -XX:+UseG1GC}
CLIENT_OPTS=${CLIENT_OPTS:--Xmx256m}
HOT_POOL=hot-pool
HOT_TEAM=hot-team

RUN_ID=$(date -u +%Y%m%dT%H%M%SZ)-$$
OUT=$ROOT/bench/out/$RUN_ID
DB=${BENCH_DB:-${DB_PREFIX:-qb}_bench_holds_$$}
TARGETS=http://127.0.0.1:$PORT1,http://127.0.0.1:$PORT2
COLD_TARGETS=$TARGETS
[ "$COLD_INSTANCES" = 1 ] && COLD_TARGETS=http://127.0.0.1:$PORT1
PIDS=()
SAMPLER_PID=
mkdir -p "$OUT"
exec > >(tee "$OUT/run.log") 2>&1


cleanup() {
  local rc=$?
  set +e
  [ -n "$SAMPLER_PID" ] && stop_pid "$SAMPLER_PID"
  local pid
  for pid in "${PIDS[@]}"; do
    log "stopping server (pid $pid)"
    stop_pid "$pid"
  done
  psql -q -d postgres -c "drop database if exists $DB with (force)" >/dev/null 2>&1 \
    && log "dropped database $DB"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for tool in psql pgbench curl "$JAVA"; do
  command -v "$tool" >/dev/null || die "$tool not found"
done
[ -x "$PG_BASELINE" ] || [ -f "$PG_BASELINE" ] || die "pg baseline script not found: $PG_BASELINE (set PG_BASELINE)"
for p in $PORT1 $PORT2; do free_port "$p" || die "port $p is in use (set BENCH_PORT)"; done

# ---------------------------------------------------------------- machine & CPU accounting
machine() {
  echo "date (UTC):   $(date -u '+%Y-%m-%d %H:%M')"
  echo "cpus:         $(nproc) ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1))"
  echo "memory:       $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
  echo "kernel:       $(uname -r)"
  echo "postgresql:   $(psql -d postgres -Atc 'show server_version') (shared_buffers $(psql -d postgres -Atc 'show shared_buffers'), synchronous_commit $(psql -d postgres -Atc 'show synchronous_commit'), max_connections $(psql -d postgres -Atc 'show max_connections'))"
  echo "jdk:          $("$JAVA" -version 2>&1 | head -1)"
  echo "jvm options:  $JAVA_OPTS (each of 2 instances)${SERVER_ENV:+; env $SERVER_ENV}"
  echo "load client:  bench/HoldLoad.java, $CLIENT client, $CLIENT_OPTS"
  echo "commit:       $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$ROOT" diff --quiet HEAD -- src 2>/dev/null || echo ' (src modified)')"
}

# The backends of this benchmark's database (the service's pools, the sampler): PostgreSQL may
# serve other databases at the same time, whose CPU must not count here.
pg_pids() { psql -X -Atd postgres -c "select pid from pg_stat_activity where datname = '$DB'" 2>/dev/null || true; }
HZ=$(getconf CLK_TCK)
cores() { awk -v d="$1" -v hz="$HZ" -v w="$2" 'BEGIN { printf "%.2f", d / hz / w }'; }


# Mean decision batch (requests decided per transaction) of instance $1 since the counts $2 $3.
batch_counts() {
  curl -fsS -H "Authorization: Bearer $BENCH_KEY" "http://127.0.0.1:$1/actuator/prometheus" 2>/dev/null \
    | awk '/^quota_reservations_decision_batch_count/ { c += $NF } /^quota_reservations_decision_batch_sum/ { s += $NF }
           END { printf "%d %d\n", c, s }'
}

# ---------------------------------------------------------------- load runs
declare -A R   # results: R[name.key]

# hold_load <name> <conns> <pairs> <amount> <warmup secs> <measured secs>: the load client
hold_load() {
  "$JAVA" $CLIENT_OPTS "$ROOT/bench/HoldLoad.java" --targets "${LOAD_TARGETS:-$TARGETS}" --conns "$2" --pairs "$3" \
    --amount "$4" --ttl "$TTL" --warmup "$5" --duration "$6" --key "$BENCH_KEY" --client "$CLIENT" --label "$1"
}

# CPU counters; read at the client's phase changes, so they must be cheap (a few forks).
counters() {
  echo "$(date +%s.%N) $(ticks_of "${PIDS[0]}") $(ticks_of "${PIDS[1]}") $(ticks_of $PGP) $(machine_busy)"
}

# measure <name> <conns> <pairs> <amount>
measure() {
  local name=$1 conns=$2 pairs=$3 amount=$4
  local load_before t0 t1 wall jvm10 jvm20 pg0 busy0 jvm11 jvm21 pg1 busy1 c10 s10 c20 s20 c11 s11 c21 s21 cpid
  load_before=$(cut -d' ' -f1-3 /proc/loadavg)
  PGP=$(pg_pids)
  log "$name: warm-up ${WARMUP}s + measuring ${DURATION}s, $conns connections over ${LOAD_TARGETS:-$TARGETS}"
  # One client process runs warm-up and measurement (its connections stay open); the CPU
  # counters are read when it prints "PHASE measure" and "PHASE end".
  # decision batch counts are scraped before and after the client (warm-up + measurement)
  echo "$(batch_counts "$PORT1") $(batch_counts "$PORT2")" >"$OUT/$name.batch0"
  hold_load "$name" "$conns" "$pairs" "$amount" "$WARMUP" "$DURATION" >"$OUT/$name.txt" 2>"$OUT/$name.err" &
  cpid=$!
  until grep -q '^PHASE measure' "$OUT/$name.txt"; do
    kill -0 $cpid 2>/dev/null || die "load client ended early, see $OUT/$name.err"
    sleep 0.05
  done
  counters >"$OUT/$name.cpu0"
  if [ "$PROFILE" = 1 ]; then
    jcmd "${PIDS[0]}" JFR.start name="$name" settings=default filename="$OUT/$name-1.jfr" >/dev/null
    jcmd "${PIDS[1]}" JFR.start name="$name" settings=default filename="$OUT/$name-2.jfr" >/dev/null
  elif [ "$PROFILE" = ap ]; then
    ap_start "${PIDS[0]}"; ap_start "${PIDS[1]}"
  fi
  until grep -q '^PHASE end' "$OUT/$name.txt"; do
    kill -0 $cpid 2>/dev/null || break
    sleep 0.05
  done
  counters >"$OUT/$name.cpu1"
  wait $cpid || die "load client failed, see $OUT/$name.err"
  echo "$(batch_counts "$PORT1") $(batch_counts "$PORT2")" >"$OUT/$name.batch1"
  if [ -s "$OUT/$name.err" ]; then log "$name: load client stderr (first lines):"; head -5 "$OUT/$name.err"; fi
  if [ "$PROFILE" = 1 ]; then
    for i in 1 2; do
      jcmd "${PIDS[$((i - 1))]}" JFR.stop name="$name" >/dev/null && jfr_top "$OUT/$name-$i.jfr" >"$OUT/$name-$i.profile.txt"
    done
  elif [ "$PROFILE" = ap ]; then
    for i in 1 2; do ap_stop "${PIDS[$((i - 1))]}" "$OUT/$name-$i.collapsed"; done
  fi
  read -r t0 jvm10 jvm20 pg0 busy0 <"$OUT/$name.cpu0"
  read -r t1 jvm11 jvm21 pg1 busy1 <"$OUT/$name.cpu1"
  read -r c10 s10 c20 s20 <"$OUT/$name.batch0"
  read -r c11 s11 c21 s21 <"$OUT/$name.batch1"
  wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')
  # how late the counters were read after the client's phase changes (should be ~0.1 s)
  R[$name.counter_lag]=$(awk -v a="$t0" -v b="$t1" -v m="$(awk '$2 == "measure" { print $3 }' "$OUT/$name.txt")" \
    -v e="$(awk '$2 == "end" { print $3 }' "$OUT/$name.txt")" 'BEGIN { printf "%.2f/%.2f", a - m / 1000, b - e / 1000 }')
  R[$name.load_before]=$load_before
  R[$name.load_after]=$(cut -d' ' -f1-3 /proc/loadavg)
  R[$name.cpu_jvm1]=$(cores $((jvm11 - jvm10)) "$wall")
  R[$name.cpu_jvm2]=$(cores $((jvm21 - jvm20)) "$wall")
  R[$name.cpu_pg]=$(cores $((pg1 - pg0)) "$wall")
  R[$name.cpu_all]=$(cores $((busy1 - busy0)) "$wall")
  R[$name.batch1]=$(awk -v c=$((c11 - c10)) -v s=$((s11 - s10)) 'BEGIN { printf "%.1f", c ? s / c : 0 }')
  R[$name.batch2]=$(awk -v c=$((c21 - c20)) -v s=$((s21 - s20)) 'BEGIN { printf "%.1f", c ? s / c : 0 }')
  local line kv k v
  line=$(grep '^RESULT ' "$OUT/$name.txt") || die "no RESULT line in $OUT/$name.txt"
  for kv in ${line#RESULT }; do k=${kv%%=*}; v=${kv#*=}; R[$name.$k]=$v; done
  # CPU per decision (its release included), in ms: what a saturated machine divides its cores by
  R[$name.ms_jvm]=$(awk -v d=$((jvm11 - jvm10 + jvm21 - jvm20)) -v hz="$HZ" -v n="${R[$name.decisions]}" 'BEGIN { printf "%.2f", n ? d / hz / n * 1000 : 0 }')
  R[$name.ms_pg]=$(awk -v d=$((pg1 - pg0)) -v hz="$HZ" -v n="${R[$name.decisions]}" 'BEGIN { printf "%.2f", n ? d / hz / n * 1000 : 0 }')
  # the client's own CPU over the measured interval (it reports it)
  R[$name.cpu_client]=$(awk -v c="${R[$name.client_cpu_s]}" -v d="$DURATION" 'BEGIN { printf "%.2f", c / d }')
  log "$name: ${R[$name.decisions_per_s]} decisions/s, ${R[$name.grants_per_s]} grants/s" \
    "(${R[$name.grants]} granted, ${R[$name.rejected]} rejected 409, ${R[$name.errors]} errors, ${R[$name.release_errors]} release errors)," \
    "hold p50 $(ms "${R[$name.p50_us]}") ms p99 $(ms "${R[$name.p99_us]}") ms; mean batch ${R[$name.batch1]} / ${R[$name.batch2]};" \
    "cores: jvm ${R[$name.cpu_jvm1]}+${R[$name.cpu_jvm2]} pg ${R[$name.cpu_pg]} client ${R[$name.cpu_client]} machine ${R[$name.cpu_all]};" \
    "CPU per decision: jvm ${R[$name.ms_jvm]} ms, pg ${R[$name.ms_pg]} ms;" \
    "load ${R[$name.load_before]} -> ${R[$name.load_after]}; counters read ${R[$name.counter_lag]} s late"
}
ms() { awk -v u="$1" 'BEGIN { printf "%.2f", u / 1000 }'; }

# Samples the amount held on the hot pool every SAMPLE_MS over one psql session.
start_sampler() {
  local interval
  interval=$(awk -v m="$SAMPLE_MS" 'BEGIN { printf "%.3f", m / 1000 }')
  (
    # psql is started again if it cannot connect (a shared server may be out of connections)
    while :; do
      while :; do
        echo "select to_char(clock_timestamp(), 'HH24:MI:SS.MS'), coalesce(sum(amount - consumed), 0), count(*)
              from reservations where pool_id = '$HOT_POOL' and status = 'HELD'
              and starts_at <= now() and expires_at > now();" || exit 0
        sleep "$interval"
      done | psql -X -q -At -F ' ' -d "$DB" >>"$OUT/hot-samples.txt" 2>&1
      sleep 0.5
    done
  ) &
  SAMPLER_PID=$!
}
stop_sampler() {
  # the subshell's children (the loop and psql) end with it
  pkill -TERM -P "$SAMPLER_PID" 2>/dev/null || true
  stop_pid "$SAMPLER_PID"
  SAMPLER_PID=
}

# ---------------------------------------------------------------- jar, baseline, servers
log "run $RUN_ID, output in $OUT"
machine | tee "$OUT/machine.txt"
R[start.load]=$(cut -d' ' -f1-3 /proc/loadavg)
echo "load average: ${R[start.load]}"

JAR=${JAR:-$(ls "$ROOT"/target/quota-broker-*.jar 2>/dev/null | grep -v plain | head -1 || true)}
if [ -z "$JAR" ] || [ ! -f "$JAR" ]; then
  log "building the jar (./mvnw -q -DskipTests package)"
  ./mvnw -q -DskipTests package
  JAR=$(ls "$ROOT"/target/quota-broker-*.jar | grep -v plain | head -1)
fi
log "jar: $JAR"

# The baseline runs first, before the service holds any connections or CPU.
R[baseline.load_before]=$(cut -d' ' -f1-3 /proc/loadavg)
log "pgbench baselines (${BASELINE_SECS}s each, 64 clients): $PG_BASELINE"
# PostgreSQL may be shared: when other clients leave fewer than 64 connections free, pgbench
# fails ("too many clients"); wait and try again.
for try in $(seq 1 "$BASELINE_TRIES"); do
  bash "$PG_BASELINE" "$BASELINE_SECS" 64 >"$OUT/pg-baseline.txt" 2>"$OUT/pg-baseline.err" || true
  cat "$OUT/pg-baseline.txt"
  grep -q '^hotrow ' "$OUT/pg-baseline.txt" && break
  log "pgbench baseline failed ($(grep -o 'FATAL.*' "$OUT/pg-baseline.err" | head -1 || true));" \
    "$(psql -X -Atd postgres -c 'select count(*) from pg_stat_activity') connections in use of" \
    "$(psql -X -Atd postgres -c 'show max_connections'); try $try of $BASELINE_TRIES, waiting 20 s"
  [ "$try" = "$BASELINE_TRIES" ] && die "no pgbench baseline"
  sleep 20
done
R[baseline.load_after]=$(cut -d' ' -f1-3 /proc/loadavg)
for w in insert1 insert100 hotrow; do
  R[base.$w.tps]=$(awk -v w=$w '$1 == w { print $3 }' "$OUT/pg-baseline.txt")
  R[base.$w.lat]=$(awk -v w=$w '$1 == w { print $5 }' "$OUT/pg-baseline.txt")
  [ -n "${R[base.$w.tps]}" ] || die "baseline $w missing from the pg-baseline output"
done

psql -q -d postgres -c "create database $DB" >/dev/null
log "created database $DB"
# The benchmark authenticates with an admin token (no key look-up), as bench/run.sh does.
export BENCH_KEY=${BENCH_KEY:-qb_bench-admin-token}
start_instance 1 "$PORT1" "$DB"
start_instance 2 "$PORT2" "$DB"

BASE=http://127.0.0.1:$PORT1
put "/pools/$HOT_POOL" "{\"name\":\"Contended pool\",\"unit\":\"MESSAGES\",\"limit\":$HOT_LIMIT,
  \"window\":{\"type\":\"ROLLING\",\"duration\":\"PT5H\"},\"models\":[\"*\"]}"
put "/teams/$HOT_TEAM" '{"name":"Contended team","timezone":"UTC"}'
put "/pools/$HOT_POOL/allocations/$HOT_TEAM" '{"weight":1}'
COLD_PAIRS=
for n in $(seq 1 "$COLD_POOLS"); do
  put "/pools/cold-$n" "{\"name\":\"Pool $n\",\"unit\":\"MESSAGES\",\"limit\":1000000000,
    \"window\":{\"type\":\"ROLLING\",\"duration\":\"PT5H\"},\"models\":[\"*\"]}"
  put "/teams/cold-team-$n" "{\"name\":\"Team $n\",\"timezone\":\"UTC\"}"
  put "/pools/cold-$n/allocations/cold-team-$n" '{"weight":1}'
  COLD_PAIRS+=${COLD_PAIRS:+,}cold-team-$n:cold-$n
done
if [ "$COMMIT_CHECK" = 1 ]; then
  # Runs in the granting transaction right before it commits (still under the pool's row
  # lock), with a fresh snapshot: every committed hold not yet released, plus its own.
  for try in $(seq 1 20); do   # a shared server may be out of connections for a moment
    psql -X -q -d "$DB" -Atc 'select 1' >/dev/null 2>&1 && break
    sleep 3
  done
  install_hold_check "$DB" "$HOT_POOL" "$HOT_LIMIT" || die "could not install the commit-time check"
fi
log "created pool $HOT_POOL (limit $HOT_LIMIT MESSAGES, team $HOT_TEAM) and $COLD_POOLS pools cold-1..$COLD_POOLS (limit 1e9, one team each)"

# ---------------------------------------------------------------- workloads
if [ "$JIT_WARMUP" -gt 0 ]; then
  log "JIT warm-up: ${JIT_WARMUP}s of each workload (not measured)"
  LOAD_TARGETS=$COLD_TARGETS hold_load jit-cold "$COLD_CONNS" "$COLD_PAIRS" 1 0 "$JIT_WARMUP" >>"$OUT/jit-warmup.txt" 2>&1 \
    || die "JIT warm-up failed, see $OUT/jit-warmup.txt"
  hold_load jit-hot "$HOT_CONNS" "$HOT_TEAM:$HOT_POOL" "$HOT_AMOUNT" 0 "$JIT_WARMUP" >>"$OUT/jit-warmup.txt" 2>&1 \
    || die "JIT warm-up failed, see $OUT/jit-warmup.txt"
fi

analyze_db "$DB"
start_sampler
measure contended "$HOT_CONNS" "$HOT_TEAM:$HOT_POOL" "$HOT_AMOUNT"
stop_sampler
# Samples taken over the warm-up and the measurement
awk 'NF == 3 && $2 ~ /^[0-9]+$/' "$OUT/hot-samples.txt" >"$OUT/hot-samples.clean"
R[hot.samples]=$(wc -l <"$OUT/hot-samples.clean")
R[hot.max_sampled]=$(awk 'BEGIN { m = 0 } $2 > m { m = $2 } END { print m }' "$OUT/hot-samples.clean")
R[hot.over_sampled]=$(awk -v l="$HOT_LIMIT" '$2 > l { n++ } END { print n + 0 }' "$OUT/hot-samples.clean")
R[hot.mean_sampled]=$(awk '{ s += $2 } END { printf "%.1f", NR ? s / NR : 0 }' "$OUT/hot-samples.clean")
# Replay of every hold the pool ever granted (JIT warm-up, warm-up and measurement): +amount
# at created_at, -amount at the release (updated_at); at equal instants releases first. Only an
# estimate, not part of the verdict: created_at is read before the decision's snapshot, so a
# release that commits in between counts as overlapping although the decision did not count it.
R[hot.max_replayed]=$(psql -X -Atd "$DB" -c "
  with ev as (
    select created_at as t, amount as d from reservations where pool_id = '$HOT_POOL' and status <> 'REJECTED'
    union all
    select updated_at, -amount from reservations where pool_id = '$HOT_POOL' and status = 'RELEASED')
  select coalesce(max(s), 0) from (select sum(d) over (order by t, d rows unbounded preceding) as s from ev) x")
if [ "$COMMIT_CHECK" = 1 ]; then
  IFS='|' read -r max_committed checks over_committed \
    < <(psql -X -Atd "$DB" -c "select max_held, checks, over from bench_hot_check")
  R[hot.max_committed]=$max_committed; R[hot.checks]=$checks; R[hot.over_committed]=$over_committed
else
  R[hot.max_committed]=-; R[hot.checks]=0; R[hot.over_committed]=0
fi
R[hot.replayed_holds]=$(psql -X -Atd "$DB" -c "select count(*) from reservations where pool_id = '$HOT_POOL'")
R[hot.still_held]=$(psql -X -Atd "$DB" -c "select count(*) from reservations where pool_id = '$HOT_POOL' and status = 'HELD'")
log "contended: ${R[hot.samples]} samples every ${SAMPLE_MS} ms, max held ${R[hot.max_sampled]} (mean ${R[hot.mean_sampled]})" \
  "of limit $HOT_LIMIT, ${R[hot.over_sampled]} samples over; commit-time check: max ${R[hot.max_committed]} in ${R[hot.checks]} grants," \
  "${R[hot.over_committed]} over; replay estimate of ${R[hot.replayed_holds]} holds: ${R[hot.max_replayed]}"

LOAD_TARGETS=$COLD_TARGETS measure uncontended "$COLD_CONNS" "$COLD_PAIRS" 1
R[db.reservations]=$(psql -X -Atd "$DB" -c "select count(*) from reservations")
R[db.size]=$(psql -X -Atd "$DB" -c "select pg_size_pretty(pg_total_relation_size('reservations'))")
R[end.load]=$(cut -d' ' -f1-3 /proc/loadavg)

# ---------------------------------------------------------------- summary
{
  echo
  echo "== Quota Broker holds benchmark (issue #4) $RUN_ID =="
  cat "$OUT/machine.txt"
  echo "uncontended:  on $COLD_INSTANCES instance(s) ($COLD_TARGETS)"
  echo "durations:    JIT warm-up ${JIT_WARMUP}s x 2 after start-up; warm-up ${WARMUP}s + measured ${DURATION}s per workload; pgbench ${BASELINE_SECS}s per workload"
  echo "load average: ${R[start.load]} at start, ${R[end.load]} at the end"
  echo
  echo "pgbench baselines (64 clients, same PostgreSQL, same run; load ${R[baseline.load_before]} -> ${R[baseline.load_after]}):"
  sed 's/^/  /' "$OUT/pg-baseline.txt"
  echo
  printf '%-40s %5s %10s %8s %8s %7s %6s %7s %7s %7s %7s %s\n' workload conns decisions/s grants/s rejected errors relerr \
    p50_ms p90_ms p99_ms max_ms "batch i1/i2; cores jvm1/jvm2/pg/client/all; load before->after"
  for w in contended uncontended; do
    case $w in
      contended) label="contended: 1 pool, limit $HOT_LIMIT, amount $HOT_AMOUNT" ;;
      uncontended) label="uncontended: $COLD_POOLS pools, amount 1" ;;
    esac
    printf '%-40s %5s %10s %8s %8s %7s %6s %7s %7s %7s %7s %s\n' "$label" "${R[$w.conns]}" "${R[$w.decisions_per_s]}" \
      "${R[$w.grants_per_s]}" "${R[$w.rejected]}" "${R[$w.errors]}" "${R[$w.release_errors]}" "$(ms "${R[$w.p50_us]}")" \
      "$(ms "${R[$w.p90_us]}")" "$(ms "${R[$w.p99_us]}")" "$(ms "${R[$w.max_us]}")" \
      "${R[$w.batch1]}/${R[$w.batch2]}; ${R[$w.cpu_jvm1]}/${R[$w.cpu_jvm2]}/${R[$w.cpu_pg]}/${R[$w.cpu_client]}/${R[$w.cpu_all]}; ${R[$w.load_before]} -> ${R[$w.load_after]}"
  done
  echo
  echo "contended pool: ${R[hot.samples]} samples (every ${SAMPLE_MS} ms) of the amount HELD: max ${R[hot.max_sampled]}, mean ${R[hot.mean_sampled]}, limit $HOT_LIMIT, ${R[hot.over_sampled]} over the limit"
  echo "                commit-time check (COMMIT_CHECK=$COMMIT_CHECK) at each of ${R[hot.checks]} grants: max held ${R[hot.max_committed]}, ${R[hot.over_committed]} over the limit"
  echo "                replay estimate of all ${R[hot.replayed_holds]} holds (created_at .. release, an upper bound): ${R[hot.max_replayed]}; ${R[hot.still_held]} still HELD at the end"
  echo "CPU per decision (release included): contended jvm ${R[contended.ms_jvm]} ms + pg ${R[contended.ms_pg]} ms;" \
    "uncontended jvm ${R[uncontended.ms_jvm]} ms + pg ${R[uncontended.ms_pg]} ms"
  echo "reservations table at the end: ${R[db.reservations]} rows, ${R[db.size]}"
  echo
  echo "targets:"
  r1=$(awk -v a="${R[contended.grants_per_s]}" -v b="${R[base.hotrow.tps]}" 'BEGIN { printf "%.2f", a / b }')
  r1d=$(awk -v a="${R[contended.decisions_per_s]}" -v b="${R[base.hotrow.tps]}" 'BEGIN { printf "%.2f", a / b }')
  printf '  %-100s %s\n' "contended grants, $HOT_CONNS conns / 2 instances: ${R[contended.grants_per_s]}/s = ${r1} x pgbench hotrow (${R[base.hotrow.tps]} tps) >= 0.50 (decisions ${r1d} x)" \
    "$(verdict "$(awk -v r="$r1" 'BEGIN { print (r >= 0.5) }')")"
  printf '  %-100s %s\n' "zero oversubscription: sampled max ${R[hot.max_sampled]} (${R[hot.over_sampled]} over), at commit max ${R[hot.max_committed]} (${R[hot.over_committed]} over), limit $HOT_LIMIT" \
    "$(verdict "$(awk -v o="${R[hot.over_sampled]}" -v c="${R[hot.over_committed]}" -v n="${R[hot.samples]}" 'BEGIN { print (o == 0 && c == 0 && n > 0) }')")"
  printf '  %-100s %s\n' "uncontended, $COLD_POOLS pools, $COLD_CONNS conns / $COLD_INSTANCES instance(s): ${R[uncontended.grants_per_s]} holds/s >= 3000" \
    "$(verdict "$(awk -v g="${R[uncontended.grants_per_s]}" 'BEGIN { print (g >= 3000) }')")"
  # The issue sets 3,000/s where pgbench hotrow reaches "about 2,000/s": 1.5 x hotrow on a
  # machine of another speed.
  r3=$(awk -v a="${R[uncontended.grants_per_s]}" -v b="${R[base.hotrow.tps]}" 'BEGIN { printf "%.2f", a / b }')
  printf '  %-100s %s\n' "  the same scaled to this machine: ${R[uncontended.grants_per_s]}/s = ${r3} x pgbench hotrow >= 1.50 (3,000 / 2,000)" \
    "$(verdict "$(awk -v r="$r3" 'BEGIN { print (r >= 1.5) }')")"
} | tee "$OUT/summary.txt"
log "done; raw output in $OUT"
