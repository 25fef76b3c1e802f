#!/usr/bin/env bash
# val.sh JAR LABEL [db options]: validation at C (default 16) clients, 6 s, after fulfill warm-up and WARM s (default 5) of validation; server and PostgreSQL CPU per validation
set -eu
JAR=$1; label=$2; shift 2
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java; here=/work/shared/bench
dir=$(mktemp -d); port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
bus=$("$J" -jar "$JAR" businesses create --name bench --data-dir "$dir" "$@" 2>/dev/null | tail -1)
key=$("$J" -jar "$JAR" api-keys create --business "$bus" --data-dir "$dir" "$@" 2>/dev/null | tail -1)
"$J" ${JOPTS:-} -jar "$JAR" serve --port "$port" --data-dir "$dir" --rate-limit 1000000 --license-rate-limit 1000000 --license-failure-limit 1000000 --license-failure-limit-per-business 1000000 "$@" >"$dir/server.log" 2>&1 &
pid=$!; trap 'kill $pid 2>/dev/null' EXIT
for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$port/ready" >/dev/null 2>&1 && break; sleep 0.5; done
python3 "$here/prepare.py" "http://127.0.0.1:$port" "$key" 2000 > "$dir/warm.txt"
IDS="$dir/warm.txt" TOKEN=$key wrk -t1 -c16 -d5s -s "$here/fulfill.lua" "http://127.0.0.1:$port" >/dev/null
lk="WRK-$(head -1 "$dir/warm.txt")"
LICENSE_KEY=$lk wrk -t1 -c16 -d${WARM:-5}s -s "$here/validate.lua" "http://127.0.0.1:$port/licenses/validate" >/dev/null
sleep 1
pg0=$(cat /proc/[0-9]*/stat 2>/dev/null | awk '$2=="(postgres)"{s+=$14+$15} END{print s+0}'); cpu0=$(awk '{print $14+$15}' /proc/$pid/stat)
python3 /work/main/dev-notes/2026-12-03-s8/thrcpu.py $pid snap $dir/thr0.json
[ -n "${AP:-}" ] && /usr/lib/jvm/temurin-25-jdk-amd64/bin/jcmd $pid JVMTI.agent_load /tmp/ap/linux-x64/libasyncProfiler.so "\"start,event=${AP_EVENT:-cpu},interval=${AP_INTERVAL:-200us},threads\"" >/dev/null
r=$(LICENSE_KEY=$lk wrk -t1 -c${C:-16} -d${SECS:-6}s --latency -s "$here/validate.lua" "http://127.0.0.1:$port/licenses/validate" | grep '^WRK')
[ -n "${AP:-}" ] && /usr/lib/jvm/temurin-25-jdk-amd64/bin/jcmd $pid JVMTI.agent_load /tmp/ap/linux-x64/libasyncProfiler.so "\"stop,file=$AP,collapsed\"" >/dev/null
pg1=$(cat /proc/[0-9]*/stat 2>/dev/null | awk '$2=="(postgres)"{s+=$14+$15} END{print s+0}'); cpu1=$(awk '{print $14+$15}' /proc/$pid/stat)
python3 /work/main/dev-notes/2026-12-03-s8/thrcpu.py $pid diff $dir/thr0.json | head -8
reqs=$(echo "$r" | sed 's/.*requests=\([0-9]*\).*/\1/')
printf '%s\t%s\tload=%s\tcpu_us=%s\n' "$label" "$r" "$(cut -d' ' -f1 /proc/loadavg)" "$(python3 -c "print(round(($cpu1-$cpu0)*10000/$reqs,1), 'pg', round(($pg1-$pg0)*10000/$reqs,1))")"
