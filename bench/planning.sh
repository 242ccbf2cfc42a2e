#!/usr/bin/env bash
# Planning (issue #14) through HTTP and PostgreSQL: the slot finder over a 7-day horizon on a
# pool with 1,000 active reservations (p99 < 100 ms), a 100-task schedule across 3 pools
# (< 500 ms) and a 40-task schedule whose best-value subset is the exact knapsack over 3 pools
# (< 1 s). One instance on loopback, a fresh database dropped afterwards; times are curl's
# time_total (request sent to answer read), so they include HTTP, JSON and the database reads.
#
# usage: bench/planning.sh            (JAR=target/quota-broker-*.jar, BENCH_PORT=18614,
#                                      SLOT_RUNS=200, SCHEDULE_RUNS=10; PGHOST/PGPORT/PGUSER)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
. bench/lib.sh

JAR=${JAR:-$(ls target/quota-broker-*.jar 2>/dev/null | grep -v plain | head -1)}
[ -n "$JAR" ] && [ -f "$JAR" ] || die "no jar: run ./mvnw -DskipTests package, or set JAR"
PORT=${BENCH_PORT:-18614}
SLOT_RUNS=${SLOT_RUNS:-200}
SCHEDULE_RUNS=${SCHEDULE_RUNS:-10}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
JAVA=${JAVA:-java}
JAVA_OPTS=${JAVA_OPTS:--Xms512m -Xmx512m -XX:+UseG1GC}
SERVER_ENV=${SERVER_ENV:-}
BENCH_KEY=bench-planning-$$
BASE=http://127.0.0.1:$PORT
OUT=$ROOT/bench/out/planning-$(date -u +%Y%m%dT%H%M%SZ)-$$
DB=qb_planning_$$
PIDS=()
mkdir -p "$OUT"
exec > >(tee "$OUT/run.log") 2>&1

cleanup() {
  local rc=$? pid
  set +e
  trap '' INT TERM
  for pid in "${PIDS[@]}"; do log "stopping server (pid $pid)"; stop_pid "$pid"; done
  psql -X -q -d postgres -c "drop database if exists $DB with (force)" >/dev/null 2>&1 && log "dropped database $DB"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM
free_port "$PORT" || die "port $PORT is in use (set BENCH_PORT)"

post() {   # post <path> <body>: the body answered
  curl -fsS -X POST -H "Authorization: Bearer $BENCH_KEY" -H 'Content-Type: application/json' -d "$2" "$BASE$1"
}
timed() {   # timed <path> <body-file>: seconds, then the HTTP status
  curl -sS -o "$OUT/last.json" -w '%{time_total} %{http_code}\n' -X POST -H "Authorization: Bearer $BENCH_KEY" \
    -H 'Content-Type: application/json' --data-binary "@$2" "$BASE$1"
}
percentiles() {   # stdin: seconds, one a line -> p50 p99 max in ms
  sort -n | awk '{ v[NR] = $1 * 1000 } END {
    i50 = int(NR * 0.50 + 0.5); i99 = int(NR * 0.99 + 0.5); if (i99 < 1) i99 = 1
    printf "n %d, p50 %.1f ms, p99 %.1f ms, max %.1f ms\n", NR, v[i50], v[i99], v[NR] }'
}

log "load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
psql -X -q -d postgres -c "create database $DB" || die "cannot create database $DB"
log "starting $JAR on port $PORT against database $DB"
# shellcheck disable=SC2086
env $SERVER_ENV SPRING_DATASOURCE_URL="jdbc:postgresql://$PGHOST:$PGPORT/$DB" SPRING_DATASOURCE_USERNAME=$PGUSER \
  QUOTA_ADMIN_TOKEN=$BENCH_KEY QUOTA_SECURITY_REQUESTS_PER_SECOND=10000000 QUOTA_SECURITY_BURST=10000000 \
  SERVER_PORT=$PORT SERVER_ADDRESS=127.0.0.1 "$JAVA" $JAVA_OPTS -jar "$JAR" >"$OUT/server.log" 2>&1 &
PIDS+=("$!")
for _ in $(seq 1 240); do curl -fs "$BASE/actuator/health" >/dev/null 2>&1 && break; sleep 0.5; done
curl -fs "$BASE/actuator/health" >/dev/null || die "the service did not start (see $OUT/server.log)"

# Three pools: 5-hour (limit 10,000), 7-day rolling, daily calendar; two teams.
put /pools/p5h '{"name":"5-hour","unit":"MESSAGES","limit":10000,"window":{"type":"ROLLING","duration":"PT5H"},"models":["bench-*"]}'
put /pools/p7d '{"name":"7-day","unit":"MESSAGES","limit":60000,"window":{"type":"ROLLING","duration":"P7D"},"models":["bench-*"]}'
put /pools/pday '{"name":"daily","unit":"MESSAGES","limit":20000,"window":{"type":"CALENDAR","period":"DAILY","resetTime":"00:00","timezone":"UTC"},"models":["bench-*"]}'
put /teams/bench '{"name":"bench","timezone":"Europe/Berlin","members":[{"id":"eva","timezone":"Europe/Berlin","workingHours":"08:00-20:00"}]}'
put /teams/others '{"name":"others","timezone":"Asia/Tokyo"}'
for p in p5h p7d pday; do
  for t in bench others; do put "/pools/$p/allocations/$t" '{"weight":1}'; done
