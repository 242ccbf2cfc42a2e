#!/usr/bin/env bash
# Fault runs of issue #17, on loopback only, each bounded in time, each cleaning up after itself:
#
#   kill9       two instances on one database, agents that retry what was not acknowledged
#               (bench/FaultLoad.java: single events, batches of 10, holds committed or
#               released); instance 2 is killed with SIGKILL at FAULT_AT s and started again
#               DOWN_FOR s later
#   pg-restart  the same load against a throwaway PostgreSQL cluster (initdb in a temporary
#               folder, port PORT+10) that is stopped (fast shutdown) at FAULT_AT s and started
#               again DOWN_FOR s later; the service is not restarted
#   skew        the kill9 load on two instances whose host clocks are SKEW (2m) ahead and
#               behind the real time (libfaketime, Debian's faketime), no kill; the service keeps
#               its clock on the database's (quota.clock.source=database)
#   overload    one instance: the sustainable rate of OVERLOAD_WORKERS (32) closed-loop agents
#               posting single events, then OVERLOAD_FACTOR (10) times that rate open-loop for
#               OVERLOAD_SECS (60) s, then 30 s of normal load (bench/OverloadLoad.java; first
#               OVERLOAD_WARMUP (30) s of unmeasured load so the JIT has compiled the path; the
#               overload is sent over OVERLOAD_CONNECTIONS (320) kept-alive connections, each on its
#               own schedule; 0 = one new connection per request in flight, up to 20,000); checks
#               health answered throughout, the heap stayed under -Xmx, 503s carried Retry-After,
#               the latency was back to normal within 10 s, nothing acknowledged was lost
#   soak        two instances for SOAK_SECS (3600) s under mixed load (the kill9 agents plus
#               availability reads, admission checks and queue reads: FaultLoad --mix soak) and
#               an open event stream; every 30 s each instance's heap in use, its
#               database connections and RSS are sampled; checks heap and connections flat
#               (last quarter within 20 % / +2 of the second quarter), p99 of the last ten
#               minutes within 20 % of the first ten, the stream still open, and the usual checks;
#               when the server runs with autovacuum off, VACUUM (ANALYZE) of the run's database every
#               VACUUM_EVERY (60) s stands in for it (0: never)
#
# After each run the script checks, from the database: every acknowledged event is in the
# ledger exactly once; minute and hour buckets equal the ledger, pool by pool; the most ever
# held on the contended pool, recorded at the commit of every granting transaction by a
# deferred constraint trigger, never exceeded its limit; every hold the client committed or
# released has that status; no hold outlived its expiry by more than 15 s (the sweeper of the
# surviving instance took the dead one's holds); no answer was a 500; every 503 carried
# Retry-After. skew also checks, by the database's clock (a trigger), that no hold expired
# before its expiry, and records each instance's measured clock offset. pg-restart also records health going DOWN and back UP, and how long after the
# database came back the service answered again.
#
#   usage: bench/faults.sh [kill9|pg-restart|skew|overload|soak|all]   (default all: not soak)
#   env:   DURATION (90)  FAULT_AT (20)  DOWN_FOR (5)  WORKERS (8)  HOLD_LIMIT (1000)  HOLD_AMOUNT (200)
#          PORT (18950; instances on PORT and PORT+1, the throwaway cluster on PORT+10)
#          PGHOST (127.0.0.1) PGPORT (5432) PGUSER (postgres): the server of the kill9 run
#          PG_BIN (/usr/lib/postgresql/<newest>/bin)  JAVA (java)  JAVA_OPTS (-Xmx512m)  LOAD_HEAP (2g: the load client's)
#          JAR (target/quota-broker-*.jar; built when missing)  SERVER_ENV (extra VAR=value pairs)
# Prints one summary line per run and writes everything to bench/out/faults-<time>/.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh

