#!/usr/bin/env bash
# val.sh JAR DB: serve (pg|sqlite), fulfill 2000 grants as compare.sh warms up, then validation at LEVELS (SECS each), ROUNDS times;
# JOPTS to the server's JVM, BEFORE hook gets the server pid; prints one WRK line per level
set -eu
JAR=$(readlink -f "$1"); db=$2; LEVELS=${LEVELS:-16}; SECS=${SECS:-6}; ROUNDS=${ROUNDS:-1}
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
python3 $here/prepare.py "http://127.0.0.1:$port" $key 2000 > $dir/warm.txt
IDS=$dir/warm.txt TOKEN=$key wrk -t1 -c16 -d4s -s $here/fulfill.lua "http://127.0.0.1:$port" >/dev/null
lk="WRK-$(head -1 $dir/warm.txt)"
LICENSE_KEY=$lk wrk -t1 -c16 -d5s -s $here/validate.lua "http://127.0.0.1:$port/licenses/validate" >/dev/null
sleep 2
[ -n "${BEFORE:-}" ] && bash -c "$BEFORE" _ $pid
for r in $(seq 1 $ROUNDS); do for c in $LEVELS; do
  res=$(LICENSE_KEY=$lk wrk -t1 -c$c -d${SECS}s --latency -s $here/validate.lua "http://127.0.0.1:$port/licenses/validate" | grep '^WRK')
  printf '%s %s-%s\tvalidate\t%s\t%s\tload=%s\n' "$(date +%T)" $tag $db $c "$res" "$(cut -d' ' -f1 /proc/loadavg)"
done; done
[ -n "${AFTER:-}" ] && bash -c "$AFTER" _ $pid $dir
echo "dir=$dir"
