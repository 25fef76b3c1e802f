#!/usr/bin/env bash
# One client, one database: seed as compare.sh does, warm up, then fulfill with wrk at C clients for SECS seconds,
# with the scratch jar's stage clock on (STAGES=1) and, optionally, strace -c -f for a further STRACE seconds.
# Usage: [DB=sqlite|pg] [C=1] [SECS=10] [STAGES=1] [STRACE=0] one.sh JAR OUTDIR [serve options...]
set -eu
JAR=$(readlink -f "$1"); OUTD=$2; shift 2
DB=${DB:-sqlite}; C=${C:-1}; SECS=${SECS:-10}; STAGES=${STAGES:-1}; STRACE=${STRACE:-0}
here=/work/shared/bench; J="$JAVA_HOME/bin/java"; mkdir -p "$OUTD"
dir=$(mktemp -d); port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
dbopts=()
if [ "$DB" = pg ]; then
  PGPASSWORD=bench psql -q -h localhost -U postgres -c "drop database if exists grantor_one" -c "create database grantor_one" >/dev/null
  dbopts=(--db-url jdbc:postgresql://localhost:5432/grantor_one --db-user postgres --db-password bench)
fi
bus=$("$J" -jar "$JAR" businesses create --name bench --data-dir "$dir" "${dbopts[@]}" 2>/dev/null | tail -1)
key=$("$J" -jar "$JAR" api-keys create --business "$bus" --data-dir "$dir" "${dbopts[@]}" 2>/dev/null | tail -1)
props=()
[ "$STAGES" = 1 ] && props=(-Dgrantor.stages="$OUTD/stages.tsv")
"$J" "${props[@]}" -jar "$JAR" serve --port "$port" --data-dir "$dir" --rate-limit 1000000 --license-rate-limit 1000000 \
  --license-failure-limit 1000000 --license-failure-limit-per-business 1000000 "${dbopts[@]}" "$@" >"$dir/server.log" 2>&1 &
pid=$!
for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$port/ready" >/dev/null 2>&1 && break; sleep 0.5; done
n=$(( SECS * 500 + 1000 ))
python3 "$here/prepare.py" "http://127.0.0.1:$port" "$key" 2000 > "$dir/warm.txt"
IDS="$dir/warm.txt" TOKEN=$key wrk -t1 -c16 -d5s -s "$here/fulfill.lua" "http://127.0.0.1:$port" >/dev/null
python3 "$here/prepare.py" "http://127.0.0.1:$port" "$key" 3000 > "$dir/warm1.txt"
IDS="$dir/warm1.txt" TOKEN=$key wrk -t1 -c"$C" -d3s -s "$here/fulfill.lua" "http://127.0.0.1:$port" >/dev/null
python3 "$here/prepare.py" "http://127.0.0.1:$port" "$key" "$n" > "$dir/ids.txt"
[ "$STRACE" != 0 ] && python3 "$here/prepare.py" "http://127.0.0.1:$port" "$key" $((STRACE * 400 + 500)) > "$dir/ids2.txt"
sleep 2
[ "$STAGES" = 1 ] && { touch "$OUTD/stages.tsv.reset"; sleep 0.5; }
t0=$(awk '{print $14+$15}' /proc/$pid/stat); cs0=$(grep -h ctxt /proc/$pid/task/*/status | awk '{s+=$2} END{print s}')
r=$(IDS="$dir/ids.txt" TOKEN=$key wrk -t1 -c"$C" -d"${SECS}s" --latency -s "$here/fulfill.lua" "http://127.0.0.1:$port" | grep '^WRK')
t1=$(awk '{print $14+$15}' /proc/$pid/stat)
reqs=$(echo "$r" | sed 's/.*requests=\([0-9]*\).*/\1/')
cpu_us=$(python3 -c "print(round(($t1-$t0)*10000/$reqs,0))")   # clock ticks (100/s) -> us per request
printf '%s\tdb=%s\tc=%s\topts=%s\t%s\tserver_cpu_us_per_req=%s\tload=%s\n' "$(date -u +%H:%M:%S)" "$DB" "$C" "$*" "$r" "$cpu_us" "$(cut -d' ' -f1 /proc/loadavg)" | tee -a "$OUTD/wrk.txt"
if [ "$STRACE" != 0 ]; then
  timeout -s INT $((STRACE + 2)) strace -c -f -p "$pid" -o "$OUTD/strace.txt" &
  st=$!; sleep 1
  r2=$(IDS="$dir/ids2.txt" TOKEN=$key wrk -t1 -c"$C" -d"${STRACE}s" -s "$here/fulfill.lua" "http://127.0.0.1:$port" | grep '^WRK')
  wait $st || true
  echo "strace run: $r2" | tee -a "$OUTD/strace.txt"
fi
kill "$pid"; wait "$pid" 2>/dev/null || true
ls "$dir/mail" 2>/dev/null | wc -l > "$OUTD/mails.txt"
rm -rf "$dir"
