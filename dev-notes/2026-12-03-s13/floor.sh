#!/usr/bin/env bash
# floor.sh DB(pg|sqlite): Floor.java (raw's transactions behind the same HTTP stack as grantor.jar) through compare.sh's
# phases: warm-up, fulfill at LEVELS, then validation at LEVELS of one delivered key. Prints compare.sh-like lines.
set -eu
db=$1; J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java; here=/work/shared/bench; JAR=${JAR:-/work/grantor-s13-base.jar}
LEVELS=${LEVELS:-1 16 64}; SECS=${SECS:-6}; N=${N:-20000}
dir=$(mktemp -d); port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
nlev=$(echo $LEVELS | wc -w); total=$((12000 + N * nlev))
if [ $db = pg ]; then
  PGPASSWORD=bench psql -q -h localhost -U postgres -c "drop database if exists grantor_floor" -c "create database grantor_floor" >/dev/null 2>&1
  url="jdbc:postgresql://localhost:5432/grantor_floor?user=postgres&password=bench&sslmode=disable"
else url="jdbc:sqlite:$dir/floor.db"; fi
$J -cp $JAR /work/main/dev-notes/2026-12-03-s13/Floor.java "$url" $port $total $dir/all.txt ${POOL:-16} > $dir/server.log 2>&1 &
pid=$!; trap 'kill $pid 2>/dev/null' EXIT
for _ in $(seq 1 240); do curl -fs "http://127.0.0.1:$port/ready" >/dev/null 2>&1 && break; sleep 0.5; done
head -12000 $dir/all.txt > $dir/warm.txt
IDS="$dir/warm.txt" TOKEN=t wrk -t1 -c16 -d5s -s "$here/fulfill.lua" "http://127.0.0.1:$port" >/dev/null
i=0
for c in $LEVELS; do
  tail -n +$((12001 + N * i)) $dir/all.txt | head -$N > $dir/ids-$c.txt; i=$((i + 1)); sleep 2
  r=$(IDS="$dir/ids-$c.txt" TOKEN=t wrk -t1 -c$c -d${SECS}s --latency -s "$here/fulfill.lua" "http://127.0.0.1:$port" | grep '^WRK')
  printf 'floor-%s\tfulfill\t%s\t%s\tload=%s\n' $db $c "$r" "$(cut -d' ' -f1 /proc/loadavg)"
done
lk="WRK-$(head -1 $dir/ids-$(echo $LEVELS | awk '{print $1}').txt)"
for c in $LEVELS; do
  r=$(LICENSE_KEY=$lk wrk -t1 -c$c -d${SECS}s --latency -s "$here/validate.lua" "http://127.0.0.1:$port/licenses/validate" | grep '^WRK')
  printf 'floor-%s\tvalidate\t%s\t%s\tload=%s\n' $db $c "$r" "$(cut -d' ' -f1 /proc/loadavg)"
done
