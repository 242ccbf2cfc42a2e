#!/usr/bin/env bash
# Makes the JVM's ahead-of-time cache (Java 25+) of the extracted service jar by a training run,
# so that a new instance reaches its speed sooner (issue #17, "Warm-up"; README, "Docker").
#
# The service starts with -XX:AOTCacheOutput (JEP 514), gets TRAIN_SECS of the API's hot paths at
# once (contended holds and their releases, uncontended holds, single usage events, plus a few
# batches, availability and admission answers), and is stopped; at its exit the JVM writes the
# cache: the classes it loaded, already parsed and linked (JEP 483), and the execution profiles
# of the methods that ran (JEP 515), so that the JIT compilers of a later start compile the hot
# paths at once instead of profiling them first. A training run that only starts the context
# (Spring's spring.context.exit=onRefresh, TRAIN_SECS=0) caches classes but no profiles of the
# request paths.
#
# The cache belongs to this JVM build and this class path: start the service with the same
# `java` and the same jar path, e.g. `java -XX:AOTCache=app.aot -jar /app/app.jar`. A cache that
# does not match is ignored with a warning (-XX:AOTMode=on makes that an error instead).
# On Java 17 to 24 the same run writes a dynamic CDS archive instead (-XX:ArchiveClassesAtExit:
# classes only, no profiles), used with -XX:SharedArchiveFile=<file>.
#
#   usage: src/main/docker/aot-cache.sh <extracted app.jar> <cache file>
#          (<extracted app.jar>: from `java -Djarmode=tools -jar quota-broker-*.jar extract --destination DIR`,
#           DIR/quota-broker-*.jar with DIR/lib/ beside it)
#   env:   JAVA (java; the JVM that will use the cache)  JAVA_OPTS (those of the runs that will use
#          the cache: a cache made with compressed oops off, i.e. a heap over 32 GB, fits no smaller heap)
#          TRAIN_SECS (30; 0 = context start only)  TRAIN_CONNS (16 per workload)  TRAIN_PORT (18080)
#          LOAD_CP (a directory with a compiled HoldLoad.class; default: bench/HoldLoad.java from source, which needs a JDK)
#          SPRING_DATASOURCE_URL / _USERNAME / _PASSWORD: a scratch database for the training (it creates
#          pools, teams, usage and holds); unset: the service's embedded PostgreSQL (which refuses to run as root)
#          TRAIN_LOG (the service's output; default a temporary file, shown on failure)
set -euo pipefail

