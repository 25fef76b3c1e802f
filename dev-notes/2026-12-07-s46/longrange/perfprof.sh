#!/usr/bin/env bash
# prof.sh's run with `perf record` (cpu-clock, all the server's threads) over the fulfill phase instead of JFR (session 46).
# Usage: [C=16] [SECS=8] perfprof.sh JAR OUT [serve options...]; writes OUT.perf.data
set -eu
JAR=$(readlink -f "$1"); OUT=$(readlink -f "$2"); shift 2
C=${C:-16}; SECS=${SECS:-8}; here=/work/shared/bench; me=$(cd "$(dirname "$0")" && pwd); J="$JAVA_HOME/bin/java"
dir=$(mktemp -d); port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
bus=$("$J" -jar "$JAR" businesses create --name bench --data-dir "$dir" 2>/dev/null | tail -1)
key=$("$J" -jar "$JAR" api-keys create --business "$bus" --data-dir "$dir" 2>/dev/null | tail -1)
"$J" -jar "$JAR" serve --port "$port" --data-dir "$dir" --rate-limit 1000000 --license-rate-limit 1000000 "$@" >"$dir/server.log" 2>&1 &
pid=$!
for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$port/ready" >/dev/null 2>&1 && break; sleep 0.5; done
ent=$(curl -fs -X POST "http://127.0.0.1:$port/entitlements" -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
  -d '{"name":"bench","integration_type":"license_key","integration_config":{"fulfillment_mode":"manual"}}' | python3 -c 'import json,sys;print(json.load(sys.stdin)["id"])')
TAG="w$RANDOM" OUT="$dir/warm.txt" TOKEN="$key" ENT="$ent" wrk -t1 -c16 -d6s -s "$me/grants.lua" "http://127.0.0.1:$port" >/dev/null
IDS="$dir/warm.txt" TOKEN="$key" wrk -t1 -c16 -d6s -s "$here/fulfill.lua" "http://127.0.0.1:$port" >/dev/null
TAG="m$RANDOM" OUT="$dir/ids.txt" TOKEN="$key" ENT="$ent" wrk -t1 -c16 -d$((SECS * 2))s -s "$me/grants.lua" "http://127.0.0.1:$port" >/dev/null
sleep 2
perf record -q -e cpu-clock -F 997 -g -p $pid -o "$OUT.perf.data" -- sleep $((SECS + 1)) 2>/dev/null &
pp=$!
r=$(IDS="$dir/ids.txt" TOKEN="$key" wrk -t1 -c"$C" -d"${SECS}s" --latency -s "$here/fulfill.lua" "http://127.0.0.1:$port" | grep '^WRK')
wait $pp || true
echo "$(basename "$(dirname "$(dirname "$(dirname "$JAR")")")") $r load=$(cut -d' ' -f1 /proc/loadavg)"
kill $pid; wait $pid 2>/dev/null || true; rm -rf "$dir"
