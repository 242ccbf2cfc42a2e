#!/usr/bin/env bash
# Time-to-speed of a freshly started instance (issue #17, "Warm-up"): the replica an operator
# adds under load. In one run on one machine, with PostgreSQL on the same machine:
#
#   1. pgbench baselines (../shared/bench/pg-baseline.sh, 64 clients): hotrow is the reference
#      of contended holds, insert1 of single-event ingest
#   2. a template database, migrated and seeded by a throw-away instance (the pool, teams and
#      allocations of bench/holds.sh's contended workload and bench/run.sh's ingest), vacuumed
#   3. for each round, for each variant (JVM, jar, options): a fresh copy of the template, the
#      variant's JVM started cold on it, and as soon as it answers healthy the load at once, for
#      DURATION seconds, printed per INTERVAL: decisions/s and p99 of each workload, and the CPU
#      of the JVM, of its JIT compiler threads, of PostgreSQL's backends for this database and
#      of the whole machine
#   4. per run: start-up time (launch to healthy), the mean of the first 30 and 60 s, the mean
#      of the last TAIL_SECS ("at speed"), and time-to-speed: the end of the first slot that
#      reaches SPEED_FRACTION of the at-speed mean, counted from the load's start and from the
#      launch; a summary table of all runs with the ratios to pgbench
#
# Workloads (WORKLOAD): holds = contended holds, HOT_CONNS connections holding on ONE pool and
# releasing each grant (bench/holds.sh's contended workload, one instance); events = single-event
# POST /usage-events on EVENT_CONNS connections (bench/run.sh's single-event workload); both =
# the two at once. The load client is bench/HoldLoad.java (--interval), compiled once per run.
#
# Variants, compared in one run (rounds interleave them, A B C A B C, against drift):
#   VARIANTS="name|java|jar|extra options;name|java|jar|extra options;..."
# e.g. Java 17, Java 25, and Java 25 with an AOT cache made by src/main/docker/aot-cache.sh (the cache
# belongs to the extracted jar it was trained on, started by the same path):
#   J25=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java J=target/quota-broker-0.1.0-SNAPSHOT.jar
#   $J25 -Djarmode=tools -jar $J extract --destination /tmp/qb-aot     # /tmp/qb-aot/quota-broker-0.1.0-SNAPSHOT.jar, lib/
#   ... src/main/docker/aot-cache.sh /tmp/qb-aot/quota-broker-0.1.0-SNAPSHOT.jar /tmp/qb-aot/app.aot
#   VARIANTS="j17|java|$J|;j25|$J25|$J|;j25-aot|$J25|/tmp/qb-aot/quota-broker-0.1.0-SNAPSHOT.jar|\
#   -XX:AOTCache=/tmp/qb-aot/app.aot -XX:AOTMode=on" ROUNDS=3 bench/warmup.sh
# (bench/warmup-compare.sh does all of this for one jar.)
# Without VARIANTS: one variant, "run", of JAVA, JAR and, when AOT_CACHE is set,
# -XX:AOTCache=$AOT_CACHE. JAVA_OPTS is given to every variant before its own options.
#
#   usage: bench/warmup.sh
#   env:   DURATION (120)  INTERVAL (5)  ROUNDS (1)  WORKLOAD (holds | events | both)
#          SPEED_FRACTION (0.9)  TAIL_SECS (30)
#          HOT_CONNS (64)  HOT_LIMIT (100)  HOT_AMOUNT (2)  TTL (PT5M)  EVENT_CONNS (64)
#          VARIANTS  JAVA (java)  JAR (target/quota-broker-*.jar)  AOT_CACHE
#          JAVA_OPTS (-Xms768m -Xmx768m -XX:+UseG1GC)  SERVER_ENV (extra VAR=value pairs for the server)
#          CLIENT_JAVA (java)  CLIENT_OPTS (-Xmx256m)  BASELINE_SECS (10)
#          BASELINE_TRIES (3, 20 s apart; a shared PostgreSQL may have fewer than 64 connections
#          free: then the baseline is tried again after the runs, and the ratios are left out without it)
#          PG_BASELINE (../shared/bench/pg-baseline.sh)  PGHOST (127.0.0.1) PGPORT (5432) PGUSER (postgres)
#          DB_PREFIX (qb: databases <prefix>_bench_warm_<pid>_*)  BENCH_PORT (first free from 28380)
#          START_TIMEOUT (300: seconds an instance may take to answer healthy)
# Output: bench/out/<run-id>/ (server logs, per-slot tables <run>.slots.txt, samples, summary.txt)
set -euo pipefail

