#!/usr/bin/env bash
# Benchmark of issue #5 (the queue), in one run on one machine with PostgreSQL on the same
# machine: "With 10,000 queued requests across 20 pools, granting after a release takes under
# 50 ms p99 and the enqueue path keeps at least 1,000 requests/s."
#
#   1. pgbench baselines (../shared/bench/pg-baseline.sh, 64 clients); `insert1` (one row per
#      transaction) is the reference of the enqueue path (one queued row per request)
#   2. a fresh database, INSTANCES (1 or 2) instances of the jar; through the API: POOLS pools
#      (POOL_LIMIT MESSAGES, rolling PT5H), TEAMS teams allocated to every pool with
#      {"borrowLimitPercent":null} (shares do not bind), each pool filled completely with
#      BLOCK_HOLDS holds of BLOCK_AMOUNT (ttl TTL) of one more team, `qblocker`, that queues
#      nothing (so a release changes no queued team's share and the queue head read before
#      the release is the first it grants); the same again for POOLS warm-up pools
#   3. JIT warm-up (not measured): WARMUP_N queued requests and WARMUP_RELEASES grants on the
#      warm-up pools, which keep their queues but are never touched again
#   4. enqueue: N queued requests ("queue":true, request i on pool i mod POOLS, random team,
#      amount 1..MAX_AMOUNT, mixed priorities, seeded) over CONNS connections (thread i on
#      instance i mod INSTANCES); every one must answer 202 QUEUED; requests/s and latency
#   5. grant after release: RELEASES times, one at a time, round robin over the pools: read
#      the queue head (GET /pools/{pool}/queue?limit=1), release one blocking hold, long-poll
#      the head (?waitFor=HELD). (Beyond POOLS x BLOCK_HOLDS releases, heads granted before are
#      released, which changes shares, so a head may then not be the first granted: keep
#      RELEASES <= POOLS x BLOCK_HOLDS.) Measured three ways:
#      end to end at the client (release call start -> long-poll answers HELD); in the
#      database (the head's grant time minus the released hold's release time, both written
#      by the service's clock); and the server's quota_queue_dispatch_seconds histogram
#      (scraped before and after, summed over instances)
#   6. a summary table with targets and ratios
# On exit (also on error or Ctrl-C) the servers are stopped and the database dropped.
#
#   usage: bench/queue.sh
#   env:   INSTANCES (1)  POOLS (20)  TEAMS (4)  POOL_LIMIT (1000)  BLOCK_HOLDS (10)  BLOCK_AMOUNT (100)
#          N (10000)  CONNS (64)  MAX_AMOUNT (20)  PRIORITIES (CRITICAL,HIGH,MEDIUM,MEDIUM,LOW,LOW)
#          RELEASES (200)  TTL (PT2H)  WAIT_TIMEOUT (PT10S)  SEED (1)
#          WARMUP_N (2000)  WARMUP_RELEASES (40)  (0 and 0 = no warm-up pools)
#          BASELINE_SECS (15)  BASELINE_TRIES (15)  ANALYZE (1: VACUUM ANALYZE the database after setup
#                   and warm-up, as autovacuum would on a running service; 0: leave it to autovacuum)
#          PROFILE (0; 1 = JFR CPU profile of each instance during enqueue and during grants,
#                   hottest frames in bench/out/<run-id>/<phase>-<i>.profile.txt)
#          PG_BASELINE (../shared/bench/pg-baseline.sh)  PGHOST (127.0.0.1) PGPORT (5432) PGUSER (postgres)
#          DB_PREFIX (qb: the database is <prefix>_qbench_queue_<pid>)  START_TIMEOUT (120: seconds an instance may take to start)
#          BENCH_PORT (first of INSTANCES free ports from 28380)
#          JAVA (java)  JAVA_OPTS (-Xms768m -Xmx768m -XX:+UseG1GC)  JAR (target/quota-broker-*.jar)
#          CLIENT_OPTS (-Xmx256m)  SERVER_ENV (extra VAR=value pairs for the instances)
# Output: bench/out/<run-id>/ (server logs, pgbench and client output, metrics, summary.txt)
set -euo pipefail

