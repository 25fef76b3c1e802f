#!/usr/bin/env bash
# Interleaved A/B of two jars on one database (SQLite by default; DB=pg), each round A then B or B then A:
# fresh data, warm-up, then fulfill at 1, 16 and 64 clients (SECS each) and validate at 16, each level on fresh pending
# grants seeded by wrk (grants.lua; faster than prepare.py on a loaded machine), with the server's CPU per request.
# Usage: [DB=sqlite|pg] [SECS=6] ab1.sh JAR_A JAR_B ROUNDS OUTFILE
set -eu
A=$(readlink -f "$1"); B=$(readlink -f "$2"); ROUNDS=$3; OUTF=$4; DB=${DB:-sqlite}; SECS=${SECS:-6}
here=/work/shared/bench; me=$(cd "$(dirname "$0")" && pwd); J="$JAVA_HOME/bin/java"
seed() {  # $1 port $2 key $3 ent $4 file $5 seconds
  TAG="$RANDOM$RANDOM" OUT="$4" TOKEN="$2" ENT="$3" wrk -t1 -c16 -d"$5"s -s "$me/grants.lua" "http://127.0.0.1:$1" >/dev/null
}
one() {  # $1 label $2 jar $3 round
  local dir port bus key ent pid dbopts=()
  dir=$(mktemp -d); port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
  if [ "$DB" = pg ]; then
    PGPASSWORD=bench psql -q -h localhost -U postgres -c "drop database if exists grantor_one" -c "create database grantor_one" >/dev/null 2>&1
    dbopts=(--db-url jdbc:postgresql://localhost:5432/grantor_one --db-user postgres --db-password bench)
  fi
  bus=$("$J" -jar "$2" businesses create --name bench --data-dir "$dir" "${dbopts[@]}" 2>/dev/null | tail -1)
  key=$("$J" -jar "$2" api-keys create --business "$bus" --data-dir "$dir" "${dbopts[@]}" 2>/dev/null | tail -1)
  "$J" -jar "$2" serve --port "$port" --data-dir "$dir" --rate-limit 1000000 --license-rate-limit 1000000 \
    --license-failure-limit 1000000 --license-failure-limit-per-business 1000000 "${dbopts[@]}" >"$dir/server.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$port/ready" >/dev/null 2>&1 && break; sleep 0.5; done
  ent=$(curl -fs -X POST "http://127.0.0.1:$port/entitlements" -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
    -d '{"name":"bench","integration_type":"license_key","integration_config":{"fulfillment_mode":"manual"}}' | python3 -c 'import json,sys;print(json.load(sys.stdin)["id"])')
  seed "$port" "$key" "$ent" "$dir/warm.txt" 4
  IDS="$dir/warm.txt" TOKEN=$key wrk -t1 -c16 -d5s -s "$here/fulfill.lua" "http://127.0.0.1:$port" >/dev/null
  for c in 1 16 64; do
    if [ "$c" = 1 ]; then s=12; else s=8; fi
    seed "$port" "$key" "$ent" "$dir/ids-$c.txt" "$s"; sleep 1
    local t0 t1 r ids
    t0=$(awk '{print $14+$15}' /proc/$pid/stat)
    r=$(IDS="$dir/ids-$c.txt" TOKEN=$key wrk -t1 -c"$c" -d"${SECS}s" --latency -s "$here/fulfill.lua" "http://127.0.0.1:$port" | grep '^WRK')
    t1=$(awk '{print $14+$15}' /proc/$pid/stat); ids=$(wc -l < "$dir/ids-$c.txt")
    printf '%s\tjar=%s\tround=%s\t%s\tfulfill\t%s\t%s\tcpu_us=%s\tids=%s\tload=%s\n' "$(date -u +%T)" "$1" "$3" "$DB" "$c" "$r" \
      "$(python3 -c "r=int('$r'.split('requests=')[1].split()[0]);print(round(($t1-$t0)*10000/max(r,1)))")" "$ids" "$(cut -d' ' -f1 /proc/loadavg)" | tee -a "$OUTF"
  done
  local lk t0 t1 r; lk="WRK-$(head -1 "$dir/ids-1.txt")"
  t0=$(awk '{print $14+$15}' /proc/$pid/stat)
  r=$(LICENSE_KEY=$lk wrk -t1 -c16 -d"${SECS}s" --latency -s "$here/validate.lua" "http://127.0.0.1:$port/licenses/validate" | grep '^WRK')
  t1=$(awk '{print $14+$15}' /proc/$pid/stat)
  printf '%s\tjar=%s\tround=%s\t%s\tvalidate\t16\t%s\tcpu_us=%s\tload=%s\n' "$(date -u +%T)" "$1" "$3" "$DB" "$r" \
    "$(python3 -c "r=int('$r'.split('requests=')[1].split()[0]);print(round(($t1-$t0)*10000/max(r,1)))")" "$(cut -d' ' -f1 /proc/loadavg)" | tee -a "$OUTF"
  kill "$pid"; wait "$pid" 2>/dev/null || true; rm -rf "$dir"
}
for r in $(seq 1 "$ROUNDS"); do
  if [ $((r % 2)) = 1 ]; then one A "$A" "$r"; one B "$B" "$r"; else one B "$B" "$r"; one A "$A" "$r"; fi
done
