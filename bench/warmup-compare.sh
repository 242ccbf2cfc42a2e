#!/usr/bin/env bash
# Before/after of the warm-up work of issue #17 in one run: makes the caches of src/main/docker/aot-cache.sh
# for one jar, then runs bench/warmup.sh over these variants, interleaved ROUNDS times:
#
#   j17       Java 17 (J17), the jar as built (the "before")
#   j17-cds   Java 17, extracted jar, dynamic CDS archive of a training run (classes only)
#   j25       Java 25 (J25), the jar as built
#   j25-ctx   Java 25, extracted jar, AOT cache of a context-only training run
#             (spring.context.exit=onRefresh, as Spring Boot's documentation shows: classes, no
#             profiles of the request paths)
#   j25-aot   Java 25, extracted jar, AOT cache of src/main/docker/aot-cache.sh's training run with load
#             (classes and the method profiles of the hot paths): what the Docker image does
#
# The training runs use a scratch database of their own (dropped after each).
#
#   usage: bench/warmup-compare.sh
#   env:   JAR (target/quota-broker-*.jar)  J17 (java)  J25 (/usr/lib/jvm/temurin-25-jdk-amd64/bin/java)
#          ONLY (a subset of the variant names above, space-separated)  TRAIN_SECS (30)
#          JAVA_OPTS (-Xms768m -Xmx768m -XX:+UseG1GC: training runs and measured runs alike)
#          and everything bench/warmup.sh takes (ROUNDS, WORKLOAD, DURATION, ...)
# Output: the caches in bench/out/aot-<time>/, the warm-up run in bench/out/warmup-<run-id>/
set -euo pipefail

cd "$(dirname "$0")/.."
. bench/lib.sh
J17=${J17:-java}
J25=${J25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
ONLY=${ONLY:-j17 j17-cds j25 j25-ctx j25-aot}
export JAVA_OPTS=${JAVA_OPTS:--Xms768m -Xmx768m -XX:+UseG1GC}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
JAR=${JAR:-$(ls target/quota-broker-*.jar 2>/dev/null | grep -v plain | head -1 || true)}
[ -n "$JAR" ] && [ -f "$JAR" ] || die "no jar: build one (./mvnw -DskipTests package) or set JAR"
JAR=$(realpath "$JAR")
AOT=$PWD/bench/out/aot-$(date -u +%Y%m%dT%H%M%SZ)
APP=$AOT/$(basename "$JAR")
TRAIN_DB=${DB_PREFIX:-qb}_aot_training_$$
trap 'psql -q -d postgres -c "drop database if exists $TRAIN_DB with (force)" >/dev/null 2>&1 || true' EXIT
wants() { [[ " $ONLY " == *" $1 "* ]]; }

log "extracting $JAR into $AOT"
"$J25" -Djarmode=tools -jar "$JAR" extract --destination "$AOT" >/dev/null

train() {   # train <java> <cache> [TRAIN_SECS]
  psql -q -d postgres -c "drop database if exists $TRAIN_DB with (force)" -c "create database $TRAIN_DB" >/dev/null
  SPRING_DATASOURCE_URL=jdbc:postgresql://$PGHOST:$PGPORT/$TRAIN_DB SPRING_DATASOURCE_USERNAME=$PGUSER \
    JAVA=$1 TRAIN_SECS=${3:-${TRAIN_SECS:-30}} TRAIN_LOG=$2.log src/main/docker/aot-cache.sh "$APP" "$2"
}
VARIANTS=
add() { VARIANTS+=${VARIANTS:+;}$1; }
wants j17 && add "j17|$J17|$JAR|"
if wants j17-cds; then train "$J17" "$AOT/app17.jsa"; add "j17-cds|$J17|$APP|-XX:SharedArchiveFile=$AOT/app17.jsa"; fi
wants j25 && add "j25|$J25|$JAR|"
if wants j25-ctx; then train "$J25" "$AOT/app-ctx.aot" 0; add "j25-ctx|$J25|$APP|-XX:AOTCache=$AOT/app-ctx.aot -XX:AOTMode=on"; fi
if wants j25-aot; then train "$J25" "$AOT/app.aot"; add "j25-aot|$J25|$APP|-XX:AOTCache=$AOT/app.aot -XX:AOTMode=on"; fi
psql -q -d postgres -c "drop database if exists $TRAIN_DB with (force)" >/dev/null
ls -l "$AOT"/*.aot "$AOT"/*.jsa 2>/dev/null || true

VARIANTS=$VARIANTS bash bench/warmup.sh
