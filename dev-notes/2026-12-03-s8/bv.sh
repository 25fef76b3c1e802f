#!/usr/bin/env bash
# bench-validate.sh of session 3 with the server CPU per validation (cpu_us_per_req) and JOPTS for the server JVM.
# Validation over HTTP with the shared validate.lua, on a key that is really delivered (compare.sh's own validate
# phase uses the first prepared id, which wrk 4.1 never fulfills: it calls request() once before sending).
# Usage: bv.sh JAR LABEL [db options...]; env LEVELS, SECS, MISS=1 (a key nobody holds, as compare.sh validates),
#   AP=prefix for async-profiler stacks per level (see prof.sh), JOPTS for the server JVM. Prints server CPU per
#   validation (and its user part) and PostgreSQL's. Failure budgets are lifted.
set -eu
JAR=$1; label=$2; shift 2
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
here=/work/shared/bench
dir=$(mktemp -d); port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
bus=$("$J" -jar "$JAR" businesses create --name bench --data-dir "$dir" "$@" 2>/dev/null | tail -1)
key=$("$J" -jar "$JAR" api-keys create --business "$bus" --data-dir "$dir" "$@" 2>/dev/null | tail -1)
"$J" ${JOPTS:-} -jar "$JAR" serve --port "$port" --data-dir "$dir" --rate-limit 1000000 --license-rate-limit 1000000 --license-failure-limit 1000000 --license-failure-limit-per-business 1000000 "$@" >"$dir/server.log" 2>&1 &
pid=$!; trap 'kill $pid 2>/dev/null' EXIT
for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$port/ready" >/dev/null 2>&1 && break; sleep 0.5; done
python3 "$here/prepare.py" "http://127.0.0.1:$port" "$key" 200 > "$dir/ids.txt"
IDS="$dir/ids.txt" TOKEN=$key wrk -t1 -c4 -d3s -s "$here/fulfill.lua" "http://127.0.0.1:$port" >/dev/null
id=$(sed -n 2p "$dir/ids.txt")
curl -fs -X POST "http://127.0.0.1:$port/licenses/validate" -H 'Content-Type: application/json' -d "{\"license_key\":\"WRK-$id\"}" | grep -q '"valid":true'
[ -n "${MISS:-}" ] && id=nobody-holds-this-key
LICENSE_KEY="WRK-$id" wrk -t1 -c16 -d5s -s "$here/validate.lua" "http://127.0.0.1:$port/licenses/validate" >/dev/null  # warm-up
for c in ${LEVELS:-1 16 64}; do
  pg0=$(cat /proc/[0-9]*/stat 2>/dev/null | awk '$2=="(postgres)"{s+=$14+$15} END{print s+0}')
  cpu0=$(awk '{print $14+$15}' /proc/$pid/stat); u0=$(awk '{print $14}' /proc/$pid/stat)
  [ -n "${AP:-}" ] && /usr/lib/jvm/temurin-25-jdk-amd64/bin/jcmd $pid JVMTI.agent_load /tmp/ap/linux-x64/libasyncProfiler.so "\"start,event=${AP_EVENT:-cpu},interval=${AP_INTERVAL:-200us},threads\"" >/dev/null
  r=$(LICENSE_KEY="WRK-$id" wrk -t1 -c"$c" -d"${SECS:-8}s" --latency -s "$here/validate.lua" "http://127.0.0.1:$port/licenses/validate" | grep '^WRK')
  [ -n "${AP:-}" ] && /usr/lib/jvm/temurin-25-jdk-amd64/bin/jcmd $pid JVMTI.agent_load /tmp/ap/linux-x64/libasyncProfiler.so "\"stop,file=$AP-$c.collapsed,collapsed\"" >/dev/null
  pg1=$(cat /proc/[0-9]*/stat 2>/dev/null | awk '$2=="(postgres)"{s+=$14+$15} END{print s+0}')
  cpu1=$(awk '{print $14+$15}' /proc/$pid/stat); u1=$(awk '{print $14}' /proc/$pid/stat); reqs=$(echo "$r" | sed 's/.*requests=\([0-9]*\).*/\1/')
  printf '%s\tvalidate\t%s\t%s\tload=%s\tcpu_us_per_req=%s\n' "$label" "$c" "$r" "$(cut -d' ' -f1 /proc/loadavg)" "$(python3 -c "print(round(($cpu1-$cpu0)*10000/$reqs), 'user_us', round(($u1-$u0)*10000/$reqs), 'pg_us', round(($pg1-$pg0)*10000/$reqs))")"
done
kill "$pid"; wait "$pid" 2>/dev/null || true
