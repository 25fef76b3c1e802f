#!/usr/bin/env bash
# gb.sh JAR [db options]: grantor bench fulfill at 1, 16, 64 clients (2,000 grants, 200 warm-up) against a fresh serve
set -eu
JAR=$1; shift
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
dir=$(mktemp -d); port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
bus=$("$J" -jar "$JAR" businesses create --name bench --data-dir "$dir" "$@" 2>/dev/null | tail -1)
key=$("$J" -jar "$JAR" api-keys create --business "$bus" --data-dir "$dir" "$@" 2>/dev/null | tail -1)
"$J" -jar "$JAR" serve --port "$port" --data-dir "$dir" --rate-limit 1000000 "$@" >"$dir/server.log" 2>&1 &
pid=$!; trap 'kill $pid 2>/dev/null' EXIT
for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$port/ready" >/dev/null 2>&1 && break; sleep 0.5; done
for c in 1 16 64; do
  echo "== concurrency $c $(date -u +%T) load $(cut -d' ' -f1 /proc/loadavg)"
  "$J" -jar "$JAR" bench --url "http://127.0.0.1:$port" --api-key "$key" --grants 2000 --concurrency $c --warmup 200 2>&1 | tail -${TAIL:-12}
done
