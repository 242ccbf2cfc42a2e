#!/usr/bin/env bash
# The forecast backtest of issue #12 without the database (OfflineBacktestTest): the same
# traces, baselines and scoring as bench/backtest.sh, with our outlook computed from the
# pure forecast classes as ForecastService computes it. Seconds per variant instead of
# minutes, so model changes can be scored on the tuning seed; bench/backtest.sh remains
# the figure of record (it replays through the real ingest path and PostgreSQL).
#
#   usage: bench/backtest-offline.sh
#   env:   SEED (1, the tuning seed)
#          VARIANTS (default: the service's model; ';'-separated, each a comma list of
#                    relative, binned, robust, steps, shape, allowance,
#                    or none)
#          TRACES (all), THREADS (2)
# Output: target/backtest-offline/seed<SEED>-<variant>.md, and CPU per projection.
set -euo pipefail
cd "$(dirname "$0")/.."
SEED=${SEED:-1}
VARIANTS=${VARIANTS:-default}
nice -n 19 ./mvnw -B -ntp -q -Djacoco.skip=true -Dsurefire.failIfNoSpecifiedTests=false \
  -Dtest.excludedGroups=none -Dtest=OfflineBacktestTest -Dbacktest.seed="$SEED" \
  -Dbacktest.variants="$VARIANTS" -Dbacktest.traces="${TRACES:-}" -Dbacktest.threads="${THREADS:-2}" test
for f in target/backtest-offline/seed"$SEED"-*.md; do echo "== $f"; cat "$f"; done
