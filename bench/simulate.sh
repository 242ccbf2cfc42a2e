#!/usr/bin/env bash
# The fair-share and queue simulation of issue #5 (src/test/java/.../simulation/SimulationIT):
# four scenarios driven through the real services on PostgreSQL with the test clock, each
# against plain FIFO on the same inputs. Writes target/simulation-report.md and asserts the
# issue's goals (a failing goal fails the run). ./mvnw verify runs the same four scenarios;
# this script runs only them and prints the report.
#
#   usage: bench/simulate.sh            (QUOTA_TEST_DATABASE_URL as for the tests, optional)
set -euo pipefail
cd "$(dirname "$0")/.."
echo "[$(date -u +%H:%M:%S)] simulation: 4 scenarios (about a minute)"
status=0
./mvnw -B -ntp -q verify -Dtest=SimulationIT -Dsurefire.failIfNoSpecifiedTests=false \
  -Djacoco.skip=true || status=$?
echo "[$(date -u +%H:%M:%S)] report: target/simulation-report.md"
cat target/simulation-report.md 2>/dev/null || true
exit $status
