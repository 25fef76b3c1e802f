#!/usr/bin/env bash
# Validation A/B: jars A and B served side by side (DB=pg: own fresh databases), each seeded with fulfilled keys and
# warmed up (WARM s of validation at 16 clients), then C clients validating against A and B in turn, SECS each, PAIRS
# times (order swapped every pair). JOPTS_A / JOPTS_B: JVM options of a side. KEYS=many: each request validates one of
# 1,000 keys (vab.lua) rather than one key.
set -eu
A=$(readlink -f "$1"); B=$(readlink -f "$2"); OUTF=$3
C=${C:-16}; SECS=${SECS:-5}; PAIRS=${PAIRS:-6}; here=/work/shared/bench; me=/work/main/dev-notes/2026-12-07-s46/longrange; J="$JAVA_HOME/bin/java"
declare -A PORT KEY ENT PID DIR LK
for x in A B; do
  jar=$A; jo=${JOPTS_A:-}; [ $x = B ] && { jar=$B; jo=${JOPTS_B:-}; }
  dbopts=()
  if [ "${DB:-pg}" = pg ]; then db=grantor_vab_$(echo $x | tr AB ab)
    PGPASSWORD=bench psql -q -h localhost -U postgres -c "drop database if exists $db" -c "create database $db" >/dev/null 2>&1
    dbopts=(--db-url jdbc:postgresql://localhost:5432/$db --db-user postgres --db-password bench); fi
  DIR[$x]=$(mktemp -d); PORT[$x]=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
  bus=$("$J" -jar "$jar" businesses create --name bench --data-dir "${DIR[$x]}" "${dbopts[@]}" 2>/dev/null | tail -1)
  KEY[$x]=$("$J" -jar "$jar" api-keys create --business "$bus" --data-dir "${DIR[$x]}" "${dbopts[@]}" 2>/dev/null | tail -1)
  # shellcheck disable=SC2086
  "$J" $jo -jar "$jar" serve --port "${PORT[$x]}" --data-dir "${DIR[$x]}" --rate-limit 1000000 --license-rate-limit 1000000 --license-failure-limit 1000000 --license-failure-limit-per-business 1000000 "${dbopts[@]}" >"${DIR[$x]}/server.log" 2>&1 &
  PID[$x]=$!
done
for x in A B; do
  for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:${PORT[$x]}/ready" >/dev/null 2>&1 && break; sleep 0.5; done
  ENT[$x]=$(curl -fs -X POST "http://127.0.0.1:${PORT[$x]}/entitlements" -H "Authorization: Bearer ${KEY[$x]}" -H 'Content-Type: application/json' \
    -d '{"name":"bench","integration_type":"license_key","integration_config":{"fulfillment_mode":"manual"}}' | python3 -c 'import json,sys;print(json.load(sys.stdin)["id"])')
  TAG="w$RANDOM" OUT="${DIR[$x]}/warm.txt" TOKEN="${KEY[$x]}" ENT="${ENT[$x]}" wrk -t1 -c16 -d4s -s "$me/grants.lua" "http://127.0.0.1:${PORT[$x]}" >/dev/null
  IDS="${DIR[$x]}/warm.txt" TOKEN="${KEY[$x]}" wrk -t1 -c16 -d5s -s "$here/fulfill.lua" "http://127.0.0.1:${PORT[$x]}" >/dev/null
  head -1000 "${DIR[$x]}/warm.txt" | sed 's/^/WRK-/' > "${DIR[$x]}/keys.txt"
  LK[$x]="WRK-$(head -1 "${DIR[$x]}/warm.txt")"
  LICENSE_KEY=${LK[$x]} KEYS_FILE="${DIR[$x]}/keys.txt" wrk -t1 -c16 -d${WARM:-10}s -s "$(dirname "$0")/${SCRIPT:-vab.lua}" "http://127.0.0.1:${PORT[$x]}/licenses/validate" >/dev/null
done
for p in $(seq 1 "$PAIRS"); do
  if [ $((p % 2)) = 1 ]; then order="A B"; else order="B A"; fi
  for x in $order; do
    sleep 1
    t0=$(awk '{print $14+$15}' /proc/${PID[$x]}/stat)
    r=$(LICENSE_KEY=${LK[$x]} KEYS_FILE="${DIR[$x]}/keys.txt" wrk -t1 -c"$C" -d"${SECS}s" --latency -s "$(dirname "$0")/${SCRIPT:-vab.lua}" "http://127.0.0.1:${PORT[$x]}/licenses/validate" | grep '^WRK')
    t1=$(awk '{print $14+$15}' /proc/${PID[$x]}/stat)
    n=$(echo "$r" | sed 's/.*requests=\([0-9]*\).*/\1/')
    printf "%s\tdb=${DB:-pg}\tjar=%s\tpair=%s\tc=%s\t%s\tcpu_us=%s\tload=%s\n" "$(date -u +%T)" "$x" "$p" "$C" "$r" \
      "$(( (t1 - t0) * 10000 / n ))" "$(cut -d' ' -f1 /proc/loadavg)" | tee -a "$OUTF"
  done
done
for x in A B; do kill "${PID[$x]}"; wait "${PID[$x]}" 2>/dev/null || true; rm -rf "${DIR[$x]}"; done
if [ "${DB:-pg}" = pg ]; then for d in a b; do PGPASSWORD=bench psql -q -h localhost -U postgres -c "drop database if exists grantor_vab_$d" >/dev/null 2>&1; done; fi
