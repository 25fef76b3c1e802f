#!/usr/bin/env bash
# API node (--no-relay) and relay node (second serve on the same data dir) as two processes: CPU of each per fulfill
set -eu
JAR=$1; shift
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java; JCMD=/usr/lib/jvm/temurin-25-jdk-amd64/bin/jcmd; here=/work/shared/bench
C=${C:-1}; SECS=${SECS:-8}; N=${N:-8000}
dir=$(mktemp -d); p1=18601; p2=18602
bus=$($J -jar $JAR businesses create --name bench --data-dir $dir "$@" 2>/dev/null | tail -1)
key=$($J -jar $JAR api-keys create --business $bus --data-dir $dir "$@" 2>/dev/null | tail -1)
$J -jar $JAR serve --port $p1 --data-dir $dir --no-relay --rate-limit 1000000 --license-rate-limit 1000000 "$@" > $dir/a.log 2>&1 & a=$!
$J ${JOPTS:-} -jar $JAR serve --port $p2 --data-dir $dir --rate-limit 1000000 "$@" > $dir/b.log 2>&1 & b=$!
for _ in $(seq 1 120); do curl -fs http://127.0.0.1:$p1/ready >/dev/null 2>&1 && curl -fs http://127.0.0.1:$p2/ready >/dev/null 2>&1 && break; sleep 0.5; done
python3 $here/prepare.py http://127.0.0.1:$p1 $key 2000 > $dir/warm.txt
IDS=$dir/warm.txt TOKEN=$key wrk -t1 -c16 -d5s -s $here/fulfill.lua http://127.0.0.1:$p1 >/dev/null
python3 $here/prepare.py http://127.0.0.1:$p1 $key $N > $dir/ids.txt; sleep 3
ca0=$(awk '{print $14+$15}' /proc/$a/stat); cb0=$(awk '{print $14+$15}' /proc/$b/stat)
[ -n "${PROFILE:-}" ] && $JCMD $b JFR.start name=r settings=profile >/dev/null
r=$(IDS=$dir/ids.txt TOKEN=$key wrk -t1 -c$C -d${SECS}s --latency -s $here/fulfill.lua http://127.0.0.1:$p1 | grep '^WRK'); sleep 1
[ -n "${PROFILE:-}" ] && $JCMD $b JFR.dump name=r filename=/work/s6prof/relay.jfr >/dev/null
ca1=$(awk '{print $14+$15}' /proc/$a/stat); cb1=$(awk '{print $14+$15}' /proc/$b/stat)
reqs=$(echo "$r" | sed 's/.*requests=\([0-9]*\).*/\1/')
echo "$r"; echo "api node cpu ms/req $(python3 -c "print(round(($ca1-$ca0)*10/$reqs,3))")  relay node cpu ms/req $(python3 -c "print(round(($cb1-$cb0)*10/$reqs,3))") emails $(ls $dir/mail | wc -l) load $(cut -d' ' -f1 /proc/loadavg)"
kill $a $b; wait 2>/dev/null || true