done

# 1,000 window reservations of the other team on the 5-hour pool, scattered over the week.
log "booking 1,000 window reservations on p5h"
now=$(date -u +%s)
for i in $(seq 0 999); do
  start=$(( (now / 60 + 10 + (i * 997) % (7 * 24 * 60)) * 60 ))
  end=$(( start + 60 * (15 + i % 90) ))
  printf '{"teamId":"others","poolId":"p5h","amount":%d,"startsAt":"%s","endsAt":"%s"}\n' $((5 + i % 20)) \
    "$(date -u -d "@$start" +%FT%TZ)" "$(date -u -d "@$end" +%FT%TZ)"
done > "$OUT/reservations.jsonl"
booked=0
while read -r body; do
  post /reservations "$body" >/dev/null 2>&1 && booked=$((booked + 1))
done < "$OUT/reservations.jsonl"
log "booked $booked window reservations"

# P1: the slot finder, 7-day horizon, amounts from 500 to 8,860 (the larger fit nowhere).
: > "$OUT/slots.txt"
for i in $(seq 1 "$SLOT_RUNS"); do
  printf '{"poolId":"p5h","amount":%d,"duration":"PT%dM","maxResults":3}' $((500 + (i * 373) % 8360)) \
    $((30 + (i * 7) % 180)) > "$OUT/slot.json"
  timed /teams/bench/slots "$OUT/slot.json" >> "$OUT/slots.txt"
done
awk '$2 != 200 { bad++ } END { if (bad) print bad " slot requests failed" }' "$OUT/slots.txt"
P1=$(awk '{ print $1 }' "$OUT/slots.txt" | tail -n +21 | percentiles)
log "P1 slot finder (first 20 requests left out as warm-up): $P1"

# P2: 100 tasks across the 3 pools, 30 % with a dependency, a third with deadlines.
# P3: 40 larger tasks that do not all fit, so the answer carries the exact knapsack's subset.
tasks() {   # tasks <n> <amount-scale> <with-dependencies 0|1>
  local n=$1 scale=$2 deps=$3 i sep=""
  printf '{"tasks":['
  for i in $(seq 0 $((n - 1))); do
    local pool=$(echo p5h p7d pday | cut -d' ' -f$((i % 3 + 1)))
    local dep="" dl=""
    [ "$deps" = 1 ] && [ $((i % 10)) -lt 3 ] && [ "$i" -ge 3 ] && dep=",\"dependsOn\":[\"t$((i - 3))\"]"
    [ $((i % 3)) -eq 0 ] && dl=",\"deadline\":\"$(date -u -d "@$((now + 86400 * (1 + i % 6)))" +%FT%TZ)\""
    printf '%s{"name":"t%d","estimatedAmount":%d,"duration":"PT%dM","pool":"%s","priority":"%s"%s%s}' \
      "$sep" "$i" $(( (50 + (i * 131) % 400) * scale )) $((30 + (i * 11) % 150)) "$pool" \
      "$(echo LOW MEDIUM HIGH CRITICAL | cut -d' ' -f$((i % 4 + 1)))" "$dep" "$dl"
    sep=","
  done
  printf ']}'
}
tasks 100 1 1 > "$OUT/schedule100.json"
# Without dependencies, so the best-value subset is the knapsack's own, proven or not.
tasks 40 40 0 > "$OUT/schedule40.json"
: > "$OUT/schedule100.txt"; : > "$OUT/schedule40.txt"
for i in $(seq 1 "$SCHEDULE_RUNS"); do
  timed /teams/bench/schedules "$OUT/schedule100.json" >> "$OUT/schedule100.txt"
  timed /teams/bench/schedules "$OUT/schedule40.json" >> "$OUT/schedule40.txt"
done
cp "$OUT/last.json" "$OUT/schedule40-answer.json"
P2=$(awk '{ print $1 }' "$OUT/schedule100.txt" | tail -n +2 | percentiles)
P3=$(awk '{ print $1 }' "$OUT/schedule40.txt" | tail -n +2 | percentiles)
log "P2 100-task schedule (first left out as warm-up): $P2"
log "P3 40-task schedule with the exact knapsack (first left out): $P3"
log "P3 answer: $(jq -c '{allFit, placed: (.placements | length), infeasible: (.infeasible | length), method: .bestValue.method, exact: .bestValue.exact}' "$OUT/schedule40-answer.json" 2>/dev/null || head -c 300 "$OUT/schedule40-answer.json")"
log "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
log "results in $OUT"
