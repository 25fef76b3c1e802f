#!/bin/bash
# interleaved A/B of two jars on one database kind: ab.sh JAR_A JAR_B ROUNDS (SKIP_PG / SKIP_SQLITE as compare.sh)
for r in $(seq 1 $3); do
  for j in "$1" "$2"; do
    echo "== $(basename $j) round $r $(date +%T) load $(cut -d' ' -f1 /proc/loadavg)"
    SKIP_RAW=1 LEVELS="${LEVELS:-16 64}" SECS=6 N=20000 SERVE_OPTS="--license-failure-limit 1000000 --license-failure-limit-per-business 1000000" JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 /work/shared/bench/compare.sh "$j" 2>&1 | grep -E "^(pg|sqlite)\s"
  done
done
