#!/usr/bin/env bash
cd /tmp/s17
for v in base new; do
  bash /work/shared/bench/pg-local.sh > /tmp/s17/pg-$v.log 2>&1
  echo "=== $v start $(date +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"
  OUT=/tmp/s17/cmp-$v LEVELS="1 16 64" SECS=6 N=20000 SERVE_OPTS="--license-failure-limit 1000000 --license-failure-limit-per-business 1000000" JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 bash /work/shared/bench/compare.sh /tmp/s17/$v.jar > /tmp/s17/cmp-$v.txt 2>&1
  echo "=== $v end $(date +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"
done