cd "$(dirname "$0")/.."
. bench/lib.sh
ROOT=$(pwd)

INSTANCES=${INSTANCES:-1}
POOLS=${POOLS:-20}
TEAMS=${TEAMS:-4}
POOL_LIMIT=${POOL_LIMIT:-1000}
BLOCK_HOLDS=${BLOCK_HOLDS:-10}
BLOCK_AMOUNT=${BLOCK_AMOUNT:-100}
N=${N:-10000}
CONNS=${CONNS:-64}
MAX_AMOUNT=${MAX_AMOUNT:-20}
PRIORITIES=${PRIORITIES:-CRITICAL,HIGH,MEDIUM,MEDIUM,LOW,LOW}
RELEASES=${RELEASES:-200}
TTL=${TTL:-PT2H}
WAIT_TIMEOUT=${WAIT_TIMEOUT:-PT10S}
SEED=${SEED:-1}
WARMUP_N=${WARMUP_N:-2000}
WARMUP_RELEASES=${WARMUP_RELEASES:-40}
BASELINE_SECS=${BASELINE_SECS:-15}
BASELINE_TRIES=${BASELINE_TRIES:-15}
PROFILE=${PROFILE:-0}
PG_BASELINE=${PG_BASELINE:-../shared/bench/pg-baseline.sh}
SERVER_ENV=${SERVER_ENV:-}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
case $INSTANCES in 1|2) ;; *) echo "INSTANCES must be 1 or 2" >&2; exit 2 ;; esac
PORT1=${BENCH_PORT:-}
if [ -z "$PORT1" ]; then   # free ports from 28380 (other servers may share the machine)
  for PORT1 in $(seq 28380 2 28480); do free_port "$PORT1" && free_port $((PORT1 + 1)) && break; done
fi
PORTS=($PORT1)
[ "$INSTANCES" = 2 ] && PORTS+=($((PORT1 + 1)))
JAVA=${JAVA:-java}
JAVA_OPTS=${JAVA_OPTS:--Xms768m -Xmx768m -XX:+UseG1GC}
CLIENT_OPTS=${CLIENT_OPTS:--Xmx256m}

RUN_ID=$(date -u +%Y%m%dT%H%M%SZ)-$$
OUT=$ROOT/bench/out/$RUN_ID
DB=${DB_PREFIX:-qb}_qbench_queue_$$
TARGETS=$(printf 'http://127.0.0.1:%s,' "${PORTS[@]}"); TARGETS=${TARGETS%,}
PIDS=()
mkdir -p "$OUT"
exec > >(tee "$OUT/run.log") 2>&1


cleanup() {
  local rc=$?
  set +e
  trap '' INT TERM   # a second Ctrl-C must not leave a server or the database behind
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
[ -f "$PG_BASELINE" ] || die "pg baseline script not found: $PG_BASELINE (set PG_BASELINE)"
for p in "${PORTS[@]}"; do free_port "$p" || die "port $p is in use (set BENCH_PORT)"; done

# ---------------------------------------------------------------- machine & CPU accounting
machine() {
  echo "date (UTC):   $(date -u '+%Y-%m-%d %H:%M')"
  echo "cpus:         $(nproc) ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1))"
  echo "memory:       $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
  echo "kernel:       $(uname -r)"
  echo "postgresql:   $(psql -d postgres -Atc 'show server_version') (shared_buffers $(psql -d postgres -Atc 'show shared_buffers'), synchronous_commit $(psql -d postgres -Atc 'show synchronous_commit'), max_connections $(psql -d postgres -Atc 'show max_connections'))"
  echo "jdk:          $("$JAVA" -version 2>&1 | head -1)"
  echo "jvm options:  $JAVA_OPTS (each of $INSTANCES instance(s))${SERVER_ENV:+; env $SERVER_ENV}"
  echo "load client:  bench/QueueLoad.java, $CLIENT_OPTS"
  echo "commit:       $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$ROOT" diff --quiet HEAD -- src 2>/dev/null || echo ' (src modified)')"
}
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
# The backends of this benchmark's database only (PostgreSQL may serve other databases).
pg_pids() { psql -X -Atd postgres -c "select pid from pg_stat_activity where datname = '$DB'" 2>/dev/null || true; }
HZ=$(getconf CLK_TCK)
# wall-clock seconds, JVM ticks, PostgreSQL ticks, machine busy ticks
counters() { echo "$(date +%s.%N) $(ticks_of "${PIDS[@]}") $(ticks_of $(pg_pids)) $(machine_busy)"; }
cores() { awk -v d="$1" -v hz="$HZ" -v w="$2" 'BEGIN { printf "%.2f", (w > 0) ? d / hz / w : 0 }'; }
# Transactions and rows of the benchmark database (pg_stat_database; pg_stat_statements is not
# preloaded on the shared server): commits, rows returned, fetched, inserted, updated
db_stats() {
  psql -X -Atd postgres -F ' ' -c "select xact_commit, tup_returned, tup_fetched, tup_inserted, tup_updated
    from pg_stat_database where datname = '$DB'"
}

