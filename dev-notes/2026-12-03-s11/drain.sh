#!/usr/bin/env bash
# drain.sh JAR [db options]: fulfill at 64 clients for 6 s, then how fast the relay writes the emails left behind
# (the mail directory's count every second), with the server's CPU; AP=file profiles the drain with async-profiler.
set -eu
JAR=$1; shift
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java; here=/work/shared/bench
dir=$(mktemp -d); port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
[ -n "${SHM:-}" ] && { m=$(mktemp -d -p /dev/shm); ln -s "$m" "$dir/mail"; }
bus=$("$J" -jar "$JAR" businesses create --name bench --data-dir "$dir" "$@" 2>/dev/null | tail -1)
key=$("$J" -jar "$JAR" api-keys create --business "$bus" --data-dir "$dir" "$@" 2>/dev/null | tail -1)
"$J" -jar "$JAR" serve --port "$port" --data-dir "$dir" --rate-limit 1000000 --license-rate-limit 1000000 "$@" >"$dir/server.log" 2>&1 &
pid=$!; trap 'kill $pid 2>/dev/null' EXIT
for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$port/ready" >/dev/null 2>&1 && break; sleep 0.5; done
python3 "$here/prepare.py" "http://127.0.0.1:$port" "$key" 2000 > "$dir/warm.txt"
IDS="$dir/warm.txt" TOKEN=$key wrk -t1 -c16 -d5s -s "$here/fulfill.lua" "http://127.0.0.1:$port" >/dev/null
python3 "$here/prepare.py" "http://127.0.0.1:$port" "$key" 20000 > "$dir/ids.txt"; sleep 5
before=$(ls "$dir/mail/" | wc -l)
r=$(IDS="$dir/ids.txt" TOKEN=$key wrk -t1 -c64 -d6s --latency -s "$here/fulfill.lua" "http://127.0.0.1:$port" | grep '^WRK')
reqs=$(echo "$r" | sed 's/.*requests=\([0-9]*\).*/\1/'); target=$((before + reqs))
start=$(ls "$dir/mail/" | wc -l); cpu0=$(awk '{print $14+$15}' /proc/$pid/stat); t0=$(date +%s.%N)
[ -n "${AP:-}" ] && /usr/lib/jvm/temurin-25-jdk-amd64/bin/jcmd $pid JVMTI.agent_load /tmp/ap/linux-x64/libasyncProfiler.so "\"start,event=cpu,interval=1ms,threads\"" >/dev/null
while [ "$(ls "$dir/mail/" | wc -l)" -lt "$target" ]; do sleep 0.25; t=$(date +%s.%N); if python3 -c "import sys; sys.exit(0 if $t-$t0>120 else 1)"; then break; fi; done
t1=$(date +%s.%N); cpu1=$(awk '{print $14+$15}' /proc/$pid/stat); end=$(ls "$dir/mail/" | wc -l)
[ -n "${AP:-}" ] && /usr/lib/jvm/temurin-25-jdk-amd64/bin/jcmd $pid JVMTI.agent_load /tmp/ap/linux-x64/libasyncProfiler.so "\"stop,file=$AP,collapsed\"" >/dev/null
python3 -c "d=$t1-$t0; n=$end-$start; print(f'fulfilled {$reqs} in 6 s; left to write after: {$target-$start}; drained {n} in {d:.1f} s = {n/d:.0f} emails/s; server CPU {($cpu1-$cpu0)*10/max(n,1):.3f} ms per email')"
