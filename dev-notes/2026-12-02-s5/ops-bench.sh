#!/usr/bin/env bash
# The project's own load tool against one server: fulfill, validate, activate (+ deactivate) at one concurrency.
# Usage: ops-bench.sh JAR LABEL [db options...]; env C (default 16)
set -eu
JAR=$1; label=$2; shift 2
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java; C=${C:-16}
dir=$(mktemp -d); port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
bus=$("$J" -jar "$JAR" businesses create --name bench --data-dir "$dir" "$@" 2>/dev/null | tail -1)
key=$("$J" -jar "$JAR" api-keys create --business "$bus" --data-dir "$dir" "$@" 2>/dev/null | tail -1)
"$J" -jar "$JAR" serve --port "$port" --data-dir "$dir" --rate-limit 1000000 --license-rate-limit 1000000 "$@" >"$dir/server.log" 2>&1 &
pid=$!
for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$port/ready" >/dev/null 2>&1 && break; sleep 0.5; done
for op in "fulfill 3000 300" "validate 30000 3000" "activate 3000 0"; do
  set -- $op
  r=$("$J" -jar "$JAR" bench --url "http://127.0.0.1:$port" --api-key "$key" --operation $1 --grants $2 --warmup $3 --concurrency "$C" 2>&1 | tail -4 | tr '\n' ' ')
  printf '%s\t%s\tc=%s\t%s\tload=%s\n' "$label" "$1" "$C" "$r" "$(cut -d' ' -f1 /proc/loadavg)"
done
kill "$pid"; wait "$pid" 2>/dev/null || true
