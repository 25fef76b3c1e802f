#!/usr/bin/env bash
# Fulfill over HTTP with an Idempotency-Key on every request (fulfill-idempotent.lua), two builds interleaved:
# idem-ab.sh BEFORE_JAR AFTER_JAR ROUNDS   env: LEVELS="1 16" SECS=6 N=8000 DBS="pg sqlite". Same serve options as compare.sh.
set -eu
here=$(cd "$(dirname "$0")" && pwd); bench=/work/shared/bench
LEVELS=${LEVELS:-1 16}; SECS=${SECS:-6}; N=${N:-8000}; J="$JAVA_HOME/bin/java"
one() {  # $1 label $2 jar, rest db options
  local label=$1 jar=$2; shift 2
  local dir; dir=$(mktemp -d); local port; port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
  local bus key
  bus=$("$J" -jar "$jar" businesses create --name bench --data-dir "$dir" "$@" 2>/dev/null | tail -1)
  key=$("$J" -jar "$jar" api-keys create --business "$bus" --data-dir "$dir" "$@" 2>/dev/null | tail -1)
  "$J" -jar "$jar" serve --port "$port" --data-dir "$dir" --rate-limit 1000000 --license-rate-limit 1000000 "$@" >"$dir/server.log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$port/ready" >/dev/null 2>&1 && break; sleep 0.5; done
  python3 "$bench/prepare.py" "http://127.0.0.1:$port" "$key" 2000 > "$dir/warm.txt"
  IDS="$dir/warm.txt" TOKEN=$key wrk -t1 -c16 -d5s -s "${LUA:-$here/fulfill-idempotent.lua}" "http://127.0.0.1:$port" >/dev/null
  for c in $LEVELS; do
    python3 "$bench/prepare.py" "http://127.0.0.1:$port" "$key" "$N" > "$dir/ids-$c.txt"
    sleep 2
    r=$(IDS="$dir/ids-$c.txt" TOKEN=$key wrk -t1 -c"$c" -d"${SECS}s" --latency -s "${LUA:-$here/fulfill-idempotent.lua}" "http://127.0.0.1:$port" | grep '^WRK')
    printf '%s\t%s\tfulfill+key\t%s\t%s\tload=%s\n' "$label" "${db}" "$c" "$r" "$(cut -d' ' -f1 /proc/loadavg)"
  done
  kill "$pid"; wait "$pid" 2>/dev/null || true
  rm -rf "$dir"
}
for round in $(seq 1 "$3"); do
  for pair in "before:$1" "after:$2"; do
    if [ "${DBS:-pg sqlite}" != sqlite ]; then
      db=pg; one "${pair%%:*}" "${pair#*:}" --db-url "jdbc:postgresql://localhost:5432/grantor_http" --db-user postgres --db-password bench
    fi
    if [ "${DBS:-pg sqlite}" != pg ]; then db=sqlite; one "${pair%%:*}" "${pair#*:}"; fi
  done
done
