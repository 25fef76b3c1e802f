#!/usr/bin/env bash
# idle.sh JAR LABEL [db options]: a served, set-up but unused server's CPU ms per second (after WAIT s, over SECS s),
# which the CPU per request of a slow (one-client) phase carries: at 50 requests/s, 50 ms/s idle is 1 ms per request.
set -eu
JAR=$1; label=$2; shift 2
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
dir=$(mktemp -d); port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
bus=$("$J" -jar "$JAR" businesses create --name bench --data-dir "$dir" "$@" 2>/dev/null | tail -1)
"$J" -jar "$JAR" serve --port "$port" --data-dir "$dir" "$@" >"$dir/server.log" 2>&1 &
pid=$!; trap "kill $pid 2>/dev/null; rm -rf $dir" EXIT
for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$port/ready" >/dev/null 2>&1 && break; sleep 0.5; done
sleep ${WAIT:-20}
c0=$(awk '{print $14+$15}' /proc/$pid/stat); python3 /work/main/dev-notes/2026-12-03-s8/thrcpu.py $pid snap $dir/t0.json
sleep ${SECS:-20}
c1=$(awk '{print $14+$15}' /proc/$pid/stat)
printf '%s\tidle\tcpu_ms_per_s=%s\tload=%s\n' "$label" "$(python3 -c "print(round(($c1-$c0)*10/${SECS:-20},1))")" "$(cut -d' ' -f1 /proc/loadavg)"
python3 /work/main/dev-notes/2026-12-03-s8/thrcpu.py $pid diff $dir/t0.json | head -6
