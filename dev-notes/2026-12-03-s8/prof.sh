#!/usr/bin/env bash
# Per-thread CPU of the fulfill phase goes to OUTDIR/LABEL-fulfill-threads.txt (thrcpu.py beside this script).
# Usage: prof.sh JAR LABEL OUTDIR [db options...]; env C (clients, default 16), SECS, N, PROFILE=1 for JFR (JFC=file),
#   AP=1 for async-profiler CPU stacks in collapsed form (unzip tools.profiler:async-profiler:4.1 from Maven Central to
#   /tmp/ap; AP_EVENT=alloc for allocations), PGSS=1 for pg_stat_statements of the fulfill phase (the cluster needs
#   shared_preload_libraries=pg_stat_statements and /tmp/pgss.sql = pgss.sql), VALIDATE=0 to stop after the fulfill
#   phase, KEEPDIR=dir to keep the data directory, UPTIME=1 to note the JVM's uptime when the measured phase starts.
#   Prints the server's CPU per fulfill (and its user part) and PostgreSQL's (all postgres processes).
set -eu
JAR=$1; label=$2; outd=$3; shift 3
mkdir -p "$outd"
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java; JCMD=/usr/lib/jvm/temurin-25-jdk-amd64/bin/jcmd
here=/work/shared/bench; C=${C:-16}; SECS=${SECS:-8}; N=${N:-6000}
dir=${KEEPDIR:-$(mktemp -d)}; mkdir -p "$dir"; port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
bus=$("$J" -jar "$JAR" businesses create --name bench --data-dir "$dir" "$@" 2>/dev/null | tail -1)
key=$("$J" -jar "$JAR" api-keys create --business "$bus" --data-dir "$dir" "$@" 2>/dev/null | tail -1)
"$J" ${JOPTS:-} -jar "$JAR" serve --port "$port" --data-dir "$dir" --rate-limit 1000000 --license-rate-limit 1000000 ${SERVE_OPTS:-} "$@" >"$dir/server.log" 2>&1 &
pid=$!; trap 'kill $pid 2>/dev/null' EXIT
for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$port/ready" >/dev/null 2>&1 && break; sleep 0.5; done
python3 "$here/prepare.py" "http://127.0.0.1:$port" "$key" 2000 > "$dir/warm.txt"
IDS="$dir/warm.txt" TOKEN=$key wrk -t1 -c16 -d5s -s "$here/fulfill.lua" "http://127.0.0.1:$port" >/dev/null
python3 "$here/prepare.py" "http://127.0.0.1:$port" "$key" "$N" > "$dir/ids.txt"
sleep 2
[ -n "${PGSS:-}" ] && su postgres -c "psql -qAtc 'select pg_stat_statements_reset()'" >/dev/null
pg0=$(cat /proc/[0-9]*/stat 2>/dev/null | awk '$2=="(postgres)"{s+=$14+$15} END{print s+0}')
[ -n "${UPTIME:-}" ] && $JCMD $pid VM.uptime | tail -1 > "$outd/$label-uptime0.txt"
cpu0=$(awk '{print $14+$15}' /proc/$pid/stat)
u0=$(awk '{print $14}' /proc/$pid/stat)
python3 "$(dirname "$0")/thrcpu.py" $pid snap $dir/thr0.json
[ -n "${PROFILE:-}" ] && $JCMD $pid JFR.start name=f settings=${JFC:-profile} >/dev/null
[ -n "${AP:-}" ] && $JCMD $pid JVMTI.agent_load /tmp/ap/linux-x64/libasyncProfiler.so "\"start,event=${AP_EVENT:-cpu},interval=${AP_INTERVAL:-200us},threads\"" >/dev/null
r=$(IDS="$dir/ids.txt" TOKEN=$key wrk -t1 -c"$C" -d"${SECS}s" --latency -s "$here/fulfill.lua" "http://127.0.0.1:$port" | grep '^WRK')
[ -n "${PROFILE:-}" ] && $JCMD $pid JFR.dump name=f filename="$outd/$label-fulfill.jfr" >/dev/null && $JCMD $pid JFR.stop name=f >/dev/null
[ -n "${AP:-}" ] && $JCMD $pid JVMTI.agent_load /tmp/ap/linux-x64/libasyncProfiler.so "\"stop,file=$outd/$label-fulfill.collapsed,collapsed\"" >/dev/null
[ -n "${PGSS:-}" ] && su postgres -c "psql -q -f /tmp/pgss.sql" > "$outd/$label-pgss.txt"
pg1=$(cat /proc/[0-9]*/stat 2>/dev/null | awk '$2=="(postgres)"{s+=$14+$15} END{print s+0}')
cpu1=$(awk '{print $14+$15}' /proc/$pid/stat)
u1=$(awk '{print $14}' /proc/$pid/stat)
python3 "$(dirname "$0")/thrcpu.py" $pid diff $dir/thr0.json > "$outd/$label-fulfill-threads.txt"
e0=$(ls "$dir/mail" 2>/dev/null | wc -l); sleep 2; e2=$(ls "$dir/mail" 2>/dev/null | wc -l)
echo "$label: emails when the fulfill load ended $e0, 2 s later $e2"
reqs=$(echo "$r" | sed 's/.*requests=\([0-9]*\).*/\1/')
printf '%s\tfulfill\t%s\t%s\tload=%s\tcpu_ms_per_req=%s\n' "$label" "$C" "$r" "$(cut -d' ' -f1 /proc/loadavg)" "$(python3 -c "print(round(($cpu1-$cpu0)*10/$reqs,2), 'user', round(($u1-$u0)*10/$reqs,2), 'pg', round(($pg1-$pg0)*10/$reqs,2))")" | tee -a "$outd/results.txt"
[ "${VALIDATE:-1}" = 0 ] && { kill "$pid"; wait "$pid" 2>/dev/null; exit 0; }
id=$(sed -n 2p "$dir/ids.txt")
curl -fs -X POST "http://127.0.0.1:$port/licenses/validate" -H 'Content-Type: application/json' -d "{\"license_key\":\"WRK-$id\"}" | grep -q '"valid":true'
LICENSE_KEY="WRK-$id" wrk -t1 -c16 -d3s -s "$here/validate.lua" "http://127.0.0.1:$port/licenses/validate" >/dev/null
[ -n "${UPTIME:-}" ] && $JCMD $pid VM.uptime | tail -1 > "$outd/$label-uptime0.txt"
cpu0=$(awk '{print $14+$15}' /proc/$pid/stat)
[ -n "${PROFILE:-}" ] && $JCMD $pid JFR.start name=v settings=profile >/dev/null
r=$(LICENSE_KEY="WRK-$id" wrk -t1 -c"$C" -d"${SECS}s" --latency -s "$here/validate.lua" "http://127.0.0.1:$port/licenses/validate" | grep '^WRK')
[ -n "${PROFILE:-}" ] && $JCMD $pid JFR.dump name=v filename="$outd/$label-validate.jfr" >/dev/null && $JCMD $pid JFR.stop name=v >/dev/null
cpu1=$(awk '{print $14+$15}' /proc/$pid/stat)
reqs=$(echo "$r" | sed 's/.*requests=\([0-9]*\).*/\1/')
printf '%s\tvalidate\t%s\t%s\tload=%s\tcpu_ms_per_req=%s\n' "$label" "$C" "$r" "$(cut -d' ' -f1 /proc/loadavg)" "$(python3 -c "print(round(($cpu1-$cpu0)*10/$reqs,3))")" | tee -a "$outd/results.txt"
kill "$pid"; wait "$pid" 2>/dev/null || true
echo "$label: emails $(ls "$dir/mail" 2>/dev/null | wc -l)"
