#!/usr/bin/env bash
# cmp.sh: compare.sh on cur.jar (HEAD before the relay change) and b250.jar, back to back, PostgreSQL reset before each
cd /tmp/s18
for v in cur b250; do
  bash /work/shared/bench/pg-local.sh > /tmp/s18/pg-$v.log 2>&1
  echo "=== $v start $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"
  OUT=/tmp/s18/cmp-$v LEVELS="1 16 64" SECS=6 N=20000 SERVE_OPTS="--license-failure-limit 1000000 --license-failure-limit-per-business 1000000" JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 bash /work/shared/bench/compare.sh /tmp/s18/$v.jar > /tmp/s18/cmp-$v.txt 2>&1
  echo "=== $v end $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"
done
