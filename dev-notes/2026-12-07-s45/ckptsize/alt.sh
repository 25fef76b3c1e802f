#!/usr/bin/env bash
# Two servers up side by side (jar A and jar B, each on fresh SQLite data, warmed up), then C clients of fulfills
# against A and B in turn, SECS each, PAIRS times (order swapped every pair), each run on fresh grants: the load other
# processes put on the machine moves both alike, which a whole harness run per jar does not give.
# Usage: [C=1] [SECS=5] [PAIRS=8] [OPTS_A=..] [OPTS_B=..] alt.sh JAR_A JAR_B OUTFILE [serve options...]
set -eu
A=$(readlink -f "$1"); B=$(readlink -f "$2"); OUTF=$3; shift 3
C=${C:-1}; SECS=${SECS:-5}; PAIRS=${PAIRS:-8}; here=/work/shared/bench; me=$(cd "$(dirname "$0")" && pwd); J="$JAVA_HOME/bin/java"
declare -A PORT KEY ENT PID DIR
for x in A B; do
  jar=$A; [ $x = B ] && jar=$B
  DIR[$x]=$(mktemp -d); PORT[$x]=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
  bus=$("$J" -jar "$jar" businesses create --name bench --data-dir "${DIR[$x]}" 2>/dev/null | tail -1)
  KEY[$x]=$("$J" -jar "$jar" api-keys create --business "$bus" --data-dir "${DIR[$x]}" 2>/dev/null | tail -1)
  extra=${OPTS_A:-}; [ $x = B ] && extra=${OPTS_B:-}
  # shellcheck disable=SC2086
  "$J" -jar "$jar" serve --port "${PORT[$x]}" --data-dir "${DIR[$x]}" --rate-limit 1000000 --license-rate-limit 1000000 $extra "$@" >"${DIR[$x]}/server.log" 2>&1 &
  PID[$x]=$!
done
for x in A B; do
  for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:${PORT[$x]}/ready" >/dev/null 2>&1 && break; sleep 0.5; done
  ENT[$x]=$(curl -fs -X POST "http://127.0.0.1:${PORT[$x]}/entitlements" -H "Authorization: Bearer ${KEY[$x]}" -H 'Content-Type: application/json' \
    -d '{"name":"bench","integration_type":"license_key","integration_config":{"fulfillment_mode":"manual"}}' | python3 -c 'import json,sys;print(json.load(sys.stdin)["id"])')
  TAG="w$RANDOM" OUT="${DIR[$x]}/warm.txt" TOKEN="${KEY[$x]}" ENT="${ENT[$x]}" wrk -t1 -c16 -d6s -s "$me/grants.lua" "http://127.0.0.1:${PORT[$x]}" >/dev/null
  IDS="${DIR[$x]}/warm.txt" TOKEN="${KEY[$x]}" wrk -t1 -c16 -d6s -s "$here/fulfill.lua" "http://127.0.0.1:${PORT[$x]}" >/dev/null
done
for p in $(seq 1 "$PAIRS"); do
  if [ $((p % 2)) = 1 ]; then order="A B"; else order="B A"; fi
  for x in $order; do
    TAG="p$p$RANDOM" OUT="${DIR[$x]}/ids-$p.txt" TOKEN="${KEY[$x]}" ENT="${ENT[$x]}" wrk -t1 -c16 -d$((SECS + 2))s -s "$me/grants.lua" "http://127.0.0.1:${PORT[$x]}" >/dev/null
  done
  for x in $order; do
    sleep 1
    t0=$(awk '{print $14+$15}' /proc/${PID[$x]}/stat)
    r=$(IDS="${DIR[$x]}/ids-$p.txt" TOKEN="${KEY[$x]}" wrk -t1 -c"$C" -d"${SECS}s" --latency -s "$here/fulfill.lua" "http://127.0.0.1:${PORT[$x]}" | grep '^WRK')
    t1=$(awk '{print $14+$15}' /proc/${PID[$x]}/stat)
    n=$(echo "$r" | sed 's/.*requests=\([0-9]*\).*/\1/'); ids=$(wc -l < "${DIR[$x]}/ids-$p.txt")
    printf '%s\tjar=%s\tpair=%s\tc=%s\t%s\tcpu_us=%s\tids=%s\tload=%s\n' "$(date -u +%T)" "$x" "$p" "$C" "$r" \
      "$(( (t1 - t0) * 10000 / n ))" "$ids" "$(cut -d' ' -f1 /proc/loadavg)" | tee -a "$OUTF"
  done
done
for x in A B; do kill "${PID[$x]}"; wait "${PID[$x]}" 2>/dev/null || true; rm -rf "${DIR[$x]}"; done
