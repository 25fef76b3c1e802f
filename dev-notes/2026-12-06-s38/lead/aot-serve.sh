#!/usr/bin/env bash
# aot-serve.sh LABEL [JVM opts...]: a fresh SQLite data dir, serve, time to /ready, then 1-client fulfills for 5 s from the start
set -eu
LABEL=$1; shift
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java; JAR=/tmp/s38jar/bootstrap/target/grantor.jar; B=/work/shared/bench
dir=$(mktemp -d); port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
bus=$($J -jar $JAR businesses create --name bench --data-dir $dir 2>/dev/null | tail -1)
key=$($J -jar $JAR api-keys create --business $bus --data-dir $dir 2>/dev/null | tail -1)
t0=$(date +%s.%N)
$J "$@" -jar $JAR serve --port $port --data-dir $dir --rate-limit 1000000 --license-rate-limit 1000000 > $dir/server.log 2>&1 &
pid=$!
until curl -fs http://127.0.0.1:$port/ready >/dev/null 2>&1; do sleep 0.05; done
t1=$(date +%s.%N)
python3 $B/prepare.py http://127.0.0.1:$port $key 5000 > $dir/ids.txt; python3 $B/prepare.py http://127.0.0.1:$port $key 12000 > $dir/ids16.txt
r1=$(IDS=$dir/ids.txt TOKEN=$key wrk -t1 -c1 -d5s --latency -s $B/fulfill.lua http://127.0.0.1:$port | grep '^WRK')
r2=$(IDS=$dir/ids16.txt TOKEN=$key wrk -t1 -c16 -d5s --latency -s $B/fulfill.lua http://127.0.0.1:$port | grep '^WRK')
kill $pid; wait $pid 2>/dev/null || true
printf '%s\tready_s=%.2f\tc1 %s\tc16 %s\n' "$LABEL" "$(echo "$t1 - $t0" | bc)" "$r1" "$r2"