[ $# -eq 2 ] || { echo "usage: $0 <extracted app.jar> <cache file>" >&2; exit 2; }
JAR=$(realpath "$1")
CACHE=$(realpath -m "$2")
JAVA=${JAVA:-java}
JAVA_OPTS=${JAVA_OPTS:-}
TRAIN_SECS=${TRAIN_SECS:-30}
TRAIN_CONNS=${TRAIN_CONNS:-16}
PORT=${TRAIN_PORT:-18080}
# The repository root (the script lives in src/main/docker): bench/HoldLoad.java when no LOAD_CP.
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
LOG=${TRAIN_LOG:-$(mktemp)}
KEY=qb_aot-training-$$-$RANDOM
BASE=http://127.0.0.1:$PORT
say() { printf '[aot-cache %s] %s\n' "$(date -u +%H:%M:%S)" "$*"; }
fail() { say "ERROR: $*"; tail -40 "$LOG" >&2; exit 1; }

[ -f "$JAR" ] || fail "no jar at $1"
[ -d "$(dirname "$JAR")/lib" ] || fail "$1 is not an extracted jar (no lib/ beside it): java -Djarmode=tools -jar <jar> extract"
rm -f "$CACHE"
mkdir -p "$(dirname "$CACHE")"
MAJOR=$("$JAVA" -version 2>&1 | sed -n 's/^[^"]* version "\([0-9]*\).*/\1/p' | head -1)
if [ "${MAJOR:-0}" -ge 25 ]; then
  RECORD=-XX:AOTCacheOutput=$CACHE USE=-XX:AOTCache=$CACHE
else
  RECORD=-XX:ArchiveClassesAtExit=$CACHE USE=-XX:SharedArchiveFile=$CACHE
fi

if [ "$TRAIN_SECS" = 0 ]; then
  say "training run: context start only (spring.context.exit=onRefresh)"
  # shellcheck disable=SC2086
  "$JAVA" $JAVA_OPTS "$RECORD" -Dspring.context.exit=onRefresh -jar "$JAR" >"$LOG" 2>&1 \
    || fail "the training run failed"
else
  say "training run: $JAR on port $PORT, ${TRAIN_SECS}s of load"
  # shellcheck disable=SC2086
  QUOTA_ADMIN_TOKEN=$KEY QUOTA_SECURITY_REQUESTS_PER_SECOND=10000000 QUOTA_SECURITY_BURST=10000000 \
    SERVER_PORT=$PORT SERVER_ADDRESS=127.0.0.1 "$JAVA" $JAVA_OPTS "$RECORD" -jar "$JAR" >"$LOG" 2>&1 &
  PID=$!
  trap 'kill -TERM $PID 2>/dev/null || true' EXIT
  for _ in $(seq 1 600); do
    curl -fsS "$BASE/actuator/health" 2>/dev/null | grep -q '"UP"' && break
    kill -0 $PID 2>/dev/null || fail "the service exited during start-up"
    sleep 0.5
  done
  curl -fsS "$BASE/actuator/health" 2>/dev/null | grep -q '"UP"' || fail "the service did not answer healthy in 300 s"

  call() {   # call <method> <path> [json]: the answer's status must be 2xx
    local status
    status=$(curl -sS -o /dev/null -w '%{http_code}' -X "$1" -H "Authorization: Bearer $KEY" \
      -H 'Content-Type: application/json' ${3:+-d "$3"} "$BASE$2") || status=000
    case $status in 2*) ;; *) fail "$1 $2 answered $status" ;; esac
  }
  # The shapes of bench/holds.sh (a contended pool, an uncontended one) and bench/run.sh (teams
  # reporting usage against a rolling and a weekly pool).
  call PUT /pools/hot '{"name":"Contended","unit":"MESSAGES","limit":100,"window":{"type":"ROLLING","duration":"PT5H"},"models":["*"]}'
  call PUT /teams/hot '{"name":"Contended team","timezone":"UTC"}'
  call PUT /pools/hot/allocations/hot '{"weight":1}'
  call PUT /pools/cold '{"name":"Uncontended","unit":"MESSAGES","limit":1000000000,"window":{"type":"ROLLING","duration":"PT5H"},"models":["*"]}'
  call PUT /teams/cold '{"name":"Uncontended team","timezone":"UTC"}'
  call PUT /pools/cold/allocations/cold '{"weight":1}'
  call PUT /pools/tokens '{"name":"Rolling 5h","unit":"TOKENS","limit":2000000000000,"window":{"type":"ROLLING","duration":"PT5H"},"models":["*"]}'
  call PUT /pools/weekly '{"name":"Weekly, Opus","unit":"MESSAGES","limit":500000000,"window":{"type":"CALENDAR","period":"WEEKLY","resetTime":"00:00","resetDay":"SUNDAY","timezone":"America/New_York"},"models":["claude-opus-*"]}'
  for t in t1 t2 t3 t4; do
    call PUT "/teams/$t" "{\"name\":\"Team $t\",\"timezone\":\"Europe/Berlin\"}"
    call PUT "/pools/tokens/allocations/$t" '{"weight":1}'
    call PUT "/pools/weekly/allocations/$t" '{"weight":1}'
  done

  if [ -n "${LOAD_CP:-}" ]; then client=("$JAVA" -Xmx256m -cp "$LOAD_CP" HoldLoad); else client=("$JAVA" -Xmx256m "$ROOT/bench/HoldLoad.java"); fi
  load() { "${client[@]}" --targets "$BASE" --conns "$TRAIN_CONNS" --warmup 0 --duration "$TRAIN_SECS" --key "$KEY" "$@"; }
  load --label train-hot --pairs hot:hot --amount 2 >"$LOG.hot" 2>&1 &
  l1=$!
  load --label train-cold --pairs cold:cold --amount 1 >"$LOG.cold" 2>&1 &
  l2=$!
  load --label train-events --mode events --pairs t1,t2,t3,t4 >"$LOG.events" 2>&1 &
  l3=$!
  # Meanwhile the paths around them, far less often: batches, availability, admission.
  end=$((SECONDS + TRAIN_SECS))
  n=0
  while [ $SECONDS -lt $end ]; do
    n=$((n + 1))
    now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
    call POST /usage-events "[{\"eventId\":\"train-b$n-1\",\"teamId\":\"t1\",\"model\":\"claude-opus-4-1\",\"occurredAt\":\"$now\",\"inputTokens\":100,\"outputTokens\":10},
      {\"eventId\":\"train-b$n-2\",\"teamId\":\"t2\",\"model\":\"claude-sonnet-4-5\",\"occurredAt\":\"$now\",\"inputTokens\":200,\"outputTokens\":20}]"
    call GET /teams/t1/availability
    call GET /teams/hot/availability
    call POST /teams/t2/admission '{"poolId":"tokens","estimatedAmount":1000,"kind":"INTERACTIVE"}'
    sleep 0.2
  done
  for l in $l1 $l2 $l3; do wait "$l" || fail "a training load client failed: $(cat "$LOG".hot "$LOG".cold "$LOG".events | head -20)"; done
  say "training load: $(grep -h -o 'decisions_per_s=[0-9]*' "$LOG".hot "$LOG".cold "$LOG".events | tr '\n' ' ')(hot, cold, events); $n rounds of batches, availability, admission"
  rm -f "$LOG".hot "$LOG".cold "$LOG".events
  # A graceful stop ends the JVM normally, which writes the cache (in a second JVM it starts).
  kill -TERM $PID
  wait $PID || true
  trap - EXIT
fi
[ -s "$CACHE" ] || fail "no cache written to $CACHE"
say "wrote $CACHE ($(du -h "$CACHE" | cut -f1)); start with: $JAVA $USE -jar $JAR"
[ -n "${TRAIN_LOG:-}" ] || rm -f "$LOG"