profile_start() {
  [ "$PROFILE" = 1 ] || return 0
  local i
  for i in "${!PIDS[@]}"; do
    jcmd "${PIDS[$i]}" JFR.start name="$1" settings=profile filename="$OUT/$1-$((i + 1)).jfr" >/dev/null
  done
}
profile_stop() {
  [ "$PROFILE" = 1 ] || return 0
  local i
  for i in "${!PIDS[@]}"; do
    jcmd "${PIDS[$i]}" JFR.stop name="$1" >/dev/null \
      && jfr_top "$OUT/$1-$((i + 1)).jfr" >"$OUT/$1-$((i + 1)).profile.txt"
  done
}

# The dispatch histogram of all instances: "le count" lines (cumulative), then "sum S", "count C".
dispatch_histogram() {
  local port
  for port in "${PORTS[@]}"; do
    curl -fsS -H "Authorization: Bearer $BENCH_KEY" "http://127.0.0.1:$port/actuator/prometheus"
  done | awk '
    /^quota_queue_dispatch_seconds_bucket/ { match($0, /le="[^"]*"/); le = substr($0, RSTART + 4, RLENGTH - 5); b[le] += $NF }
    /^quota_queue_dispatch_seconds_sum/ { s += $NF }
    /^quota_queue_dispatch_seconds_count/ { c += $NF }
    /^quota_queue_granted_total/ { g += $NF }
    END { for (le in b) print le, b[le]; print "sum", s + 0; print "count", c + 0; print "granted", g + 0 }'
}
# hist_stats <before> <after>: count, mean ms, p50 ms, p99 ms (upper bucket bounds), from the difference
hist_stats() {
  awk 'NR == FNR { a[$1] = $2; next } { d[$1] = $2 - a[$1] }
    END {
      c = d["count"]; printf "count=%d granted=%d mean_ms=%.2f", c, d["granted"], c ? d["sum"] / c * 1000 : 0
      n = 0
      for (k in d) if (k != "sum" && k != "count" && k != "granted" && k != "+Inf") { les[++n] = k + 0 }
      # sort the bucket bounds
      for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (les[j] < les[i]) { t = les[i]; les[i] = les[j]; les[j] = t }
      split("50 90 99", ps, " ")
      for (q = 1; q <= 3; q++) {
        want = c * ps[q] / 100; v = "inf"
        for (i = 1; i <= n; i++) {
          for (k in d) if (k != "sum" && k != "count" && k != "granted" && k + 0 == les[i]) cnt = d[k]
          if (c > 0 && cnt >= want) { v = sprintf("%.1f", les[i] * 1000); break }
        }
        printf " p%s_ms=%s", ps[q], (c ? v : "-")
      }
      printf "\n"
    }' "$1" "$2"
}

declare -A R   # results: R[name.key]
ms() { awk -v u="$1" 'BEGIN { printf "%.1f", u / 1000 }'; }

# ---------------------------------------------------------------- jar, baseline, servers
log "run $RUN_ID, output in $OUT"
machine | tee "$OUT/machine.txt"
R[start.load]=$(loadavg)
echo "load average: ${R[start.load]}; uptime: $(uptime)"

JAR=${JAR:-$(ls "$ROOT"/target/quota-broker-*.jar 2>/dev/null | grep -v plain | head -1 || true)}
if [ -z "$JAR" ] || [ ! -f "$JAR" ]; then
  log "building the jar (./mvnw -q -o package -DskipTests -Djacoco.skip=true)"
  ./mvnw -q -o package -DskipTests -Djacoco.skip=true
  JAR=$(ls "$ROOT"/target/quota-broker-*.jar | grep -v plain | head -1)
fi
log "jar: $JAR"

R[baseline.load_before]=$(loadavg)
log "pgbench baselines (${BASELINE_SECS}s each, 64 clients): $PG_BASELINE"
for try in $(seq 1 "$BASELINE_TRIES"); do
  bash "$PG_BASELINE" "$BASELINE_SECS" 64 >"$OUT/pg-baseline.txt" 2>"$OUT/pg-baseline.err" || true
  cat "$OUT/pg-baseline.txt"
  grep -q '^hotrow ' "$OUT/pg-baseline.txt" && break
  log "pgbench baseline failed ($(grep -o 'FATAL.*' "$OUT/pg-baseline.err" | head -1 || true)); try $try of $BASELINE_TRIES, waiting 20 s"
  [ "$try" = "$BASELINE_TRIES" ] && die "no pgbench baseline"
  sleep 20
done
R[baseline.load_after]=$(loadavg)
for w in insert1 insert100 hotrow; do
  R[base.$w.tps]=$(awk -v w=$w '$1 == w { print $3 }' "$OUT/pg-baseline.txt")
  R[base.$w.lat]=$(awk -v w=$w '$1 == w { print $5 }' "$OUT/pg-baseline.txt")
  [ -n "${R[base.$w.tps]}" ] || die "baseline $w missing from the pg-baseline output"
done

psql -q -d postgres -c "create database $DB" >/dev/null
log "created database $DB"
export BENCH_KEY=${BENCH_KEY:-qb_bench-admin-token}
for i in "${!PORTS[@]}"; do
  start_instance $((i + 1)) "${PORTS[$i]}" "$DB"
done

BASE=http://127.0.0.1:$PORT1
api() {   # api <method> <path> [body]: the body of the answer; fails unless 2xx
  curl -fsS -X "$1" -H "Authorization: Bearer $BENCH_KEY" -H 'Content-Type: application/json' ${3:+-d "$3"} "$BASE$2" \
    || die "$1 $2 failed: $(curl -sS -X "$1" -H "Authorization: Bearer $BENCH_KEY" -H 'Content-Type: application/json' ${3:+-d "$3"} "$BASE$2")"
}
TEAM_IDS=$(seq -f 'qteam-%g' 1 "$TEAMS" | paste -sd,)
# The blocking holds belong to a team of their own that queues nothing: releasing one then
# changes no queued team's share, so the queue's order (and its head) stays as it was read.
for t in ${TEAM_IDS//,/ } qblocker; do api PUT "/teams/$t" "{\"name\":\"$t\",\"timezone\":\"UTC\"}" >/dev/null; done
# setup_pools <prefix>: POOLS pools, every team allocated, each filled with blocking holds
setup_pools() {
  local prefix=$1 n t k
  for n in $(seq 1 "$POOLS"); do
    api PUT "/pools/$prefix-$n" "{\"name\":\"Queue pool $prefix-$n\",\"unit\":\"MESSAGES\",\"limit\":$POOL_LIMIT,
      \"window\":{\"type\":\"ROLLING\",\"duration\":\"PT5H\"},\"models\":[\"*\"]}" >/dev/null
    for t in ${TEAM_IDS//,/ }; do
      api PUT "/pools/$prefix-$n/allocations/$t" '{"weight":1,"borrowLimitPercent":null}' >/dev/null
    done
    api PUT "/pools/$prefix-$n/allocations/qblocker" '{"weight":1,"borrowLimitPercent":null}' >/dev/null
    for k in $(seq 1 "$BLOCK_HOLDS"); do
      t=qblocker
      api POST /reservations "{\"teamId\":\"$t\",\"poolId\":\"$prefix-$n\",\"amount\":$BLOCK_AMOUNT,\"ttl\":\"$TTL\"}" \
        | grep -q '"status":"HELD"' || die "blocking hold $k on $prefix-$n not HELD"
    done
  done
  psql -X -Atd "$DB" -F ' ' -c "select pool_id, id from reservations where pool_id like '$prefix-%' and status = 'HELD'
    order by pool_id, created_at" >"$OUT/$prefix-holds.txt"
}
setup_pools q
POOL_IDS=$(seq -f 'q-%g' 1 "$POOLS" | paste -sd,)
log "created $TEAMS teams, $POOLS pools q-1..$POOLS (limit $POOL_LIMIT MESSAGES, rolling PT5H), each filled with $BLOCK_HOLDS holds of $BLOCK_AMOUNT (ttl $TTL)"

queue_load() {   # queue_load <mode> <pools> [args...]
  local mode=$1 pools=$2; shift 2
  "$JAVA" $CLIENT_OPTS "$ROOT/bench/QueueLoad.java" --mode "$mode" --targets "$TARGETS" --pools "$pools" \
    --key "$BENCH_KEY" "$@"
}

# ---------------------------------------------------------------- JIT warm-up
if [ "$WARMUP_N" -gt 0 ]; then
  setup_pools w
  WARM_IDS=$(seq -f 'w-%g' 1 "$POOLS" | paste -sd,)
  log "JIT warm-up on pools w-1..$POOLS: $WARMUP_N queued requests, $WARMUP_RELEASES grants (not measured)"
  queue_load enqueue "$WARM_IDS" --conns "$CONNS" --n "$WARMUP_N" --teams "$TEAM_IDS" --ttl "$TTL" \
    --max-amount "$MAX_AMOUNT" --priorities "$PRIORITIES" --seed $((SEED + 1000)) >"$OUT/warmup-enqueue.txt" 2>&1 \
    || die "warm-up failed, see $OUT/warmup-enqueue.txt"
  grep '^RESULT' "$OUT/warmup-enqueue.txt" | sed 's/^/  warm-up /'
  if [ "$WARMUP_RELEASES" -gt 0 ]; then
    queue_load grant "$WARM_IDS" --holds "$OUT/w-holds.txt" --releases "$WARMUP_RELEASES" --timeout "$WAIT_TIMEOUT" \
      >"$OUT/warmup-grant.txt" 2>&1 || die "warm-up failed, see $OUT/warmup-grant.txt"
    grep '^RESULT' "$OUT/warmup-grant.txt" | sed 's/^/  warm-up /'
  fi
fi

# ---------------------------------------------------------------- enqueue
run_phase() {   # run_phase <name> <client args...>: client with CPU counters and DB stats around it
  local name=$1; shift
  R[$name.load_before]=$(loadavg)
  db_stats >"$OUT/$name.db0"
  counters >"$OUT/$name.cpu0"
  profile_start "$name"
  queue_load "$@" >"$OUT/$name.txt" 2>"$OUT/$name.err" &
  local cpid=$! seen=0 line
  while kill -0 $cpid 2>/dev/null; do   # relay the client's progress lines
    line=$(grep -c '^PROGRESS' "$OUT/$name.txt" || true)
    if [ "$line" -gt "$seen" ]; then grep '^PROGRESS' "$OUT/$name.txt" | sed -n "$((seen + 1)),${line}p" | sed "s/^/  $name: /"; seen=$line; fi
    sleep 1
  done
  wait $cpid || die "$name client failed, see $OUT/$name.err"
  counters >"$OUT/$name.cpu1"
  profile_stop "$name"
  db_stats >"$OUT/$name.db1"
  R[$name.load_after]=$(loadavg)
  if [ -s "$OUT/$name.err" ]; then log "$name: client stderr (first lines):"; head -5 "$OUT/$name.err"; fi
  local kv k v t0 j0 p0 b0 t1 j1 p1 b1 wall
  line=$(grep '^RESULT ' "$OUT/$name.txt") || die "no RESULT line in $OUT/$name.txt"
  for kv in ${line#RESULT }; do k=${kv%%=*}; v=${kv#*=}; R[$name.$k]=$v; done
  read -r t0 j0 p0 b0 <"$OUT/$name.cpu0"
  read -r t1 j1 p1 b1 <"$OUT/$name.cpu1"
  wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')
  R[$name.cpu_jvm]=$(cores $((j1 - j0)) "$wall")
  R[$name.cpu_pg]=$(cores $((p1 - p0)) "$wall")
  R[$name.cpu_all]=$(cores $((b1 - b0)) "$wall")
  R[$name.jvm_ticks]=$((j1 - j0)); R[$name.pg_ticks]=$((p1 - p0))
  R[$name.db]=$(paste "$OUT/$name.db0" "$OUT/$name.db1" | awk '{ printf "commits %d, rows returned %d, fetched %d, inserted %d, updated %d", $6 - $1, $7 - $2, $8 - $3, $9 - $4, $10 - $5 }')
}

analyze_db "$DB"
hist0=$OUT/dispatch-0.txt; dispatch_histogram >"$hist0"
log "enqueue: $N queued requests over $POOLS pools, $CONNS connections over $INSTANCES instance(s)"
run_phase enqueue enqueue "$POOL_IDS" --conns "$CONNS" --n "$N" --teams "$TEAM_IDS" --ttl "$TTL" \
  --max-amount "$MAX_AMOUNT" --priorities "$PRIORITIES" --seed "$SEED"
R[enqueue.ms_jvm]=$(awk -v d="${R[enqueue.jvm_ticks]}" -v hz="$HZ" -v n="$N" 'BEGIN { printf "%.2f", d / hz / n * 1000 }')
R[enqueue.ms_pg]=$(awk -v d="${R[enqueue.pg_ticks]}" -v hz="$HZ" -v n="$N" 'BEGIN { printf "%.2f", d / hz / n * 1000 }')
R[queued.total]=$(psql -X -Atd "$DB" -c "select count(*) from reservations where pool_id like 'q-%' and status = 'QUEUED'")
R[queued.per_pool]=$(psql -X -Atd "$DB" -c "select min(c) || '..' || max(c) from (select count(*) c from reservations where pool_id like 'q-%' and status = 'QUEUED' group by pool_id) x")
log "enqueue: ${R[enqueue.per_s]} requests/s (first fifth ${R[enqueue.first_fifth_per_s]}/s, last fifth ${R[enqueue.last_fifth_per_s]}/s)," \
  "${R[enqueue.queued]} answered 202, ${R[enqueue.errors]} not; p50 $(ms "${R[enqueue.p50_us]}") ms p99 $(ms "${R[enqueue.p99_us]}") ms" \
  "max $(ms "${R[enqueue.max_us]}") ms; cores jvm ${R[enqueue.cpu_jvm]} pg ${R[enqueue.cpu_pg]} machine ${R[enqueue.cpu_all]};" \
  "CPU per request jvm ${R[enqueue.ms_jvm]} ms pg ${R[enqueue.ms_pg]} ms; ${R[queued.total]} queued (${R[queued.per_pool]} per pool);" \
  "db: ${R[enqueue.db]}; load ${R[enqueue.load_before]} -> ${R[enqueue.load_after]}"

# ---------------------------------------------------------------- grant after release
hist1=$OUT/dispatch-1.txt; dispatch_histogram >"$hist1"
log "grant after release: $RELEASES releases, one at a time, round robin over $POOLS pools with ${R[queued.total]} queued"
run_phase grant grant "$POOL_IDS" --holds "$OUT/q-holds.txt" --releases "$RELEASES" --timeout "$WAIT_TIMEOUT"
hist2=$OUT/dispatch-2.txt; dispatch_histogram >"$hist2"
R[grant.hist]=$(hist_stats "$hist1" "$hist2")
R[enqueue.hist]=$(hist_stats "$hist0" "$hist1")
for kv in ${R[grant.hist]}; do k=${kv%%=*}; v=${kv#*=}; R[hist.$k]=$v; done
R[hist.max_ms]=$(for port in "${PORTS[@]}"; do curl -fsS -H "Authorization: Bearer $BENCH_KEY" "http://127.0.0.1:$port/actuator/prometheus"; done \
  | awk '/^quota_queue_dispatch_seconds_max/ { if ($NF > m) m = $NF } END { printf "%.1f", m * 1000 }')
# In the database: the head's grant (its starts_at, the dispatching transaction's clock) minus
# the released hold's release (its updated_at); both written by the service.
awk '/^GRANT / && / status=HELD/ { for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] } printf "(%s,%s)\n", "\047" v["released"] "\047", "\047" v["head"] "\047" }' \
  "$OUT/grant.txt" | paste -sd, >"$OUT/grant-pairs.txt"
if [ -s "$OUT/grant-pairs.txt" ]; then
  IFS='|' read -r c p50 p99 mx < <(psql -X -Atd "$DB" -c "with p(released, head) as (values $(cat "$OUT/grant-pairs.txt")),
      d as (select extract(epoch from h.starts_at - r.updated_at) * 1000 as ms
            from p join reservations r on r.id = p.released join reservations h on h.id = p.head)
    select count(*), round(percentile_cont(0.5) within group (order by ms)::numeric, 1),
           round(percentile_cont(0.99) within group (order by ms)::numeric, 1), round(max(ms)::numeric, 1) from d")
  R[dbg.count]=$c; R[dbg.p50]=$p50; R[dbg.p99]=$p99; R[dbg.max]=$mx
fi
R[end.load]=$(loadavg)
log "grant: ${R[grant.held]} of ${R[grant.releases]} heads HELD (${R[grant.failed]} failed); end to end p50 $(ms "${R[grant.e2e_p50_us]}")" \
  "p99 $(ms "${R[grant.e2e_p99_us]}") max $(ms "${R[grant.e2e_max_us]}") ms; release call p50 $(ms "${R[grant.release_p50_us]}") p99 $(ms "${R[grant.release_p99_us]}") ms;" \
  "in the database p50 ${R[dbg.p50]:-?} p99 ${R[dbg.p99]:-?} max ${R[dbg.max]:-?} ms; dispatch metric: ${R[grant.hist]}, max ${R[hist.max_ms]} ms;" \
  "db: ${R[grant.db]}; load ${R[grant.load_before]} -> ${R[grant.load_after]}"

# ---------------------------------------------------------------- summary
{
  echo
  echo "== Quota Broker queue benchmark (issue #5) $RUN_ID =="
  cat "$OUT/machine.txt"
  echo "setup:        $INSTANCES instance(s); $POOLS pools x limit $POOL_LIMIT, $TEAMS teams (borrowLimitPercent null), $BLOCK_HOLDS blocking holds of $BLOCK_AMOUNT per pool; JIT warm-up $WARMUP_N queued + $WARMUP_RELEASES grants on other pools"
  echo "load average: ${R[start.load]} at start, ${R[end.load]} at the end"
  echo
  echo "pgbench baselines (64 clients, same PostgreSQL, same run; load ${R[baseline.load_before]} -> ${R[baseline.load_after]}):"
  sed 's/^/  /' "$OUT/pg-baseline.txt"
  echo
  echo "enqueue ($N requests, $CONNS conns, load ${R[enqueue.load_before]} -> ${R[enqueue.load_after]}):"
  echo "  ${R[enqueue.per_s]} requests/s over ${R[enqueue.seconds]} s (first fifth ${R[enqueue.first_fifth_per_s]}/s, last fifth ${R[enqueue.last_fifth_per_s]}/s); statuses ${R[enqueue.statuses]}"
  echo "  latency p50 $(ms "${R[enqueue.p50_us]}") / p90 $(ms "${R[enqueue.p90_us]}") / p99 $(ms "${R[enqueue.p99_us]}") / max $(ms "${R[enqueue.max_us]}") ms"
  echo "  cores jvm ${R[enqueue.cpu_jvm]} pg ${R[enqueue.cpu_pg]} machine ${R[enqueue.cpu_all]}; CPU per request jvm ${R[enqueue.ms_jvm]} ms, pg ${R[enqueue.ms_pg]} ms"
  echo "  db: ${R[enqueue.db]}; dispatches meanwhile: ${R[enqueue.hist]}"
  echo "  at the end: ${R[queued.total]} queued (${R[queued.per_pool]} per pool)"
  echo
  echo "grant after release ($RELEASES releases, one at a time; load ${R[grant.load_before]} -> ${R[grant.load_after]}):"
  echo "  heads HELD ${R[grant.held]}, failed ${R[grant.failed]}"
  printf '  %-58s %8s %8s %8s %8s\n' measure p50_ms p90_ms p99_ms max_ms
  printf '  %-58s %8s %8s %8s %8s\n' "end to end (release start -> long-poll answers HELD)" "$(ms "${R[grant.e2e_p50_us]}")" "$(ms "${R[grant.e2e_p90_us]}")" "$(ms "${R[grant.e2e_p99_us]}")" "$(ms "${R[grant.e2e_max_us]}")"
  printf '  %-58s %8s %8s %8s %8s\n' "release call alone" "$(ms "${R[grant.release_p50_us]}")" - "$(ms "${R[grant.release_p99_us]}")" "$(ms "${R[grant.release_max_us]}")"
  printf '  %-58s %8s %8s %8s %8s\n' "in the database (head granted - hold released, ${R[dbg.count]:-0})" "${R[dbg.p50]:--}" - "${R[dbg.p99]:--}" "${R[dbg.max]:--}"
  printf '  %-58s %8s %8s %8s %8s\n' "server quota_queue_dispatch_seconds (${R[hist.count]} dispatches)" "${R[hist.p50_ms]}" "${R[hist.p90_ms]}" "${R[hist.p99_ms]}" "${R[hist.max_ms]}"
  echo "  dispatch metric mean ${R[hist.mean_ms]} ms (bucket upper bounds for percentiles; max is the recent-window gauge); granted by dispatch ${R[hist.granted]}"
  echo "  cores jvm ${R[grant.cpu_jvm]} pg ${R[grant.cpu_pg]} machine ${R[grant.cpu_all]}; db: ${R[grant.db]}"
  echo
  echo "targets:"
  r1=$(awk -v a="${R[enqueue.per_s]}" -v b="${R[base.insert1.tps]}" 'BEGIN { printf "%.2f", a / b }')
  printf '  %-104s %s\n' "enqueue ${R[enqueue.per_s]} requests/s >= 1000 (= ${r1} x pgbench insert1 ${R[base.insert1.tps]} tps), all 202: ${R[enqueue.queued]}/$N" \
    "$(verdict "$(awk -v g="${R[enqueue.per_s]}" -v q="${R[enqueue.queued]}" -v n="$N" 'BEGIN { print (g >= 1000 && q == n) }')")"
  printf '  %-104s %s\n' "grant after release, end to end p99 $(ms "${R[grant.e2e_p99_us]}") ms < 50 ms (${R[grant.held]}/$RELEASES HELD)" \
    "$(verdict "$(awk -v p="${R[grant.e2e_p99_us]}" -v h="${R[grant.held]}" -v n="$RELEASES" 'BEGIN { print (p < 50000 && h == n) }')")"
  printf '  %-104s %s\n' "grant after release, server dispatch p99 <= ${R[hist.p99_ms]} ms < 50 ms" \
    "$(verdict "$(awk -v p="${R[hist.p99_ms]}" 'BEGIN { print (p != "inf" && p != "-" && p + 0 < 50) }')")"
} | tee "$OUT/summary.txt"
log "done; raw output in $OUT"
