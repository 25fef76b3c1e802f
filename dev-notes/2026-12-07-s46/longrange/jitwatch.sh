#!/usr/bin/env bash
# How long the JIT keeps compiling under a steady fulfill load: one jar served on fresh SQLite, grants seeded for
# SEED s, then C clients of fulfills for SECS while the fulfills answered (the access log's lines), the C2 compiler threads' CPU and jstat -compiler are sampled every
# 5 s (session 46). WARM=5: compare.sh's warm-up first (2,000 grants fulfilled by 16 clients for 5 s).
# Usage: [C=16] [WARM=0] [SEED=40] [SECS=40] [JOPTS=..] jitwatch.sh JAR [serve options...]
set -eu
JAR=$(readlink -f "$1"); shift
C=${C:-16}; SECS=${SECS:-40}; SEED=${SEED:-40}; here=/work/shared/bench; me=$(cd "$(dirname "$0")" && pwd); J="$JAVA_HOME/bin/java"
dir=$(mktemp -d); port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
bus=$("$J" -jar "$JAR" businesses create --name bench --data-dir "$dir" 2>/dev/null | tail -1)
key=$("$J" -jar "$JAR" api-keys create --business "$bus" --data-dir "$dir" 2>/dev/null | tail -1)
"$J" ${JOPTS:-} -jar "$JAR" serve --port "$port" --data-dir "$dir" --rate-limit 1000000 --license-rate-limit 1000000 "$@" >"$dir/server.log" 2>&1 &
pid=$!
for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$port/ready" >/dev/null 2>&1 && break; sleep 0.5; done
ent=$(curl -fs -X POST "http://127.0.0.1:$port/entitlements" -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
  -d '{"name":"bench","integration_type":"license_key","integration_config":{"fulfillment_mode":"manual"}}' | python3 -c 'import json,sys;print(json.load(sys.stdin)["id"])')
if [ "${WARM:-0}" -gt 0 ]; then
  # compare.sh's warm-up: 2,000 grants, then 16 clients fulfilling them for WARM seconds
  TAG="w$RANDOM" OUT="$dir/warm.txt" TOKEN="$key" ENT="$ent" wrk -t1 -c16 -d4s -s "$me/grants.lua" "http://127.0.0.1:$port" >/dev/null
  head -2000 "$dir/warm.txt" > "$dir/warm2k.txt"
  IDS="$dir/warm2k.txt" TOKEN="$key" wrk -t1 -c16 -d${WARM}s -s "$here/fulfill.lua" "http://127.0.0.1:$port" >/dev/null
fi
TAG="m$RANDOM" OUT="$dir/ids.txt" TOKEN="$key" ENT="$ent" wrk -t1 -c16 -d${SEED}s -s "$me/grants.lua" "http://127.0.0.1:$port" >/dev/null
c2() { for t in /proc/$pid/task/*; do grep -q "C2 Compiler" $t/comm 2>/dev/null && awk '{print $14+$15}' $t/stat; done | awk '{s+=$1} END {print s+0}'; }
all() { awk '{print $14+$15}' /proc/$pid/stat; }
IDS="$dir/ids.txt" TOKEN="$key" wrk -t1 -c"$C" -d"${SECS}s" --latency -s "$here/fulfill.lua" "http://127.0.0.1:$port" > "$dir/wrk.txt" &
w=$!
p2=$(c2); pa=$(all); pf=$(grep -c "license-key 20" "$dir/server.log" || true)
for i in $(seq 5 5 "$SECS"); do
  sleep 5; n2=$(c2); na=$(all); nf=$(grep -c "license-key 20" "$dir/server.log" || true)
  echo "t=${i}s fulfills=$((nf - pf)) process_cpu_ticks=$((na - pa)) c2_ticks=$((n2 - p2)) compiles=$(jstat -compiler $pid | tail -1 | awk '{print $1}')"
  p2=$n2; pa=$na; pf=$nf
done
wait $w; grep '^WRK' "$dir/wrk.txt"; echo "ids=$(wc -l < "$dir/ids.txt")"
kill $pid; wait $pid 2>/dev/null || true; rm -rf "$dir"
