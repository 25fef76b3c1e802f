#!/usr/bin/env bash
# phases.sh: compare.sh's Grantor phases only (SKIP_RAW), LEVELS "16 64", SQLite then PostgreSQL per DBS, alternating cur/b250, ROUNDS rounds
cd /tmp/s18
for r in $(seq 1 ${ROUNDS:-2}); do for v in cur b250; do
  [ "${DBS:-sqlite}" = pg ] && bash /work/shared/bench/pg-local.sh > /dev/null 2>&1
  skip=$([ "${DBS:-sqlite}" = pg ] && echo SKIP_SQLITE || echo SKIP_PG)
  env $skip=1 SKIP_RAW=1 OUT=/tmp/s18/ph-$v-$r LEVELS="16 64" SECS=6 N=20000 SERVE_OPTS="--license-failure-limit 1000000 --license-failure-limit-per-business 1000000" JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 bash /work/shared/bench/compare.sh /tmp/s18/$v.jar 2>&1 | grep -P "^(sqlite|pg)\t" | sed "s/^/$v /"
done; done
