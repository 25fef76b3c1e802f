#!/usr/bin/env bash
# one.sh JAR LABEL MODE(disk|shm|norelay): SQLite fulfill at 1 client, 6 s, after the harness's warm-up
set -eu
JAR=$1; label=$2; mode=$3
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java; here=/work/shared/bench
dir=$(mktemp -d); port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
if [ "$mode" = shm ]; then m=$(mktemp -d -p /dev/shm); ln -s "$m" "$dir/mail"; fi
extra=""; [ "$mode" = norelay ] && extra="--no-relay"
bus=$("$J" -jar "$JAR" businesses create --name bench --data-dir "$dir" 2>/dev/null | tail -1)
key=$("$J" -jar "$JAR" api-keys create --business "$bus" --data-dir "$dir" 2>/dev/null | tail -1)
"$J" -jar "$JAR" serve --port "$port" --data-dir "$dir" --rate-limit 1000000 --license-rate-limit 1000000 $extra >"$dir/server.log" 2>&1 &
pid=$!; trap 'kill $pid 2>/dev/null' EXIT
for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$port/ready" >/dev/null 2>&1 && break; sleep 0.5; done
python3 "$here/prepare.py" "http://127.0.0.1:$port" "$key" 2000 > "$dir/warm.txt"
IDS="$dir/warm.txt" TOKEN=$key wrk -t1 -c16 -d5s -s "$here/fulfill.lua" "http://127.0.0.1:$port" >/dev/null
python3 "$here/prepare.py" "http://127.0.0.1:$port" "$key" 20000 > "$dir/ids.txt"; sleep 2
r=$(IDS="$dir/ids.txt" TOKEN=$key wrk -t1 -c1 -d6s --latency -s "$here/fulfill.lua" "http://127.0.0.1:$port" | grep '^WRK')
printf '%s\t%s\t%s\tload=%s\n' "$label" "$mode" "$r" "$(cut -d' ' -f1 /proc/loadavg)"
ls "$dir/mail" | wc -l
