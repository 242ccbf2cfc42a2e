#!/usr/bin/env bash
# Interleaved before/after runs of bench/holds.sh and bench/queue.sh, to compare two jars on a
# shared machine (issue #13): holds before, holds after, queue before, queue after, PAIRS times,
# each run with its own pgbench baseline, so that figures are compared as ratios to pgbench.
#
#   usage: BEFORE_JAR=/path/a.jar AFTER_JAR=/path/b.jar bench/before-after.sh
#   env:   PAIRS (2)  HOLDS_ENV (JIT_WARMUP=120 WARMUP=5 DURATION=15 BASELINE_SECS=10: on 2 cores the
#          C2 compiler is still busy at 60 s, and shorter warm-ups measure warm-up, docs/benchmarks.md)
#          QUEUE_ENV (N=3000 WARMUP_N=600 WARMUP_RELEASES=20 RELEASES=60 BASELINE_SECS=5)
#          HOLDS_PORT (28180)  QUEUE_PORT (28380)  DB_PREFIX (qb)  START_TIMEOUT (420)
#          The same settings are used for both jars.
# Output: one summary per run, appended to bench/out/before-after-<time>.txt
set -eu

cd "$(dirname "$0")/.."
: "${BEFORE_JAR:?set BEFORE_JAR}" "${AFTER_JAR:?set AFTER_JAR}"
PAIRS=${PAIRS:-2}
HOLDS_ENV=${HOLDS_ENV:-JIT_WARMUP=120 WARMUP=5 DURATION=15 BASELINE_SECS=10}
QUEUE_ENV=${QUEUE_ENV:-N=3000 WARMUP_N=600 WARMUP_RELEASES=20 RELEASES=60 BASELINE_SECS=5}
COMMON="DB_PREFIX=${DB_PREFIX:-qb} START_TIMEOUT=${START_TIMEOUT:-420}"
mkdir -p bench/out
LOG=bench/out/before-after-$(date -u +%Y%m%dT%H%M%SZ).txt

run() {   # run <holds|queue> <label> <jar>
  local out
  out=$(mktemp)
  echo "=== $(date -u +%H:%M:%S) $1 $2 ($3), load $(cut -d' ' -f1-3 /proc/loadavg)" >>"$LOG"
  if [ "$1" = holds ]; then
    # shellcheck disable=SC2086
    env $COMMON $HOLDS_ENV BENCH_PORT=${HOLDS_PORT:-28180} JAR="$3" bash bench/holds.sh >"$out" 2>&1 || true
  else
    # shellcheck disable=SC2086
    env $COMMON $QUEUE_ENV BENCH_PORT=${QUEUE_PORT:-28380} JAR="$3" bash bench/queue.sh >"$out" 2>&1 || true
  fi
  sed -n '/^== Quota Broker/,$p' "$out" >>"$LOG"
  grep -E 'ERROR|raw output in' "$out" >>"$LOG" || true
  rm -f "$out"
}

for _ in $(seq 1 "$PAIRS"); do
  run holds before "$BEFORE_JAR"
  run holds after "$AFTER_JAR"
  run queue before "$BEFORE_JAR"
  run queue after "$AFTER_JAR"
done
echo "=== done $(date -u +%H:%M:%S); summaries in $LOG"
