#!/usr/bin/env bash
# Another business's writes during a restock's drain, on SQLite over HTTP (wait.py), against the same with no drain.
# Usage: wait.sh GRANTOR_JAR LABEL [WAITING] [KEYS] [OPS] [GAP]   (relay on; one line appended to stdout)
# Session 35's drain/restock.sh, trimmed to SQLite.
set -eu
JAR=$(readlink -f "$1"); LABEL=$2; WAITING=${3:-6000}; KEYS=${4:-6000}; OPS=${5:-300}; GAP=${6:-0.01}
here=/work/main/dev-notes/2026-12-06-s37/drain4
J="$JAVA_HOME/bin/java"
dir=$(mktemp -d); trap 'rm -rf "$dir"' EXIT
port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
bus_a=$("$J" -jar "$JAR" businesses create --name merchant-a --data-dir "$dir" 2>/dev/null | tail -1)
bus_b=$("$J" -jar "$JAR" businesses create --name merchant-b --data-dir "$dir" 2>/dev/null | tail -1)
key_a=$("$J" -jar "$JAR" api-keys create --business "$bus_a" --data-dir "$dir" 2>/dev/null | tail -1)
key_b=$("$J" -jar "$JAR" api-keys create --business "$bus_b" --data-dir "$dir" 2>/dev/null | tail -1)
"$J" -jar "$JAR" serve --port "$port" --data-dir "$dir" --rate-limit 1000000 --license-rate-limit 1000000 \
  >"$dir/server.log" 2>&1 &
pid=$!
for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$port/ready" >/dev/null 2>&1 && break; sleep 0.5; done
result=$(python3 "$here/wait.py" "http://127.0.0.1:$port" "$key_a" "$key_b" "$WAITING" "$KEYS" "$OPS" "$GAP")
kill "$pid"; wait "$pid" 2>/dev/null || true
printf '%s\t%s\tload=%s\n' "$LABEL" "$result" "$(cut -d' ' -f1 /proc/loadavg)"
