#!/usr/bin/env bash
# (run with hostile-probe-in-test.patch applied: the probe inside the test itself, RequestPipeline at DEBUG)
# mvnloop.sh N: the test under Maven, N times, under two CPU hogs
cd /work/main
yes > /dev/null & h1=$!; yes > /dev/null & h2=$!
for i in $(seq 1 $1); do
  JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 ./mvnw -o test -pl adapters-rest -Dtest=HostileRequestsOverHttpTest > /tmp/s22/mvn-$i.log 2>&1
  echo "run $i $(date +%T) $(grep -E 'Tests run:.*Hostile' /tmp/s22/mvn-$i.log | head -1 | cut -c1-80) $(grep -c 'client left\|closed without' /tmp/s22/mvn-$i.log)"
done
kill $h1 $h2