WHICH=${1:-all}
DURATION=${DURATION:-90} FAULT_AT=${FAULT_AT:-20} DOWN_FOR=${DOWN_FOR:-5} WORKERS=${WORKERS:-8}
HOLD_LIMIT=${HOLD_LIMIT:-1000} HOLD_AMOUNT=${HOLD_AMOUNT:-200}
PORT=${PORT:-18950} SKEW=${SKEW:-2m}
SOAK_SECS=${SOAK_SECS:-3600} MIX=""
OVERLOAD_WORKERS=${OVERLOAD_WORKERS:-32} OVERLOAD_FACTOR=${OVERLOAD_FACTOR:-10} OVERLOAD_SECS=${OVERLOAD_SECS:-60}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
JAVA=${JAVA:-java} JAVA_OPTS=${JAVA_OPTS:--Xmx512m}
SERVER_ENV=${SERVER_ENV:-}
BENCH_KEY=qb_fault-admin-token-$$
OUT=bench/out/faults-$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$OUT"
PIDS=()
CLUSTER=""
DB=""
SERVER_PG="$PGHOST:$PGPORT"

cleanup() {
  for pid in "${PIDS[@]}"; do stop_pid "$pid"; done
  PIDS=()
  [ -n "${WATCH_PID:-}" ] && kill "$WATCH_PID" 2>/dev/null || true
  if [ -n "$CLUSTER" ]; then
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$CLUSTER/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$CLUSTER"
    CLUSTER=""
  elif [ -n "$DB" ]; then
    psql -X -q -d postgres -c "drop database if exists $DB with (force)" >/dev/null 2>&1 || true
  fi
  DB=""
}
trap cleanup EXIT

if [ -z "${JAR:-}" ]; then
  JAR=$(ls target/quota-broker-*.jar 2>/dev/null | grep -v plain | head -1 || true)
  [ -n "$JAR" ] || { log "building the jar"; ./mvnw -B -ntp -q -DskipTests package; JAR=$(ls target/quota-broker-*.jar | grep -v plain | head -1); }
fi
for port in "$PORT" $((PORT + 1)) $((PORT + 10)); do free_port "$port" || die "port $port is taken (set PORT)"; done

put_json() { curl -fsS -X PUT -H "Authorization: Bearer $BENCH_KEY" -H 'Content-Type: application/json' -d "$2" "$BASE$1" >/dev/null; }

# Pools, team and allocations through the API; the commit-time check of the amount held.
setup() {
  BASE=http://127.0.0.1:$PORT
  put_json /pools/fault-events '{"name":"Fault events","unit":"MESSAGES","limit":100000000,"window":{"type":"ROLLING","duration":"PT5H"},"models":["claude-*"]}'
  put_json /pools/fault-holds "{\"name\":\"Fault holds\",\"unit\":\"MESSAGES\",\"limit\":$HOLD_LIMIT,\"window\":{\"type\":\"ROLLING\",\"duration\":\"PT5H\"},\"models\":[\"hold-*\"]}"
  put_json /teams/fault-team '{"name":"Fault team","timezone":"UTC"}'
  put_json /pools/fault-events/allocations/fault-team '{"weight":1}'
  put_json /pools/fault-holds/allocations/fault-team '{"weight":1}'
  install_hold_check "$DB" fault-holds "$HOLD_LIMIT"
}

# Polls instance 1's health every 0.5 s: "<ms since epoch> <status>" (the time the answer came).
watch_health() {
  while :; do
    # A failed curl must not end the loop (set -e, pipefail): no answer counts as not UP.
    s=$(curl -s -m 8 "http://127.0.0.1:$PORT/actuator/health" | grep -o '"status":"[A-Z_]*"' | head -1 | cut -d'"' -f4 || true)
    echo "$(date +%s%3N) ${s:-NO_ANSWER}"
    sleep 0.5
  done >"$1"
}

q() { psql -X -Atd "$DB" -c "$1"; }

# Records, with the database's own clock, when each hold was marked EXPIRED.
install_expiry_check() {
  psql -X -q -v ON_ERROR_STOP=1 -d "$DB" >/dev/null <<'SQL'
create table bench_expiry (id varchar(64), expires_at timestamptz, expired_at timestamptz);
create function bench_expiry() returns trigger language plpgsql as $$
begin
  if new.status = 'EXPIRED' and old.status <> 'EXPIRED' then
    insert into bench_expiry values (new.id, new.expires_at, clock_timestamp());
  end if;
  return new;
end $$;
create trigger bench_expiry after update on reservations for each row execute function bench_expiry();
SQL
}

