#!/usr/bin/env bash
# Two servers up side by side (jar A and jar B, each on fresh SQLite data, warmed up), then C clients of fulfills
# against A and B in turn, SECS each, PAIRS times (order swapped every pair), each run on fresh grants: the load other
# processes put on the machine moves both alike, which a whole harness run per jar does not give.
# DB=pg: each side on its own fresh database of the local PostgreSQL (pg-local.sh).
# SQL_B: statements run on B's database after its migrations and before it serves (e.g. indexes dropped by hand); with
# DB=sqlite they run through python's sqlite3 on B's grantor.db.
# (session 45's pgindexes/alt.sh with its own database names, session 46)
# OPTS_A / OPTS_B: serve options of one side; %DIR% in them is that side's data directory (session 46).
# SEED: seconds of grant creation before each run (SECS + 2 unless told).
# Usage: [DB=sqlite|pg] [C=1] [SECS=5] [SEED=..] [PAIRS=8] [OPTS_A=..] [OPTS_B=..] [SQL_B=..] alt.sh JAR_A JAR_B OUTFILE [serve options...]
set -eu
A=$(readlink -f "$1"); B=$(readlink -f "$2"); OUTF=$3; shift 3
C=${C:-1}; SECS=${SECS:-5}; SEED=${SEED:-$((SECS + 2))}; PAIRS=${PAIRS:-8}; here=/work/shared/bench; me=$(cd "$(dirname "$0")" && pwd); J="$JAVA_HOME/bin/java"
declare -A PORT KEY ENT PID DIR
for x in A B; do
  jar=$A; [ $x = B ] && jar=$B
  dbopts=()
  if [ "${DB:-sqlite}" = pg ]; then
    db=grantor_longrange_$(echo $x | tr AB ab)
    PGPASSWORD=bench psql -q -h localhost -U postgres -c "drop database if exists $db" -c "create database $db" >/dev/null
    dbopts=(--db-url jdbc:postgresql://localhost:5432/$db --db-user postgres --db-password bench)
  fi
  DIR[$x]=$(mktemp -d); PORT[$x]=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
  bus=$("$J" -jar "$jar" businesses create --name bench --data-dir "${DIR[$x]}" "${dbopts[@]}" 2>/dev/null | tail -1)
  KEY[$x]=$("$J" -jar "$jar" api-keys create --business "$bus" --data-dir "${DIR[$x]}" "${dbopts[@]}" 2>/dev/null | tail -1)
  if [ $x = B ] && [ -n "${SQL_B:-}" ]; then
    if [ "${DB:-sqlite}" = pg ]; then PGPASSWORD=bench psql -q -h localhost -U postgres -d "$db" -c "$SQL_B"
    else python3 -c 'import sqlite3,sys;c=sqlite3.connect(sys.argv[1]);c.executescript(sys.argv[2]);c.close()' "${DIR[$x]}/grantor.db" "$SQL_B"; fi
  fi
  extra=${OPTS_A:-}; [ $x = B ] && extra=${OPTS_B:-}
  extra=${extra//%DIR%/${DIR[$x]}}
  # shellcheck disable=SC2086
  "$J" -jar "$jar" serve --port "${PORT[$x]}" --data-dir "${DIR[$x]}" --rate-limit 1000000 --license-rate-limit 1000000 "${dbopts[@]}" $extra "$@" >"${DIR[$x]}/server.log" 2>&1 &
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
    TAG="p$p$RANDOM" OUT="${DIR[$x]}/ids-$p.txt" TOKEN="${KEY[$x]}" ENT="${ENT[$x]}" wrk -t1 -c16 -d${SEED}s -s "$me/grants.lua" "http://127.0.0.1:${PORT[$x]}" >/dev/null
  done
  for x in $order; do
    sleep 1
    t0=$(awk '{print $14+$15}' /proc/${PID[$x]}/stat)
    r=$(IDS="${DIR[$x]}/ids-$p.txt" TOKEN="${KEY[$x]}" wrk -t1 -c"$C" -d"${SECS}s" --latency -s "$here/fulfill.lua" "http://127.0.0.1:${PORT[$x]}" | grep '^WRK')
    t1=$(awk '{print $14+$15}' /proc/${PID[$x]}/stat)
    n=$(echo "$r" | sed 's/.*requests=\([0-9]*\).*/\1/'); ids=$(wc -l < "${DIR[$x]}/ids-$p.txt")
    printf "%s\tdb=${DB:-sqlite}\tjar=%s\tpair=%s\tc=%s\t%s\tcpu_us=%s\tids=%s\tload=%s\n" "$(date -u +%T)" "$x" "$p" "$C" "$r" \
      "$(( (t1 - t0) * 10000 / n ))" "$ids" "$(cut -d' ' -f1 /proc/loadavg)" | tee -a "$OUTF"
  done
done
for x in A B; do kill "${PID[$x]}"; wait "${PID[$x]}" 2>/dev/null || true; rm -rf "${DIR[$x]}"; done
if [ "${DB:-sqlite}" = pg ]; then for d in a b; do PGPASSWORD=bench psql -q -h localhost -U postgres -c "drop database if exists grantor_longrange_$d"; done; fi