cd "$(dirname "$0")/.."
. bench/lib.sh
ROOT=$(pwd)

DURATION=${DURATION:-120}
export START_TIMEOUT=${START_TIMEOUT:-300}
INTERVAL=${INTERVAL:-5}
ROUNDS=${ROUNDS:-1}
WORKLOAD=${WORKLOAD:-holds}
SPEED_FRACTION=${SPEED_FRACTION:-0.9}
TAIL_SECS=${TAIL_SECS:-30}
HOT_CONNS=${HOT_CONNS:-64}
HOT_LIMIT=${HOT_LIMIT:-100}
HOT_AMOUNT=${HOT_AMOUNT:-2}
TTL=${TTL:-PT5M}
EVENT_CONNS=${EVENT_CONNS:-64}
BASELINE_SECS=${BASELINE_SECS:-10}
BASELINE_TRIES=${BASELINE_TRIES:-3}
PG_BASELINE=${PG_BASELINE:-../shared/bench/pg-baseline.sh}
SERVER_ENV=${SERVER_ENV:-}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
JAVA=${JAVA:-java}
BASE_OPTS=${JAVA_OPTS:--Xms768m -Xmx768m -XX:+UseG1GC}
CLIENT_JAVA=${CLIENT_JAVA:-java}
CLIENT_OPTS=${CLIENT_OPTS:--Xmx256m}
PORT=${BENCH_PORT:-}
if [ -z "$PORT" ]; then
  for PORT in $(seq 28380 28480); do free_port "$PORT" && break; done
fi
HOT_POOL=hot-pool
HOT_TEAM=hot-team
EVENT_TEAMS=bench-t1,bench-t2,bench-t3,bench-t4
case $WORKLOAD in holds | events | both) ;; *) die "WORKLOAD must be holds, events or both" ;; esac

RUN_ID=$(date -u +%Y%m%dT%H%M%SZ)-$$
OUT=$ROOT/bench/out/warmup-$RUN_ID
DB=${DB_PREFIX:-qb}_bench_warm_$$
TEMPLATE=${DB}_tpl
export BENCH_KEY=${BENCH_KEY:-qb_bench-admin-token}
PIDS=()
DBS=()
SAMPLER_PID=
mkdir -p "$OUT"
exec > >(tee "$OUT/run.log") 2>&1

