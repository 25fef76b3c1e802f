#!/usr/bin/env bash
# One jar served on fresh SQLite data with a JFR recording of the fulfill phase only: seed grants, warm up, then
# C clients of fulfills for SECS (GCLOG=1: a full GC at both ends instead, for alloc.py over JOPTS="-Xlog:gc:file=.."); prints the fulfills, the server's CPU per fulfill and leaves OUT.jfr (session 46).
# Usage: [C=16] [SECS=10] prof.sh JAR OUT [serve options...]
set -eu
JAR=$(readlink -f "$1"); OUT=$2; shift 2
C=${C:-16}; SECS=${SECS:-10}; here=/work/shared/bench; me=$(cd "$(dirname "$0")" && pwd); J="$JAVA_HOME/bin/java"
dir=$(mktemp -d); port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
bus=$("$J" -jar "$JAR" businesses create --name bench --data-dir "$dir" 2>/dev/null | tail -1)
key=$("$J" -jar "$JAR" api-keys create --business "$bus" --data-dir "$dir" 2>/dev/null | tail -1)
"$J" ${JOPTS:-} -jar "$JAR" serve --port "$port" --data-dir "$dir" --rate-limit 1000000 --license-rate-limit 1000000 "$@" >"$dir/server.log" 2>&1 &
pid=$!
for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$port/ready" >/dev/null 2>&1 && break; sleep 0.5; done
ent=$(curl -fs -X POST "http://127.0.0.1:$port/entitlements" -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
  -d '{"name":"bench","integration_type":"license_key","integration_config":{"fulfillment_mode":"manual"}}' | python3 -c 'import json,sys;print(json.load(sys.stdin)["id"])')
TAG="w$RANDOM" OUT="$dir/warm.txt" TOKEN="$key" ENT="$ent" wrk -t1 -c16 -d6s -s "$me/grants.lua" "http://127.0.0.1:$port" >/dev/null
IDS="$dir/warm.txt" TOKEN="$key" wrk -t1 -c16 -d6s -s "$here/fulfill.lua" "http://127.0.0.1:$port" >/dev/null
TAG="m$RANDOM" OUT="$dir/ids.txt" TOKEN="$key" ENT="$ent" wrk -t1 -c16 -d$((SECS * 2))s -s "$me/grants.lua" "http://127.0.0.1:$port" >/dev/null
sleep 2
if [ -n "${GCLOG:-}" ]; then jcmd $pid GC.run >/dev/null; else jcmd $pid JFR.start name=f settings=${JFC:-profile} filename="$(readlink -f "$OUT").jfr" >/dev/null; fi
t0=$(awk '{print $14+$15}' /proc/$pid/stat)
r=$(IDS="$dir/ids.txt" TOKEN="$key" wrk -t1 -c"$C" -d"${SECS}s" --latency -s "$here/fulfill.lua" "http://127.0.0.1:$port" | grep '^WRK')
t1=$(awk '{print $14+$15}' /proc/$pid/stat)
if [ -n "${GCLOG:-}" ]; then jcmd $pid GC.run >/dev/null; else jcmd $pid JFR.stop name=f >/dev/null; fi
n=$(echo "$r" | sed 's/.*requests=\([0-9]*\).*/\1/')
echo "$(basename "$JAR") $r cpu_us=$(( (t1 - t0) * 10000 / n )) ids=$(wc -l < "$dir/ids.txt") load=$(cut -d' ' -f1 /proc/loadavg)"
kill $pid; wait $pid 2>/dev/null || true; rm -rf "$dir"
