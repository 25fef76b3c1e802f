#!/usr/bin/env bash
# SQLite only, the harness's HTTP phases with jar A against jar B, order swapped every round (session 39's jar-ab.sh for SQLite).
# Usage: jar-ab-sqlite.sh JAR_A JAR_B ROUNDS   (JAVA_HOME: the JDK 25)
set -eu
A=$1; B=$2; ROUNDS=${3:-2}
for r in $(seq 1 "$ROUNDS"); do
  if [ $((r % 2)) = 1 ]; then order="A B"; else order="B A"; fi
  for which in $order; do
    if [ "$which" = A ]; then jar=$A; else jar=$B; fi
    out=$(mktemp -d)
    SKIP_RAW=1 SKIP_PG=1 LEVELS="1 16 64" SECS=6 N=20000 OUT=$out \
      SERVE_OPTS="--license-failure-limit 1000000 --license-failure-limit-per-business 1000000" \
      bash /work/shared/bench/compare.sh "$jar" >/dev/null 2>&1 || true
    sed "s/^/jar=$which round=$r\t/" "$out/http.txt"
  done
done
