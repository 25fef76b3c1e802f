#!/usr/bin/env bash
# One database's HTTP phases of the harness with jar A against jar B, order swapped every round.
# Usage: [DB=pg|sqlite] jar-ab.sh JAR_A JAR_B ROUNDS   (JAVA_HOME: the JDK 25; PostgreSQL from pg-local.sh; DB pg by default)
set -eu
A=$1; B=$2; ROUNDS=${3:-2}; DB=${DB:-pg}
if [ "$DB" = pg ]; then skip="SKIP_SQLITE=1"; else skip="SKIP_PG=1"; fi
for r in $(seq 1 "$ROUNDS"); do
  if [ $((r % 2)) = 1 ]; then order="A B"; else order="B A"; fi
  for which in $order; do
    if [ "$which" = A ]; then jar=$A; else jar=$B; fi
    [ "$DB" = pg ] && PGPASSWORD=bench psql -q -h localhost -U postgres -c "drop database if exists grantor_http" -c "create database grantor_http" >/dev/null
    out=$(mktemp -d)
    env SKIP_RAW=1 $skip LEVELS="1 16 64" SECS=6 N=20000 OUT=$out \
      SERVE_OPTS="--license-failure-limit 1000000 --license-failure-limit-per-business 1000000" \
      bash /work/shared/bench/compare.sh "$jar" >/dev/null 2>&1 || true
    sed "s/^/jar=$which round=$r\t/" "$out/http.txt"
  done
done
