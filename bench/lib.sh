# Helpers shared by the benchmark scripts (bench/run.sh, bench/holds.sh, bench/queue.sh).
# Sourced after the script has cd-ed to the repository root; functions read the caller's
# variables (BASE, KEY, OUT, ...) when they run.

log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*"; }

die() { log "ERROR: $*"; exit 1; }

machine_busy() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat; }

# Hottest frames of a JFR recording: leaf frames, and the innermost frame of this project.
jfr_top() {
  jfr print --events jdk.ExecutionSample "$1" | awk '
    /stackTrace = \[/ { inst = 1; first = 1; app = ""; n++; next }
    inst && /^[ \t]*\]/ { if (app != "") apps[app]++; inst = 0; next }
    inst {
      f = $0; gsub(/^[ \t]+/, "", f); sub(/[ \t]+line:.*/, "", f)
      if (first) { leaf[f]++; first = 0 }
      if (app == "" && f ~ /^io\.github\.quotabroker/) app = f
    }
    END {
      printf "%d execution samples\n\nhottest leaf frames:\n", n
      for (f in leaf) printf "%6.1f%%  %s\n", 100 * leaf[f] / n, f | "sort -rn | head -25"
      close("sort -rn | head -25")
      printf "\ninnermost project frame:\n"
      for (f in apps) printf "%6.1f%%  %s\n", 100 * apps[f] / n, f | "sort -rn | head -15"
    }'
}

# async-profiler (Apache 2.0; not in the jar): attached to a running JVM for the measured interval.
# AP_LIB is its libasyncProfiler.so, e.g. unzipped from Maven Central's
# tools/profiler/async-profiler/4.1/async-profiler-4.1-linux-x64.jar. CPU samples every AP_INTERVAL;
# AP_EVENT=alloc AP_INTERVAL=64k AP_TOTAL=1 counts allocated bytes instead, which a busy machine
# does not distort.
ap_start() {   # ap_start <pid>
  java "$(dirname "${BASH_SOURCE[0]}")/ApAttach.java" "$1" "${AP_LIB:?set AP_LIB to libasyncProfiler.so}" \
    "start,event=${AP_EVENT:-cpu},interval=${AP_INTERVAL:-1ms}"
}
ap_stop() {    # ap_stop <pid> <file.collapsed>
  java "$(dirname "${BASH_SOURCE[0]}")/ApAttach.java" "$1" "$AP_LIB" "stop,file=$(realpath "$2"),collapsed${AP_TOTAL:+,total}"
}

verdict() { awk -v c="$1" 'BEGIN { print (c ? "PASS" : "MISS") }'; }

free_port() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 1 || return 0; }

stop_pid() {
  local pid=$1
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid"
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
  wait "$pid" 2>/dev/null || true
}

