#!/usr/bin/env bash
# cmp.sh: compare.sh on main.jar (e6896de, before this session) and final.jar (this session's code), back to back, PostgreSQL reset before each
cd /tmp/s20
for v in main final; do
  bash /work/shared/bench/pg-local.sh > /tmp/s20/pg-$v.log 2>&1
  echo "=== $v start $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"
  OUT=/tmp/s20/cmp-$v LEVELS="1 16 64" SECS=6 N=20000 SERVE_OPTS="--license-failure-limit 1000000 --license-failure-limit-per-business 1000000" JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 bash /work/shared/bench/compare.sh /tmp/s20/$v.jar > /tmp/s20/cmp-$v.txt 2>&1
  echo "=== $v end $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"
done