cleanup() {
  local rc=$? pid db
  set +e
  [ -n "$SAMPLER_PID" ] && stop_pid "$SAMPLER_PID"
  for pid in "${PIDS[@]}"; do
    log "stopping server (pid $pid)"
    stop_pid "$pid"
  done
  for db in "${DBS[@]}"; do
    psql -q -d postgres -c "drop database if exists $db with (force)" >/dev/null 2>&1 && log "dropped database $db"
  done
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for tool in psql pgbench curl javac "$CLIENT_JAVA"; do
  command -v "$tool" >/dev/null || die "$tool not found"
done
[ -f "$PG_BASELINE" ] || die "pg baseline script not found: $PG_BASELINE (set PG_BASELINE)"
free_port "$PORT" || die "port $PORT is in use (set BENCH_PORT)"

JAR=${JAR:-$(ls "$ROOT"/target/quota-broker-*.jar 2>/dev/null | grep -v plain | head -1 || true)}
if [ -z "${VARIANTS:-}" ]; then
  [ -n "$JAR" ] && [ -f "$JAR" ] || die "no jar: build one (./mvnw -DskipTests package) or set JAR"
  VARIANTS="run|$JAVA|$JAR|${AOT_CACHE:+-XX:AOTCache=$AOT_CACHE}"
fi
IFS=';' read -r -a VARIANT_LIST <<<"$VARIANTS"
for v in "${VARIANT_LIST[@]}"; do
  IFS='|' read -r name java jar opts <<<"$v"
  [ -n "$name" ] && [ -f "$jar" ] || die "variant '$v': no such jar"
  command -v "$java" >/dev/null || die "variant $name: $java not found"
done

# ---------------------------------------------------------------- machine & CPU accounting
HZ=$(getconf CLK_TCK)
{
  echo "date (UTC):   $(date -u '+%Y-%m-%d %H:%M')"
  echo "cpus:         $(nproc) ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1))"
  echo "memory:       $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
  echo "postgresql:   $(psql -d postgres -Atc 'show server_version')"
  echo "workload:     $WORKLOAD for ${DURATION}s from the moment the instance answers healthy, per ${INTERVAL}s;" \
    "holds: $HOT_CONNS conns on 1 pool (limit $HOT_LIMIT, amount $HOT_AMOUNT); events: $EVENT_CONNS conns"
  echo "jvm options:  $BASE_OPTS (every variant)${SERVER_ENV:+; env $SERVER_ENV}"
  for v in "${VARIANT_LIST[@]}"; do
    IFS='|' read -r name java jar opts <<<"$v"
    echo "variant:      $name: $("$java" -version 2>&1 | head -1), $jar${opts:+, $opts}"
  done
  echo "load client:  bench/HoldLoad.java on $("$CLIENT_JAVA" -version 2>&1 | head -1), $CLIENT_OPTS"
  echo "commit:       $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')"
} | tee "$OUT/machine.txt"

# CPU ticks of the JIT compiler threads of <pid> ("C1 CompilerThre", "C2 CompilerThre"; the
# name may contain spaces, so the fields are counted after its closing parenthesis).
jit_ticks() {
  cat /proc/"$1"/task/*/stat 2>/dev/null | awk '{
      close_at = index($0, ") "); name = substr($0, index($0, "(") + 1, close_at - index($0, "(") - 1)
      if (name ~ /^C[12] CompilerThre/) { split(substr($0, close_at + 2), f, " "); s += f[12] + f[13] }
    } END { print s + 0 }'
}
db_backends() { psql -X -Atd postgres -c "select pid from pg_stat_activity where datname = '$1'" 2>/dev/null || true; }

# One line a second from <t0> (epoch s) while <pid> lives: time, JVM, JIT and PostgreSQL-backend
# ticks, machine busy ticks, 1-minute load average. The per-slot CPU is taken between the samples
# nearest to each slot's bounds (within half a second).
sampler() {   # sampler <pid> <db> <t0>
  local pid=$1 db=$2 t0=$3 i=0 wait
  while kill -0 "$pid" 2>/dev/null; do
    echo "$(date +%s.%N) $(ticks_of "$pid") $(jit_ticks "$pid") $(ticks_of $(db_backends "$db")) $(machine_busy) $(cut -d' ' -f1 /proc/loadavg)"
    i=$((i + 1))
    wait=$(awk -v t="$t0" -v i="$i" -v now="$(date +%s.%N)" 'BEGIN { w = t + i - now; print (w > 0) ? w : 0 }')
    sleep "$wait"
  done
}

# ---------------------------------------------------------------- load client, baseline
mkdir -p "$OUT/client"
javac -d "$OUT/client" "$ROOT/bench/HoldLoad.java" || die "could not compile bench/HoldLoad.java"

load() {   # load <label> <holds|events> <conns> <pairs> <secs> <base-url>
  "$CLIENT_JAVA" $CLIENT_OPTS -cp "$OUT/client" HoldLoad --targets "$6" --conns "$3" --pairs "$4" --mode "$2" \
    --amount "$HOT_AMOUNT" --ttl "$TTL" --warmup 0 --duration "$5" --interval "$INTERVAL" --key "$BENCH_KEY" --label "$1"
}

log "run $RUN_ID, output in $OUT; load average $(cut -d' ' -f1-3 /proc/loadavg)"
BASE_LOAD=
HOTROW=
INSERT1=
pg_baseline() {
  local try load0
  load0=$(cut -d' ' -f1-3 /proc/loadavg)
  log "pgbench baselines (${BASELINE_SECS}s each, 64 clients): $PG_BASELINE"
  for try in $(seq 1 "$BASELINE_TRIES"); do
    bash "$PG_BASELINE" "$BASELINE_SECS" 64 >"$OUT/pg-baseline.txt" 2>"$OUT/pg-baseline.err" || true
    if grep -q '^hotrow ' "$OUT/pg-baseline.txt"; then
      cat "$OUT/pg-baseline.txt"
      BASE_LOAD="$load0 -> $(cut -d' ' -f1-3 /proc/loadavg)"
      HOTROW=$(awk '$1 == "hotrow" { print $3 }' "$OUT/pg-baseline.txt")
      INSERT1=$(awk '$1 == "insert1" { print $3 }' "$OUT/pg-baseline.txt")
      return 0
    fi
    log "pgbench baseline failed ($(psql -X -Atd postgres -c 'select count(*) from pg_stat_activity' 2>/dev/null) of" \
      "$(psql -X -Atd postgres -c 'show max_connections' 2>/dev/null) connections in use); try $try of $BASELINE_TRIES"
    [ "$try" = "$BASELINE_TRIES" ] || sleep 20
  done
  return 1
}
BASELINE_WHEN=before
pg_baseline || { BASELINE_WHEN=after; log "no baseline yet: tried again after the runs"; }

# ---------------------------------------------------------------- template database
psql -q -d postgres -c "create database $TEMPLATE" >/dev/null
DBS+=("$TEMPLATE")
IFS='|' read -r _ JAVA JAR _ <<<"${VARIANT_LIST[0]}"
JAVA_OPTS=$BASE_OPTS
BASE=http://127.0.0.1:$PORT
log "seeding the template database $TEMPLATE with a throw-away instance"
start_instance seed "$PORT" "$TEMPLATE"
put "/pools/$HOT_POOL" "{\"name\":\"Contended pool\",\"unit\":\"MESSAGES\",\"limit\":$HOT_LIMIT,
  \"window\":{\"type\":\"ROLLING\",\"duration\":\"PT5H\"},\"models\":[\"*\"]}"
put "/teams/$HOT_TEAM" '{"name":"Contended team","timezone":"UTC"}'
put "/pools/$HOT_POOL/allocations/$HOT_TEAM" '{"weight":1}'
put /pools/p5h-all '{"name":"Rolling 5h, all models","unit":"TOKENS","limit":2000000000000,
  "window":{"type":"ROLLING","duration":"PT5H"},"models":["*"]}'
put /pools/pweek-opus '{"name":"Weekly, Opus","unit":"MESSAGES","limit":500000000,
  "window":{"type":"CALENDAR","period":"WEEKLY","resetTime":"00:00","resetDay":"SUNDAY","timezone":"America/New_York"},
  "models":["claude-opus-*"]}'
zones=(Europe/Berlin America/New_York Asia/Kolkata UTC)
i=0
for t in ${EVENT_TEAMS//,/ }; do
  put "/teams/$t" "{\"name\":\"Bench team $t\",\"timezone\":\"${zones[$i]}\"}"
  for p in p5h-all pweek-opus; do put "/pools/$p/allocations/$t" '{"weight":1}'; done
  i=$((i + 1))
done
stop_pid "${PIDS[0]}"
PIDS=()
psql -X -q -d "$TEMPLATE" -c "vacuum analyze" && log "seeded: pool $HOT_POOL (limit $HOT_LIMIT) with $HOT_TEAM;" \
  "pools p5h-all, pweek-opus with teams $EVENT_TEAMS; vacuumed and analyzed"

# ---------------------------------------------------------------- one cold start
# Per-run results, one line each: round variant startup_s load1 then, per workload, its figures.
: >"$OUT/runs.txt"

# Figures of one workload from its SLOT lines: slot-1 rate, first-30 s and first-60 s means,
# at-speed mean (last TAIL_SECS), time-to-speed (end of the first slot >= SPEED_FRACTION x
# at-speed), p99 of slot 1 and the median p99 of the at-speed slots.
slot_figures() {   # slot_figures <client output>
  awk -v tail="$TAIL_SECS" -v frac="$SPEED_FRACTION" '
    /^SLOT / { n++; for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
      to[n] = v["to_s"]; from[n] = v["from_s"]; d[n] = v["decisions"]; r[n] = v["decisions_per_s"]; p99[n] = v["p99_us"] }
    END {
      if (n == 0) { print "- - - - - - -"; exit }
      end = to[n]; td = 0; tt = 0; k = 0
      for (i = 1; i <= n; i++) if (from[i] >= end - tail - 0.01) { td += d[i]; tt += to[i] - from[i]; tp[++k] = p99[i] }
      at = tt ? td / tt : 0
      for (w = 30; w <= 60; w += 30) { s = 0; t = 0; for (i = 1; i <= n && to[i] <= w + 0.01; i++) { s += d[i]; t += to[i] - from[i] }; m[w] = t ? s / t : 0 }
      tts = "never"; for (i = 1; i <= n; i++) if (r[i] >= frac * at) { tts = to[i]; break }
      for (i = 2; i <= k; i++) { x = tp[i]; for (j = i - 1; j >= 1 && tp[j] > x; j--) tp[j + 1] = tp[j]; tp[j + 1] = x }
      med = tp[int((k + 1) / 2)]
      printf "%.1f %.1f %.1f %.1f %s %.1f %.1f\n", r[1], m[30], m[60], at, tts, p99[1] / 1000, med / 1000
    }' "$1"
}

run_variant() {   # run_variant <round> <name> <java> <jar> <opts>
  # the tag names the instance in bench/lib.sh (FAKETIME_<tag>), so letters, digits and _ only
  local round=$1 name=$2 tag="${2//[^a-zA-Z0-9]/_}_r$1" db="${DB}_${2//[^a-zA-Z0-9]/_}_r$1" pid t_launch t_up startup load1 try cpids=()
  JAVA=$3 JAR=$4 JAVA_OPTS="$BASE_OPTS${5:+ $5}"
  for try in $(seq 1 20); do   # the template must have no session (autovacuum) for a moment
    psql -X -q -d postgres -c "create database $db template $TEMPLATE" >/dev/null 2>"$OUT/createdb.err" && break
    [ "$try" = 20 ] && die "could not copy the template: $(cat "$OUT/createdb.err")"
    sleep 1
  done
  DBS+=("$db")
  load1=$(cut -d' ' -f1-3 /proc/loadavg)
  log "== $tag: $JAVA $JAVA_OPTS -jar $JAR (load $load1)"
  t_launch=$(date +%s.%N)
  launch_instance "$tag" "$PORT" "$db"
  pid=${PIDS[${#PIDS[@]}-1]}
  SAMPLER_PID=
  sampler "$pid" "$db" "$t_launch" >"$OUT/$tag.samples" &
  SAMPLER_PID=$!
  until curl -fsS "$BASE/actuator/health" 2>/dev/null | grep -q '"UP"'; do
    kill -0 "$pid" 2>/dev/null || { tail -30 "$OUT/server-$tag.log"; die "$tag exited"; }
    awk -v a="$t_launch" -v b="$(date +%s.%N)" -v m="${START_TIMEOUT:-300}" 'BEGIN { exit !(b - a > m) }' \
      && die "$tag not healthy after ${START_TIMEOUT:-300} s"
    sleep 0.1
  done
  t_up=$(date +%s.%N)
  startup=$(awk -v a="$t_launch" -v b="$t_up" 'BEGIN { printf "%.1f", b - a }')
  # The load starts at once, as a load balancer sends traffic to a replica that turned healthy.
  if [ "$WORKLOAD" != events ]; then
    load "$tag-holds" holds "$HOT_CONNS" "$HOT_TEAM:$HOT_POOL" "$DURATION" "$BASE" >"$OUT/$tag.holds.txt" 2>"$OUT/$tag.holds.err" &
    cpids+=($!)
  fi
  if [ "$WORKLOAD" != holds ]; then
    load "$tag-events" events "$EVENT_CONNS" "$EVENT_TEAMS" "$DURATION" "$BASE" >"$OUT/$tag.events.txt" 2>"$OUT/$tag.events.err" &
    cpids+=($!)
  fi
  log "$tag: healthy after $startup s; load on"
  for p in "${cpids[@]}"; do wait "$p" || die "load client failed, see $OUT/$tag.*.err"; done
  stop_pid "$SAMPLER_PID"
  SAMPLER_PID=
  grep -i -E 'aot|cds|sharing' "$OUT/server-$tag.log" | grep -v -i 'quotabroker' | head -5 || true
  stop_pid "$pid"
  PIDS=()
  psql -q -d postgres -c "drop database if exists $db with (force)" >/dev/null

  # per-slot table: slots of the client(s), from the client's start; CPU from the samples
  local t_load
  t_load=$(awk '$1 == "PHASE" && $2 == "warmup" { printf "%.3f", $3 / 1000; exit }' "$OUT/$tag".*.txt)
  {
    printf '%-6s %-6s %12s %9s %12s %9s %7s %7s %7s %7s %6s\n' slot to_s holds/s p99_ms events/s p99_ms jvm jit pg machine load1
    awk -v hz="$HZ" -v t0="$t_launch" -v up="$t_up" -v tl="$t_load" -v iv="$INTERVAL" -v hf="$OUT/$tag.holds.txt" -v ef="$OUT/$tag.events.txt" '
      function slots(f, a, p,    line, i, kv, v, k) {
        while ((getline line < f) > 0) if (line ~ /^SLOT /) {
          k = split(line, kv, " "); delete v
          for (i = 2; i <= k; i++) { split(kv[i], x, "="); v[x[1]] = x[2] }
          a[v["slot"]] = v["decisions_per_s"]; p[v["slot"]] = v["p99_us"] / 1000; if (v["slot"] + 0 > ns) ns = v["slot"] + 0
        }
      }
      { t[NR] = $1; j[NR] = $2; c[NR] = $3; g[NR] = $4; b[NR] = $5; l[NR] = $6; n = NR }
      END {
        slots(hf, h, hp); slots(ef, e, ep)
        # the CPU over the k-th slot: between the samples nearest to its start and end
        for (s = 1; s <= ns; s++) {
          a = tl + (s - 1) * iv; z = tl + s * iv; ia = 1; iz = 1
          for (i = 1; i <= n; i++) { if (t[i] <= a + 0.5) ia = i; if (t[i] <= z + 0.5) iz = i }
          w = t[iz] - t[ia]
          if (w > 0) { cj = (j[iz] - j[ia]) / hz / w; cc = (c[iz] - c[ia]) / hz / w; cg = (g[iz] - g[ia]) / hz / w; cb = (b[iz] - b[ia]) / hz / w }
          else { cj = cc = cg = cb = 0 }
          printf "%-6d %-6d %12s %9s %12s %9s %7.2f %7.2f %7.2f %7.2f %6s\n", s, s * iv, (s in h) ? h[s] : "-", (s in hp) ? sprintf("%.1f", hp[s]) : "-",
            (s in e) ? e[s] : "-", (s in ep) ? sprintf("%.1f", ep[s]) : "-", cj, cc, cg, cb, l[iz]
        }
        # start-up: launch to healthy
        for (i = 1; i <= n && t[i] <= up; i++) iu = i
        if (iu > 1) printf "start-up (launch to healthy, %.1f s): jvm %.1f s CPU, of which JIT %.1f s\n", up - t0, (j[iu] - j[1]) / hz, (c[iu] - c[1]) / hz
        printf "load started %.1f s after healthy\n", tl - up
        printf "whole run: jvm %.1f s CPU, of which JIT %.1f s; pg backends %.1f s\n", (j[n] - j[1]) / hz, (c[n] - c[1]) / hz, (g[n] - g[1]) / hz
      }' "$OUT/$tag.samples"
  } >"$OUT/$tag.slots.txt"
  sed 's/^/  /' "$OUT/$tag.slots.txt"
  local hf=- ef=- jit
  jit=$(awk '{ if (NR == 1) a = $3; b = $3 } END { printf "%.1f", (b - a) / '"$HZ"' }' "$OUT/$tag.samples")
  [ "$WORKLOAD" != events ] && hf=$(slot_figures "$OUT/$tag.holds.txt")
  [ "$WORKLOAD" != holds ] && ef=$(slot_figures "$OUT/$tag.events.txt")
  echo "$round $name $startup ${load1%% *} $jit | $hf | $ef" >>"$OUT/runs.txt"
  log "$tag: start-up $startup s; JIT CPU $jit s; holds (slot 1, first 30 s, first 60 s, at speed /s, time-to-speed s, p99 slot 1 / at speed ms): $hf;" \
    "events: $ef"
}

for round in $(seq 1 "$ROUNDS"); do
  for v in "${VARIANT_LIST[@]}"; do
    IFS='|' read -r name java jar opts <<<"$v"
    run_variant "$round" "$name" "$java" "$jar" "$opts"
  done
done
END_LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
if [ -z "$HOTROW" ]; then
  pg_baseline || { BASELINE_WHEN=none; log "no pgbench baseline: the ratios are left out"; }
fi

# ---------------------------------------------------------------- summary
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "-" || b == 0) print "-"; else printf "%.2f", a / b }'; }
{
  echo
  echo "== Quota Broker warm-up (issue #17) $RUN_ID =="
  cat "$OUT/machine.txt"
  echo "load average: around pgbench $BASE_LOAD; at the end of the runs $END_LOAD"
  echo
  echo "pgbench baselines (64 clients, same PostgreSQL, same run, taken $BASELINE_WHEN the runs):"
  sed 's/^/  /' "$OUT/pg-baseline.txt"
  echo
  echo "time-to-speed = end of the first ${INTERVAL}s slot reaching $SPEED_FRACTION x the mean of the last ${TAIL_SECS}s, from the load's start (start-up = launch to healthy comes before it)"
  for w in holds events; do
    [ "$WORKLOAD" = both ] || [ "$WORKLOAD" = "$w" ] || continue
    if [ $w = holds ]; then ref=$HOTROW; refname="hotrow $HOTROW tps"; else ref=$INSERT1; refname="insert1 $INSERT1 tps"; fi
    echo
    echo "$w (ratios to pgbench $refname):"
    printf '  %-5s %-10s %9s %6s %7s %14s %16s %16s %16s %13s %15s\n' round variant startup_s load1 jit_s slot1/s first30/s first60/s at_speed/s time_to_speed "p99 slot1/speed"
    while read -r line; do
      read -r round name startup load1 jit <<<"${line%%|*}"
      [ $w = holds ] && f=$(cut -d'|' -f2 <<<"$line") || f=$(cut -d'|' -f3 <<<"$line")
      read -r s1 m30 m60 at tts p1 pt <<<"$f"
      printf '  %-5s %-10s %9s %6s %7s %14s %16s %16s %16s %13s %15s\n' "$round" "$name" "$startup" "$load1" "$jit" \
        "$s1 ($(ratio "$s1" "$ref"))" "$m30 ($(ratio "$m30" "$ref"))" "$m60 ($(ratio "$m60" "$ref"))" "$at ($(ratio "$at" "$ref"))" \
        "$tts s" "$p1 / $pt ms"
    done <"$OUT/runs.txt"
  done
  echo
  echo "per-slot tables: $OUT/<variant>_r<round>.slots.txt"
} | tee "$OUT/summary.txt"
log "done; raw output in $OUT"
