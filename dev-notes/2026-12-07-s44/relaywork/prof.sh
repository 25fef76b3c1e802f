#!/usr/bin/env bash
# One server on fresh SQLite data (or PG with DB=pg), warmed up, then a JFR recording (profile settings) and
# optionally strace -c -f around a wrk run of fulfills at C clients. Usage: [DB=] [C=1] [SECS=10] [STRACE=0] prof.sh JAR OUTDIR [serve opts]
set -eu
JAR=$(readlink -f "$1"); OUTD=$2; shift 2
C=${C:-1}; SECS=${SECS:-10}; STRACE=${STRACE:-0}; DB=${DB:-sqlite}
here=/work/shared/bench; me=/tmp/oneclient; J="$JAVA_HOME/bin/java"; mkdir -p "$OUTD"
dir=$(mktemp -d); port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
dbopts=()
if [ "$DB" = pg ]; then
  PGPASSWORD=bench psql -q -h localhost -U postgres -c "drop database if exists grantor_relaywork" -c "create database grantor_relaywork" >/dev/null
  dbopts=(--db-url jdbc:postgresql://localhost:5432/grantor_relaywork --db-user postgres --db-password bench)
fi
bus=$("$J" -jar "$JAR" businesses create --name bench --data-dir "$dir" "${dbopts[@]}" 2>/dev/null | tail -1)
key=$("$J" -jar "$JAR" api-keys create --business "$bus" --data-dir "$dir" "${dbopts[@]}" 2>/dev/null | tail -1)
"$J" -jar "$JAR" serve --port "$port" --data-dir "$dir" --rate-limit 1000000 --license-rate-limit 1000000 "${dbopts[@]}" "$@" >"$dir/server.log" 2>&1 &
pid=$!
for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$port/ready" >/dev/null 2>&1 && break; sleep 0.5; done
ent=$(curl -fs -X POST "http://127.0.0.1:$port/entitlements" -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
    -d '{"name":"bench","integration_type":"license_key","integration_config":{"fulfillment_mode":"manual"}}' | python3 -c 'import json,sys;print(json.load(sys.stdin)["id"])')
TAG="w$RANDOM" OUT="$dir/warm.txt" TOKEN="$key" ENT="$ent" wrk -t1 -c16 -d6s -s "$me/grants.lua" "http://127.0.0.1:$port" >/dev/null
IDS="$dir/warm.txt" TOKEN="$key" wrk -t1 -c16 -d6s -s "$here/fulfill.lua" "http://127.0.0.1:$port" >/dev/null
TAG="m$RANDOM" OUT="$dir/ids.txt" TOKEN="$key" ENT="$ent" wrk -t1 -c16 -d$((SECS+4))s -s "$me/grants.lua" "http://127.0.0.1:$port" >/dev/null
sleep 2
"$JAVA_HOME/bin/jcmd" $pid JFR.start name=r settings=profile ${JFROPTS:-} filename="$OUTD/rec.jfr" >/dev/null
st=
if [ "$STRACE" = 1 ]; then strace -c -f -p "$pid" -o "$OUTD/strace.txt" & st=$!; sleep 1; fi
t0=$(awk '{print $14+$15}' /proc/$pid/stat); u0=$(awk '{print $14}' /proc/$pid/stat)
pf=
if [ "${PERF:-0}" = 1 ]; then perf record -q -F 499 -g -p "$pid" -o "$OUTD/perf.data" -- sleep $((SECS-1)) >/dev/null 2>&1 & pf=$!; fi
r=$(IDS="$dir/ids.txt" TOKEN=$key wrk -t1 -c"$C" -d"${SECS}s" --latency -s "$here/fulfill.lua" "http://127.0.0.1:$port" | grep '^WRK')
t1=$(awk '{print $14+$15}' /proc/$pid/stat); u1=$(awk '{print $14}' /proc/$pid/stat)
[ -n "$pf" ] && wait $pf
[ -n "$st" ] && { kill -INT $st; wait $st || true; }
"$JAVA_HOME/bin/jcmd" $pid JFR.stop name=r >/dev/null
n=$(echo "$r" | sed 's/.*requests=\([0-9]*\).*/\1/')
printf '%s\tdb=%s\tc=%s\topts=%s\t%s\tcpu_us=%s\tuser_us=%s\tload=%s\n' "$(date -u +%T)" "$DB" "$C" "$*" "$r" "$(( (t1 - t0) * 10000 / n ))" "$(( (u1 - u0) * 10000 / n ))" "$(cut -d' ' -f1 /proc/loadavg)" | tee -a "$OUTD/wrk.txt"
kill "$pid"; wait "$pid" 2>/dev/null || true
grep -c 'written to' "$dir/server.log" > "$OUTD/mails.txt" || true
rm -rf "$dir"
