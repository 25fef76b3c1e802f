#!/usr/bin/env bash
# one.sh JAR LABEL MODE(disk|shm|norelay) [db options]: fulfill at C (default 1) clients, 6 s, after the harness's warm-up; server and PostgreSQL CPU per fulfill
# and (since session 12) the server's context switches per fulfill, with the busiest threads by name
# (since session 14) WARM_N (grants prepared for the warm-up, 2000) and WARM_S (its seconds at 16 clients, 5) as compare.sh does by default
set -eu
JAR=$1; label=$2; mode=$3; shift 3
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java; here=/work/shared/bench
dir=$(mktemp -d); port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
if [ "$mode" = shm ]; then m=$(mktemp -d -p /dev/shm); ln -s "$m" "$dir/mail"; fi
extra=""; [ "$mode" = norelay ] && extra="--no-relay"
bus=$("$J" -jar "$JAR" businesses create --name bench --data-dir "$dir" "$@" 2>/dev/null | tail -1)
key=$("$J" -jar "$JAR" api-keys create --business "$bus" --data-dir "$dir" "$@" 2>/dev/null | tail -1)
[ -n "${AFTER_SETUP:-}" ] && bash -c "$AFTER_SETUP"  # e.g. a schema experiment on the migrated database
"$J" ${JOPTS:-} -jar "$JAR" serve --port "$port" --data-dir "$dir" --rate-limit 1000000 --license-rate-limit 1000000 $extra "$@" >"$dir/server.log" 2>&1 &
pid=$!; trap 'kill $pid 2>/dev/null' EXIT
for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$port/ready" >/dev/null 2>&1 && break; sleep 0.5; done
python3 "$here/prepare.py" "http://127.0.0.1:$port" "$key" ${WARM_N:-2000} > "$dir/warm.txt"
IDS="$dir/warm.txt" TOKEN=$key wrk -t1 -c16 -d${WARM_S:-5}s -s "$here/fulfill.lua" "http://127.0.0.1:$port" >/dev/null
python3 "$here/prepare.py" "http://127.0.0.1:$port" "$key" ${N:-20000} > "$dir/ids.txt"; sleep 2; echo "MEASURE-START $(date +%s.%N)" >> $dir/server.log; [ -n "${KEEPDIR:-}" ] && echo $dir > $KEEPDIR
pg0=$(cat /proc/[0-9]*/stat 2>/dev/null | awk '$2=="(postgres)"{s+=$14+$15} END{print s+0}'); cpu0=$(awk '{print $14+$15}' /proc/$pid/stat); io0=$(awk '/^(wchar|syscw|write_bytes):/{printf "%s ", $2}' /proc/$pid/io)
python3 /work/main/dev-notes/2026-12-03-s8/thrcpu.py $pid snap $dir/thr0.json
switches() { for t in /proc/$pid/task/*; do echo "$(cat $t/comm)|$(awk '/ctxt_switches/{s+=$2} END{print s}' $t/status)"; done; }
switches > $dir/ctx0.txt
[ -n "${AP:-}" ] && /usr/lib/jvm/temurin-25-jdk-amd64/bin/jcmd $pid JVMTI.agent_load /tmp/ap/linux-x64/libasyncProfiler.so "\"start,event=${AP_EVENT:-cpu},interval=${AP_INTERVAL:-200us},threads\"" >/dev/null
r=$(IDS="$dir/ids.txt" TOKEN=$key wrk -t1 -c${C:-1} -d${SECS:-6}s --latency -s "$here/fulfill.lua" "http://127.0.0.1:$port" | grep '^WRK')
[ -n "${AP:-}" ] && /usr/lib/jvm/temurin-25-jdk-amd64/bin/jcmd $pid JVMTI.agent_load /tmp/ap/linux-x64/libasyncProfiler.so "\"stop,file=$AP,collapsed\"" >/dev/null
pg1=$(cat /proc/[0-9]*/stat 2>/dev/null | awk '$2=="(postgres)"{s+=$14+$15} END{print s+0}'); cpu1=$(awk '{print $14+$15}' /proc/$pid/stat); io1=$(awk '/^(wchar|syscw|write_bytes):/{printf "%s ", $2}' /proc/$pid/io)
switches > $dir/ctx1.txt
cs=$(python3 -c "
import collections,re,sys
def rd(f):
  c=collections.Counter()
  for l in open(f):
    n,_,v=l.strip().rpartition('|'); c[re.sub(r'[0-9]+','#',n)]+=int(v or 0)
  return c
a=rd('$dir/ctx0.txt'); b=rd('$dir/ctx1.txt')
for k in sorted(b,key=lambda k:-(b[k]-a.get(k,0)))[:8]: print('ctx',k,b[k]-a.get(k,0),file=sys.stderr)
print(sum(b.values())-sum(a.values()))")
python3 /work/main/dev-notes/2026-12-03-s8/thrcpu.py $pid diff $dir/thr0.json
reqs=$(echo "$r" | sed 's/.*requests=\([0-9]*\).*/\1/')
printf '%s\t%s\t%s\tload=%s\tcpu_ms=%s\n' "$label" "$mode" "$r" "$(cut -d' ' -f1 /proc/loadavg)" "$(python3 -c "print(round(($cpu1-$cpu0)*10/$reqs,3), 'pg', round(($pg1-$pg0)*10/$reqs,3), 'ctx', round($cs/$reqs,2))")"
# (since session 14) the server's writes per fulfill: bytes handed to write calls, write calls, bytes sent to storage
python3 -c "a=[int(x) for x in '$io0'.split()]; b=[int(x) for x in '$io1'.split()]; n=$reqs; print('io per fulfill: wchar %.0f B, syscw %.1f, write_bytes %.0f B' % tuple((y-x)/n for x,y in zip(a,b)))"
