#!/usr/bin/env bash
# warm.sh JAR DB: session 16's ful.sh with the warm-up made longer on demand: WARMN grants (2000) fulfilled for WARM seconds (5) at 16 clients, then C clients for SECS (BEFORE hook: $1 = server pid)
set -eu
JAR=$(readlink -f "$1"); db=$2; C=${C:-1}; SECS=${SECS:-6}; N=${N:-8000}
here=/work/shared/bench; J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java; tag=${TAG:-x}
dir=$(mktemp -d); port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
if [ $db = pg ]; then
  PGPASSWORD=bench psql -q -h localhost -U postgres -c "drop database if exists grantor_http" -c "create database grantor_http" >/dev/null 2>&1
  opts="--db-url jdbc:postgresql://localhost:5432/grantor_http --db-user postgres --db-password bench"
else opts=""; fi
bus=$($J -jar $JAR businesses create --name bench --data-dir $dir $opts 2>/dev/null | tail -1)
key=$($J -jar $JAR api-keys create --business $bus --data-dir $dir $opts 2>/dev/null | tail -1)
$J ${JOPTS:-} -jar $JAR serve --port $port --data-dir $dir --rate-limit 1000000 --license-rate-limit 1000000 --license-failure-limit 1000000 --license-failure-limit-per-business 1000000 ${SERVE_OPTS:-} $opts > $dir/server.log 2>&1 &
pid=$!; trap 'kill $pid 2>/dev/null' EXIT
for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$port/ready" >/dev/null 2>&1 && break; sleep 0.5; done
python3 $here/prepare.py "http://127.0.0.1:$port" $key ${WARMN:-2000} > $dir/warm.txt
IDS=$dir/warm.txt TOKEN=$key wrk -t1 -c16 -d${WARM:-5}s -s $here/fulfill.lua "http://127.0.0.1:$port" >/dev/null
python3 $here/prepare.py "http://127.0.0.1:$port" $key $N > $dir/ids.txt; sleep 2
[ -n "${BEFORE:-}" ] && bash -c "$BEFORE" _ $pid
r=$(IDS=$dir/ids.txt TOKEN=$key wrk -t1 -c$C -d${SECS}s --latency -s $here/fulfill.lua "http://127.0.0.1:$port" | grep '^WRK')
printf '%s %s-%s\tfulfill\t%s\t%s\tload=%s\n' "$(date +%T)" $tag $db $C "$r" "$(cut -d' ' -f1 /proc/loadavg)"
