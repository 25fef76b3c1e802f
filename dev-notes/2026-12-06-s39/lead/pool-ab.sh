#!/usr/bin/env bash
# PostgreSQL only, the harness's HTTP phases with --db-pool-size A against B, order swapped every round.
# Usage: pool-ab.sh JAR ROUNDS SIZE_A SIZE_B   (JAVA_HOME: the JDK 25; PostgreSQL from pg-local.sh)
set -eu
JAR=$1; ROUNDS=${2:-2}; A=${3:-4}; B=${4:-10}
for r in $(seq 1 "$ROUNDS"); do
  if [ $((r % 2)) = 1 ]; then order="$A $B"; else order="$B $A"; fi
  for size in $order; do
    PGPASSWORD=bench psql -q -h localhost -U postgres -c "drop database if exists grantor_http" -c "create database grantor_http" >/dev/null
    out=$(mktemp -d)
    SKIP_RAW=1 SKIP_SQLITE=1 LEVELS="1 16 64" SECS=6 N=20000 OUT=$out \
      SERVE_OPTS="--license-failure-limit 1000000 --license-failure-limit-per-business 1000000 --db-pool-size $size" \
      bash /work/shared/bench/compare.sh "$JAR" >/dev/null 2>&1 || true
    sed "s/^/pool=$size round=$r\t/" "$out/http.txt"
  done
done
