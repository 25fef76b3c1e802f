#!/usr/bin/env bash
# cold.sh N: N fresh JVMs, each one round of HostileRequestsOverHttpTest's 10,000 requests (HostileLoopProbe), under two CPU hogs.
# Needs HostileLoopProbe.java copied into adapters-rest/src/test/java/dev/grantor/adapter/rest/, then
#   ./mvnw -o -q test-compile dependency:build-classpath -pl adapters-rest -Dmdep.outputFile=/tmp/s22/cp.txt -Dmdep.includeScope=test
# and logback.xml (RequestPipeline at DEBUG: it logs an answer whose write failed) in /tmp/s22/.
cd /work/main/adapters-rest
cp="target/test-classes:target/classes:$(cat /tmp/s22/cp.txt)"
yes > /dev/null & h1=$!; yes > /dev/null & h2=$!
for i in $(seq 1 $1); do
  /usr/lib/jvm/temurin-25-jdk-amd64/bin/java -Drounds=1 -Dlogback.configurationFile=/tmp/s22/logback.xml -cp "$cp" dev.grantor.adapter.rest.HostileLoopProbe > /tmp/s22/cold-$i.log 2>&1
  echo "run $i $(date +%T) $(grep -E '^round' /tmp/s22/cold-$i.log) $(grep -c 'client left\|FAIL' /tmp/s22/cold-$i.log)"
done
kill $h1 $h2
