#!/usr/bin/env bash
# grantor bench (HTTP fulfill) against two jars back to back, SQLite, relay on, rate limits lifted.
# Usage: bench-ab.sh BEFORE_JAR AFTER_JAR
set -eu
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
one() {
  local jar=$1 label=$2 dir port bus key
  dir=$(mktemp -d); port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
  bus=$("$J" -jar "$jar" businesses create --name bench --data-dir "$dir" 2>/dev/null | tail -1)
  key=$("$J" -jar "$jar" api-keys create --business "$bus" --data-dir "$dir" 2>/dev/null | tail -1)
  "$J" -jar "$jar" serve --port "$port" --data-dir "$dir" --rate-limit 1000000 --license-rate-limit 1000000 ${EXTRA:-} >"$dir/server.log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$port/ready" >/dev/null 2>&1 && break; sleep 0.5; done
  for c in ${LEVELS:-1 16}; do
    echo "== $label concurrency $c load=$(cut -d' ' -f1 /proc/loadavg)"
    "$J" -jar "$jar" bench --url "http://127.0.0.1:$port" --api-key "$key" --grants 3000 --concurrency "$c" --warmup 300 2>&1 | tail -4
  done
  kill "$pid"; wait "$pid" 2>/dev/null || true
}
for spec in ${ORDER:-"$1:before" "$2:after" "$1:before2" "$2:after2"}; do one "${spec%%:*}" "${spec##*:}"; done
