#!/usr/bin/env bash
# Forecast accuracy backtest of issue #12 (figures in docs/benchmarks.md, "Forecast accuracy
# backtest (issue #12)"). Runs the JUnit harness ForecastBacktestIT (tagged `benchmark`, which
# `./mvnw verify` leaves out): every trace is replayed hour by hour through POST /usage-events
# into a real PostgreSQL (the embedded one of each test JVM) with the test clock moved to each
# event, and at every hour boundary after the warm-up our forecast and three baselines
# (linear extrapolation of the window so far, EWMA of daily totals, P90 of past windows) are
# scored against what the trace does next. Each trace runs in its own JVM (JOBS at a time);
# BacktestReportIT then merges their sums into one report.
#
#   usage: bench/backtest.sh
#   env:   SEED (2026, the reporting seed; the model was tuned on seed 1 only)
#          TRACES (all: "rhythm,trend+spikes,regime change,quiet wakes up,demo week")
#          JOBS (5: traces replayed at once)
# Output: bench/out/backtest-<run-id>/report.md (the tables) and one log per trace.
set -euo pipefail

cd "$(dirname "$0")/.."
. bench/lib.sh

SEED=${SEED:-2026}
TRACES=${TRACES:-rhythm,trend+spikes,regime change,quiet wakes up,demo week}
JOBS=${JOBS:-5}
RUN_ID=$(date -u +%Y%m%dT%H%M%SZ)
OUT=$(pwd)/bench/out/backtest-$RUN_ID
mkdir -p "$OUT"
MVN=(./mvnw -B -ntp -q -Djacoco.skip=true -Dsurefire.failIfNoSpecifiedTests=false -Dtest.excludedGroups=none)

log "backtest: seed $SEED, traces: $TRACES; output $OUT; load: $(cut -d' ' -f1-3 /proc/loadavg)"
started=$(date +%s)
"${MVN[@]}" test-compile > "$OUT/compile.log" 2>&1 || die "compilation failed; see $OUT/compile.log"

IFS=, read -r -a names <<< "$TRACES"
pids=()
for name in "${names[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do sleep 5; done
  slug=$(printf '%s' "$name" | tr -c 'a-zA-Z0-9' '-')
  "${MVN[@]}" test -Dtest=ForecastBacktestIT -Dbacktest.seed="$SEED" -Dbacktest.traces="$name" \
    -Dbacktest.out="$OUT/$slug.md" > "$OUT/$slug.log" 2>&1 &
  pids+=($!)
  log "replaying '$name' (pid $!, log $OUT/$slug.log)"
done
# Progress: the harness prints a line per replayed week.
( while :; do sleep 60; grep -h '^\[backtest\]' "$OUT"/*.log 2>/dev/null | tail -n "${#names[@]}" | sed 's/^/    /'; done ) &
progress=$!
failed=0
for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
kill "$progress" 2>/dev/null || true
[ "$failed" = 0 ] || die "a replay failed; see the logs in $OUT"
"${MVN[@]}" test -Dtest=BacktestReportIT -Dbacktest.dir="$OUT" > "$OUT/report.log" 2>&1 || die "merge failed; see $OUT/report.log"
log "backtest done in $(( $(date +%s) - started )) s; load: $(cut -d' ' -f1-3 /proc/loadavg)"
{ echo; echo "Seed $SEED; run time $(( $(date +%s) - started )) s with $JOBS traces at once."; } >> "$OUT/report.md"
cat "$OUT/report.md"