# Sum of utime+stime (clock ticks) of the given pids (and their threads); one read of all.
ticks_of() {
  [ $# -gt 0 ] || { echo 0; return; }
  cat $(printf '/proc/%s/stat ' "$@") 2>/dev/null | awk '{ s += $14 + $15 } END { print s + 0 }'
}

put() {
  curl -fsS -X PUT -H "Authorization: Bearer $BENCH_KEY" -H 'Content-Type: application/json' -d "$2" "$BASE$1" >/dev/null \
    || die "PUT $1 failed: $(curl -sS -X PUT -H "Authorization: Bearer $BENCH_KEY" -H 'Content-Type: application/json' -d "$2" "$BASE$1")"
}

# VACUUM ANALYZE of the benchmark database, as autovacuum keeps it on a service that has been
# running: a fresh database grows faster than autovacuum's first round (naptime 1 min); without
# statistics PostgreSQL may read a whole partial index for one pool's queue, and the warm-up's
# releases leave dead index entries that decisions read. ANALYZE=0 leaves both to autovacuum.
analyze_db() {   # analyze_db <database>
  [ "${ANALYZE:-1}" = 1 ] || return 0
  psql -X -q -d "$1" -c "vacuum analyze" && log "vacuumed and analyzed $1, as autovacuum would (ANALYZE=0 leaves it to autovacuum)"
}

# Starts instance <n> of $JAR on <port> against database <db> and adds its pid to PIDS, without
# waiting for it (bench/faults.sh restarts an instance while its load runs).
launch_instance() {   # launch_instance <n> <port> <db>
  local n=$1 port=$2 db=$3 skew prefix=()
  # FAKETIME_<n> (e.g. +2m): start that instance with its host clock moved (libfaketime).
  skew=$(eval "echo \${FAKETIME_$n:-}")
  # Preloaded directly, not through the faketime wrapper: the wrapper forks, and its pid is not
  # the JVM's, so stopping it left the JVM running.
  [ -z "$skew" ] || prefix=(env LD_PRELOAD=/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1
    FAKETIME="$skew" FAKETIME_DONT_FAKE_MONOTONIC=1)
  log "starting instance $n on port $port${skew:+ with its clock at $skew}"
  # shellcheck disable=SC2086
  "${prefix[@]}" env $SERVER_ENV SPRING_DATASOURCE_URL="jdbc:postgresql://$PGHOST:$PGPORT/$db" SPRING_DATASOURCE_USERNAME=$PGUSER \
    QUOTA_ADMIN_TOKEN=$BENCH_KEY QUOTA_SECURITY_REQUESTS_PER_SECOND=10000000 QUOTA_SECURITY_BURST=10000000 \
    SERVER_PORT=$port SERVER_ADDRESS=127.0.0.1 \
    "$JAVA" $JAVA_OPTS -jar "$JAR" >>"$OUT/server-$n.log" 2>&1 &
  PIDS+=("$!")
}

# Starts instance <n> of $JAR on <port> against database <db>, adds its pid to PIDS and waits
# until it answers healthy (so the first instance migrates the schema alone before the next
# starts). Uses SERVER_ENV, PGHOST, PGPORT, PGUSER, BENCH_KEY, JAVA, JAVA_OPTS and OUT;
# START_TIMEOUT (120) is how many seconds an instance may take to answer healthy.
start_instance() {   # start_instance <n> <port> <db>
  local n=$1 port=$2 db=$3 pid try
  launch_instance "$n" "$port" "$db"
  pid=${PIDS[${#PIDS[@]}-1]}
  local tries=${START_TRIES:-$(( ${START_TIMEOUT:-120} * 2 ))}   # half-seconds (START_TRIES) or seconds (START_TIMEOUT)
  for try in $(seq 1 "$tries"); do
    curl -fsS "http://127.0.0.1:$port/actuator/health" 2>/dev/null | grep -q '"UP"' && break
    kill -0 "$pid" 2>/dev/null || { tail -30 "$OUT/server-$n.log"; die "instance $n exited"; }
    [ "$try" = "$tries" ] && die "instance $n not healthy after ${START_TIMEOUT:-120} s"
    sleep 0.5
  done
  log "instance $n up (pid $pid)"
}

# Installs the commit-time check of the amount held on <pool> in <db>: a deferred constraint
# trigger that runs in every granting transaction right before it commits (still under the
# pool's row lock), with a fresh snapshot, and records in bench_hot_check the most ever held,
# the checks made and how many saw more than <limit>.
install_hold_check() {   # install_hold_check <db> <pool> <limit>
  psql -X -q -v ON_ERROR_STOP=1 -d "$1" >/dev/null <<SQL
create table bench_hot_check (id int primary key, max_held bigint not null, checks bigint not null,
  over bigint not null);
insert into bench_hot_check values (1, 0, 0, 0);
create function bench_hot_check() returns trigger language plpgsql as \$\$
declare held bigint;
begin
  select coalesce(sum(amount - consumed), 0) into held from reservations
  where pool_id = new.pool_id and status = 'HELD' and expires_at > clock_timestamp();
  update bench_hot_check set max_held = greatest(max_held, held), checks = checks + 1,
    over = over + (held > $3)::int where id = 1;
  return null;
end \$\$;
create constraint trigger bench_hot_check after insert on reservations deferrable initially deferred
  for each row when (new.pool_id = '$2' and new.status = 'HELD') execute function bench_hot_check();
SQL
}
