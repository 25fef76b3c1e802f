#!/usr/bin/env bash
# One jar served (DB=pg: fresh database on local PG) ; seed + fulfill a few grants, then validate at C clients for SECS,
# optionally with JFR (JFR=1). Prints wrk line and server CPU per validation.
set -eu
JAR=$(readlink -f "$1"); OUT=$2; shift 2
C=${C:-16}; SECS=${SECS:-10}; here=/work/shared/bench; me=/work/main/dev-notes/2026-12-07-s46/longrange; J="$JAVA_HOME/bin/java"
dir=$(mktemp -d); port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
dbopts=()
if [ "${DB:-sqlite}" = pg ]; then db=grantor_vprof; PGPASSWORD=bench psql -q -h localhost -U postgres -c "drop database if exists $db" -c "create database $db" >/dev/null
  dbopts=(--db-url jdbc:postgresql://localhost:5432/$db --db-user postgres --db-password bench); fi
bus=$("$J" -jar "$JAR" businesses create --name bench --data-dir "$dir" "${dbopts[@]}" 2>/dev/null | tail -1)
key=$("$J" -jar "$JAR" api-keys create --business "$bus" --data-dir "$dir" "${dbopts[@]}" 2>/dev/null | tail -1)
"$J" ${JOPTS:-} -jar "$JAR" serve --port "$port" --data-dir "$dir" --rate-limit 1000000 --license-rate-limit 1000000 --license-failure-limit 1000000 --license-failure-limit-per-business 1000000 "${dbopts[@]}" "$@" >"$dir/server.log" 2>&1 &
pid=$!
for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$port/ready" >/dev/null 2>&1 && break; sleep 0.5; done
ent=$(curl -fs -X POST "http://127.0.0.1:$port/entitlements" -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
  -d '{"name":"bench","integration_type":"license_key","integration_config":{"fulfillment_mode":"manual"}}' | python3 -c 'import json,sys;print(json.load(sys.stdin)["id"])')
TAG="w$RANDOM" OUT="$dir/warm.txt" TOKEN="$key" ENT="$ent" wrk -t1 -c16 -d4s -s "$me/grants.lua" "http://127.0.0.1:$port" >/dev/null
IDS="$dir/warm.txt" TOKEN="$key" wrk -t1 -c16 -d4s -s "$here/fulfill.lua" "http://127.0.0.1:$port" >/dev/null
lk="WRK-$(head -1 "$dir/warm.txt")"
LICENSE_KEY=$lk wrk -t1 -c${WARMC:-16} -d${WARM:-10}s -s "$here/validate.lua" "http://127.0.0.1:$port/licenses/validate" >/dev/null
sleep 1
[ -n "${AP:-}" ] && jcmd $pid JVMTI.agent_load /tmp/ap/linux-x64/libasyncProfiler.so "start,event=ctimer,interval=1000000" >/dev/null
[ -n "${JFR:-}" ] && jcmd $pid JFR.start name=f settings=${JFC:-profile} filename="$(readlink -f "$OUT").jfr" >/dev/null
t0=$(awk '{print $14+$15}' /proc/$pid/stat)
r=$(LICENSE_KEY=$lk wrk -t1 -c"$C" -d"${SECS}s" --latency -s "$here/validate.lua" "http://127.0.0.1:$port/licenses/validate" | grep '^WRK')
t1=$(awk '{print $14+$15}' /proc/$pid/stat)
[ -n "${AP:-}" ] && jcmd $pid JVMTI.agent_load /tmp/ap/linux-x64/libasyncProfiler.so "stop,file=$(readlink -f "$OUT").collapsed,collapsed" >/dev/null
[ -n "${JFR:-}" ] && jcmd $pid JFR.stop name=f >/dev/null
n=$(echo "$r" | sed 's/.*requests=\([0-9]*\).*/\1/')
echo "$(basename "$JAR") db=${DB:-sqlite} c=$C $r cpu_us=$(( (t1 - t0) * 10000 / n )) load=$(cut -d' ' -f1 /proc/loadavg)"
kill $pid; wait $pid 2>/dev/null || true; cp "$dir/server.log" "$OUT.server.log"; rm -rf "$dir"