# The checks after a run; prints "name=value" pairs and sets FAILED when one does not hold.
check() {
  local run=$1
  local result=$OUT/$run.result
  psql -X -q -d "$DB" -c "create table bench_acked(event_id varchar(200))" >/dev/null
  psql -X -q -d "$DB" -c "\\copy bench_acked from '$OUT/$run/acked-events.txt'" >/dev/null
  psql -X -q -d "$DB" -c "create table bench_holds(id varchar(64), status text)" >/dev/null
  psql -X -q -d "$DB" -c "\\copy bench_holds from '$OUT/$run/holds.txt' with (delimiter ' ')" >/dev/null
  local acked missing ledger_dupes minute_gap hour_gap max_held over checks wrong_status late_held
  acked=$(q "select count(*) from bench_acked")
  missing=$(q "select count(*) from bench_acked a where not exists (select 1 from usage_events e where e.event_id = a.event_id)")
  ledger_dupes=$(q "select count(*) - count(distinct event_id) from usage_events")
  minute_gap=$(q "select coalesce(sum(abs(l.amount - coalesce(b.amount, 0))), 0) from
      (select p as pool_id, sum(a) amount from usage_events, unnest(counted_pools, counted_amounts) u(p, a) group by p) l
      left join (select pool_id, sum(amount) amount from usage_minute_buckets group by pool_id) b using (pool_id)")
  hour_gap=$(q "select coalesce(sum(abs(l.amount - coalesce(b.amount, 0))), 0) from
      (select p as pool_id, sum(a) amount from usage_events, unnest(counted_pools, counted_amounts) u(p, a) group by p) l
      left join (select pool_id, sum(amount) amount from usage_hour_buckets group by pool_id) b using (pool_id)")
  IFS='|' read -r max_held checks over < <(q "select max_held, checks, over from bench_hot_check")
  wrong_status=$(q "select count(*) from bench_holds h join reservations r on r.id = h.id
      where h.status in ('COMMITTED', 'RELEASED') and r.status <> h.status")
  late_held=$(q "select count(*) from reservations where status = 'HELD' and expires_at < now() - interval '15 seconds'")
  local refused committed released
  refused=$(grep -c ' REFUSED$' "$OUT/$run/holds.txt" || true)
  committed=$(grep -c ' COMMITTED$' "$OUT/$run/holds.txt" || true)
  released=$(grep -c ' RELEASED$' "$OUT/$run/holds.txt" || true)
  {
    echo "acked_events=$acked missing=$missing ledger_duplicates=$ledger_dupes minute_bucket_gap=$minute_gap hour_bucket_gap=$hour_gap"
    echo "holds_committed=$committed holds_released=$released holds_refused=$refused wrong_status=$wrong_status"
    echo "max_held=$max_held limit=$HOLD_LIMIT grant_commits_checked=$checks over_limit=$over held_past_expiry=$late_held"
  } | tee "$result"
  local load
  load=$(grep '^RESULT' "$OUT/$run/load.txt")
  echo "$load" | tee -a "$result"
  local s500
  s500=$(sed -n 's/.*status_500=\([0-9]*\).*/\1/p' <<<"$load")
  [ "$missing" = 0 ] && [ "$ledger_dupes" = 0 ] && [ "$minute_gap" = 0 ] && [ "$hour_gap" = 0 ] \
    && [ "$over" = 0 ] && [ "$wrong_status" = 0 ] && [ "$late_held" = 0 ] && [ -z "$s500" ] \
    && grep -q 'unavailable_without_retry_after=0 gave_up=0' <<<"$load" && [ "$acked" -gt 0 ] \
    || { FAILED=1; log "$run: a check FAILED (see $result)"; }
}

run_load() {   # run_load <run>
  mkdir -p "$OUT/$1"
  # The client keeps every latency and acknowledged id for the checks: about 100 MB per
  # 20 minutes of soak (256 MB ran out at minute 32 of a 60-minute soak).
  java -Xmx"${LOAD_HEAP:-2g}" bench/FaultLoad.java --targets "http://127.0.0.1:$PORT,http://127.0.0.1:$((PORT + 1))" --key "$BENCH_KEY" \
    --team fault-team --hold-pool fault-holds --amount "$HOLD_AMOUNT" --workers "$WORKERS" --duration "$DURATION" \
    --out "$OUT/$1" --run "$1-$$" ${MIX:+--mix $MIX} >"$OUT/$1/load.txt" 2>&1 &
  LOAD_PID=$!
}

# Waits until every hold the dead instance left behind has expired and been swept (TTL 20 s).
settle() { log "waiting 30 s for the holds' 20 s TTL and a sweep"; sleep 30; }

kill9() {
  log "== kill9: two instances, SIGKILL of instance 2 at ${FAULT_AT}s, restart ${DOWN_FOR}s later"
  DB=qb_faults_$$
  psql -X -q -d postgres -c "create database $DB" >/dev/null
  start_instance 1 "$PORT" "$DB"
  start_instance 2 $((PORT + 1)) "$DB"
  setup
  run_load kill9
  sleep "$FAULT_AT"
  local victim=${PIDS[1]}
  log "kill -9 instance 2 (pid $victim)"
  kill -KILL "$victim"
  wait "$victim" 2>/dev/null || true
  PIDS=("${PIDS[0]}")
  sleep "$DOWN_FOR"
  launch_instance 2 $((PORT + 1)) "$DB"
  local restarted_at back_in
  restarted_at=$(date +%s)
  until curl -fsS "http://127.0.0.1:$((PORT + 1))/actuator/health" 2>/dev/null | grep -q '"UP"'; do
    [ $(($(date +%s) - restarted_at)) -lt 240 ] || die "instance 2 not healthy 240 s after its restart"
    sleep 0.5
  done
  back_in=$(($(date +%s) - restarted_at))
  log "instance 2 healthy again ${back_in}s after its restart"
  kill -0 "$LOAD_PID" 2>/dev/null || log "NOTE: the load had ended before instance 2 was back (raise DURATION)"
  wait "$LOAD_PID" || true
  settle
  check kill9
  cleanup
}

skew() {
  log "== skew: instance 1's clock at +$SKEW, instance 2's at -$SKEW (libfaketime); the same load, no kill"
  command -v faketime >/dev/null || die "faketime not found (apt-get install -y faketime)"
  DB=qb_faults_$$
  psql -X -q -d postgres -c "create database $DB" >/dev/null
  FAKETIME_1="+$SKEW" start_instance 1 "$PORT" "$DB"
  FAKETIME_2="-$SKEW" start_instance 2 $((PORT + 1)) "$DB"
  setup
  install_expiry_check
  run_load skew
  wait "$LOAD_PID" || true
  settle
  local offsets="" n p expired early worst avail1 avail2
  for n in 1 2; do
    p=$((PORT + n - 1))
    offsets+="instance${n}_clock_offset_s=$(curl -fsS "http://127.0.0.1:$p/actuator/prometheus" \
      | awk '/^quota_clock_offset_seconds/ { printf "%.3f", $2 }') "
  done
  IFS='|' read -r expired early worst < <(q "select count(*), count(*) filter (where expired_at < expires_at - interval '1 second'),
      coalesce(round(extract(epoch from min(expired_at - expires_at))::numeric, 3), 0) from bench_expiry")
  avail1=$(curl -fsS -H "Authorization: Bearer $BENCH_KEY" "http://127.0.0.1:$PORT/teams/fault-team/availability" | grep -o '"used":[0-9]*' | tr '\n' ' ')
  avail2=$(curl -fsS -H "Authorization: Bearer $BENCH_KEY" "http://127.0.0.1:$((PORT + 1))/teams/fault-team/availability" | grep -o '"used":[0-9]*' | tr '\n' ' ')
  echo "${offsets}holds_expired=$expired expired_early_by_over_1s=$early earliest_expiry_vs_expires_at_s=$worst same_usage_on_both=$([ "$avail1" = "$avail2" ] && echo yes || echo "no ($avail1 / $avail2)")" | tee "$OUT/skew.clock"
  [ "$early" = 0 ] && [ "$avail1" = "$avail2" ] || { FAILED=1; log "skew: a clock check FAILED (see $OUT/skew.clock)"; }
  check skew
  cat "$OUT/skew.clock" >>"$OUT/skew.result"
  cleanup
}

overload() {
  log "== overload: ${OVERLOAD_FACTOR}x the sustainable rate of $OVERLOAD_WORKERS agents for ${OVERLOAD_SECS}s, then 30 s of normal load"
  DB=qb_faults_$$
  psql -X -q -d postgres -c "create database $DB" >/dev/null
  start_instance 1 "$PORT" "$DB"
  setup
  mkdir -p "$OUT/overload"
  java -Xmx1g bench/OverloadLoad.java --target "http://127.0.0.1:$PORT" --key "$BENCH_KEY" --team fault-team \
    --workers "$OVERLOAD_WORKERS" --warmup "${OVERLOAD_WARMUP:-30}" --connections "${OVERLOAD_CONNECTIONS:-320}" --factor "$OVERLOAD_FACTOR" --duration "$OVERLOAD_SECS" --out "$OUT/overload" \
    --run "overload-$$" >"$OUT/overload/load.txt" 2>&1 || true
  # What the server itself saw: requests shed, served, and Tomcat's connections and threads.
  curl -s -H "Authorization: Bearer $BENCH_KEY" "http://127.0.0.1:$PORT/actuator/prometheus" \
    | grep -E '^(quota_web_requests|tomcat_|http_server_requests_seconds_count.*usage-events)' >"$OUT/overload/server-metrics.txt" || true
  local line xmx heap back health_failures
  line=$(grep '^RESULT' "$OUT/overload/load.txt") || die "the overload client printed no RESULT (see $OUT/overload/load.txt)"
  xmx=$(grep -o -- '-Xmx[0-9]*[mMgG]' <<<"$JAVA_OPTS" | tail -1 | tr -d 'Xxm-' | sed 's/[gG]$/*1024/' | bc)
  heap=$(sed -n 's/.* max_heap_mb=\([0-9]*\).*/\1/p' <<<"$line")
  back=$(sed -n 's/.* back_to_normal_after_s=\([0-9.a-z]*\).*/\1/p' <<<"$line")
  health_failures=$(sed -n 's/.* health_failures=\([0-9]*\).*/\1/p' <<<"$line")
  echo "heap_limit_mb=${xmx:-?} max_heap_mb=$heap back_to_normal_after_s=$back health_failures=$health_failures" | tee "$OUT/overload.extra"
  { [ "$health_failures" = 0 ] && [ -n "$xmx" ] && [ "$heap" -le "$xmx" ] && [ "$back" != never ] \
    && awk -v s="$back" 'BEGIN { exit !(s <= 10) }'; } || { FAILED=1; log "overload: a check FAILED (see $OUT/overload.extra)"; }
  check overload
  cat "$OUT/overload.extra" >>"$OUT/overload.result"
  cleanup
}

# Every 30 s: seconds since start, then per instance the heap in use (MB, all heap pools), the
# pool's active and total connections, and the RSS (MB); then the database's sessions.
sample_soak() {
  local started=$1 n p metrics
  while :; do
    local row="$(($(date +%s) - started))"
    for n in 1 2; do
      p=$((PORT + n - 1))
      metrics=$(curl -s -m 5 "http://127.0.0.1:$p/actuator/prometheus")
      row+=" $(awk '/^jvm_memory_used_bytes\{.*area="heap"/ { sum += $NF } END { printf "%.0f", sum / 1048576 }' <<<"$metrics")"
      row+=" $(awk '/^hikaricp_connections_active/ { printf "%d", $NF }' <<<"$metrics")"
      row+=" $(awk '/^hikaricp_connections\{/ { printf "%d", $NF }' <<<"$metrics")"
      row+=" $(($(awk '/VmRSS/ { print $2 }' /proc/"${PIDS[$((n - 1))]}"/status 2>/dev/null || echo 0) / 1024))"
    done
    row+=" $(q "select count(*) from pg_stat_activity where datname = '$DB'")"
    echo "$row"
    sleep 30
  done >"$2"
}

soak() {
  log "== soak: two instances, mixed load for ${SOAK_SECS}s, an open event stream, samples every 30 s"
  DB=qb_faults_$$
  psql -X -q -d postgres -c "create database $DB" >/dev/null
  start_instance 1 "$PORT" "$DB"
  start_instance 2 $((PORT + 1)) "$DB"
  setup
  mkdir -p "$OUT/soak"
  curl -sN -H "Authorization: Bearer $BENCH_KEY" "http://127.0.0.1:$PORT/teams/fault-team/events" >"$OUT/soak/stream.txt" 2>&1 &
  local stream_pid=$! started
  started=$(date +%s)
  (sample_soak "$started" "$OUT/soak/samples.txt" 2>/dev/null; true) &
  WATCH_PID=$!
  # A PostgreSQL with autovacuum off (as some shared test servers run) never vacuums nor
  # analyzes: dead rows pile up and plans made on an empty table (sequential scans of
  # reservations) stay, so throughput decays for reasons no production server has. Stand in
  # for it on this run's database only.
  local vacuum_every=${VACUUM_EVERY:-}
  if [ -z "$vacuum_every" ]; then
    vacuum_every=0
    [ "$(q "show autovacuum")" = off ] && vacuum_every=60
  fi
  local vacuum_pid=""
  if [ "$vacuum_every" -gt 0 ]; then
    log "soak: autovacuum is off on this server: VACUUM (ANALYZE) of $DB every ${vacuum_every}s"
    (while sleep "$vacuum_every"; do psql -X -q -d "$DB" -c "vacuum (analyze)" >>"$OUT/soak/vacuum.txt" 2>&1; done) &
    vacuum_pid=$!
  fi
  local saved=$DURATION
  DURATION=$SOAK_SECS MIX=soak run_load soak
  DURATION=$saved
  wait "$LOAD_PID" || true
  kill "$WATCH_PID" 2>/dev/null || true
  WATCH_PID=""
  [ -n "$vacuum_pid" ] && { kill "$vacuum_pid" 2>/dev/null || true; }
  local stream_open=no
  kill -0 "$stream_pid" 2>/dev/null && stream_open=yes
  kill "$stream_pid" 2>/dev/null || true
  local stream_lines
  stream_lines=$(grep -c '^data:' "$OUT/soak/stream.txt" || true)
  # Quarters of the samples: the second (after warm-up) against the last.
  local verdict
  verdict=$(awk -v total="$SOAK_SECS" '
    { t = $1; q = int(4 * t / total); if (q > 3) q = 3
      heap[q] += $2 + $6; conn[q] = (conn[q] > $3 + $7) ? conn[q] : $3 + $7; db[q] = (db[q] > $10) ? db[q] : $10; n[q]++ }
    END { h1 = heap[1] / (n[1] ? n[1] : 1); h3 = heap[3] / (n[3] ? n[3] : 1)
          printf "heap_mean_mb_q2=%.0f heap_mean_mb_q4=%.0f active_connections_max_q2=%d active_connections_max_q4=%d db_sessions_max_q2=%d db_sessions_max_q4=%d",
            h1, h3, conn[1], conn[3], db[1], db[3]
          ok = (h3 <= 1.2 * h1 + 1) && (conn[3] <= conn[1] + 2) && (db[3] <= db[1] + 2)
          printf " flat=%s", ok ? "yes" : "no" }' "$OUT/soak/samples.txt")
  local line p99a p99b
  line=$(grep '^RESULT' "$OUT/soak/load.txt" || true)
  p99a=$(sed -n 's/.* p99_first10_ms=\([0-9-]*\).*/\1/p' <<<"$line")
  p99b=$(sed -n 's/.* p99_last10_ms=\([0-9-]*\).*/\1/p' <<<"$line")
  echo "$verdict p99_first10_ms=$p99a p99_last10_ms=$p99b stream_open=$stream_open stream_events=$stream_lines" | tee "$OUT/soak.extra"
  { grep -q 'flat=yes' "$OUT/soak.extra" && [ "$stream_open" = yes ] && [ -n "$p99a" ] && [ -n "$p99b" ] \
    && awk -v a="$p99a" -v b="$p99b" 'BEGIN { exit !(a > 0 && b <= 1.2 * a) }'; } \
    || { FAILED=1; log "soak: a stability check FAILED (see $OUT/soak.extra)"; }
  settle
  check soak
  cat "$OUT/soak.extra" >>"$OUT/soak.result"
  cleanup
}

pg_restart() {
  log "== pg-restart: throwaway cluster on port $((PORT + 10)), stopped at ${FAULT_AT}s, started ${DOWN_FOR}s later"
  CLUSTER=$(mktemp -d /tmp/qb-faults-pg.XXXXXX)
  chown postgres "$CLUSTER"
  runuser -u postgres -- "$PG_BIN/initdb" -D "$CLUSTER/data" -A trust -U postgres >"$OUT/initdb.log" 2>&1
  local pgctl=(runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$CLUSTER/data" -l "$CLUSTER/server.log"
    -o "-p $((PORT + 10)) -k $CLUSTER -c listen_addresses=127.0.0.1 -c max_connections=100")
  "${pgctl[@]}" -w start >/dev/null
  local saved_port=$PGPORT
  PGPORT=$((PORT + 10))
  DB=quota
  psql -X -q -d postgres -c "create database $DB" >/dev/null
  start_instance 1 "$PORT" "$DB"
  start_instance 2 $((PORT + 1)) "$DB"
  setup
  watch_health "$OUT/health.txt" &
  WATCH_PID=$!
  run_load pg-restart
  sleep "$FAULT_AT"
  log "stopping PostgreSQL (fast shutdown)"
  "${pgctl[@]}" -m fast -w stop >/dev/null
  local down_at
  down_at=$(date +%s%3N)
  sleep "$DOWN_FOR"
  log "starting PostgreSQL again"
  "${pgctl[@]}" -w start >/dev/null
  local up_at
  up_at=$(date +%s%3N)
  wait "$LOAD_PID" || true
  settle
  kill "$WATCH_PID" 2>/dev/null || true
  WATCH_PID=""
  local first_down back_up
  first_down=$(awk -v t="$down_at" '$1 >= t && $2 != "UP" { print $2; exit }' "$OUT/health.txt")
  back_up=$(awk -v t="$up_at" '$1 >= t && $2 == "UP" { printf "%.1f", ($1 - t) / 1000; exit }' "$OUT/health.txt")
  echo "health_after_stop=${first_down:-never_down} health_up_after_db_start_s=${back_up:-never}" | tee "$OUT/pg-restart.health"
  [ -n "$first_down" ] && [ -n "$back_up" ] && awk -v s="$back_up" 'BEGIN { exit !(s <= 10) }' \
    || { FAILED=1; log "pg-restart: health did not go DOWN and back UP within 10 s"; }
  check pg-restart
  cat "$OUT/pg-restart.health" >>"$OUT/pg-restart.result"
  cleanup
  PGPORT=$saved_port
}

FAILED=0
log "load average: $(cut -d' ' -f1-3 /proc/loadavg); output in $OUT"
case "$WHICH" in
  kill9) kill9 ;;
  pg-restart) pg_restart ;;
  skew) skew ;;
  overload) overload ;;
  soak) soak ;;
  all) kill9; pg_restart; skew; overload ;;
  *) die "usage: bench/faults.sh [kill9|pg-restart|skew|overload|soak|all]" ;;
esac
log "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
for r in "$OUT"/*.result; do echo "== $(basename "$r" .result)"; cat "$r"; done
[ "$FAILED" = 0 ] && log "all checks held" || die "some checks failed"
