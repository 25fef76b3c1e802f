#!/usr/bin/env bash
# Fulfill N grants with the relay off, then start a node with the relay on and time/CPU its drain of the outbox.
set -eu
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
TCK=$(getconf CLK_TCK)
jar=$1; label=$2; N=${GRANTS:-3000}
dir=$(mktemp -d); port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
bus=$("$J" -jar "$jar" businesses create --name bench --data-dir "$dir" 2>/dev/null | tail -1)
key=$("$J" -jar "$jar" api-keys create --business "$bus" --data-dir "$dir" 2>/dev/null | tail -1)
"$J" -jar "$jar" serve --port "$port" --data-dir "$dir" --rate-limit 1000000 --no-relay >"$dir/s1.log" 2>&1 &
pid=$!
for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$port/ready" >/dev/null 2>&1 && break; sleep 0.5; done
"$J" -jar /work/baseline/grantor-r1-272627e.jar bench --url "http://127.0.0.1:$port" --api-key "$key" --grants $N --concurrency 16 --warmup 0 >/dev/null 2>&1
kill $pid; wait $pid 2>/dev/null || true
"$J" -jar "$jar" serve --port "$port" --data-dir "$dir" --rate-limit 1000000 >"$dir/s2.log" 2>&1 &
pid=$!
t0=$(date +%s.%N)
while [ "$(ls "$dir/mail" 2>/dev/null | grep -c '\.eml$')" -lt "$N" ]; do sleep 0.2; done
t1=$(date +%s.%N); c=$(awk '{print $14+$15}' /proc/$pid/stat)
echo "$label: $N emails drained in $(python3 -c "print(round($t1-$t0,2))") s (from start), process CPU $(python3 -c "print(round($c*1000/$TCK/$N,3))") ms per email, load $(cut -d' ' -f1 /proc/loadavg)"
kill $pid; wait $pid 2>/dev/null || true
