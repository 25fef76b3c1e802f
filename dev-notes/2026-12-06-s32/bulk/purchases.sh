#!/usr/bin/env bash
# "My purchases" for one customer with N grants (purchases.py) on a served SQLite store.
# Usage: purchases.sh GRANTOR_JAR LABEL [N]
set -eu
JAR=$(readlink -f "$1"); LABEL=$2; N=${3:-5000}
here=$(cd "$(dirname "$0")" && pwd); J="$JAVA_HOME/bin/java"
dir=$(mktemp -d); port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
bus=$("$J" -jar "$JAR" businesses create --name reseller-shop --data-dir "$dir" 2>/dev/null | tail -1)
key=$("$J" -jar "$JAR" api-keys create --business "$bus" --data-dir "$dir" 2>/dev/null | tail -1)
"$J" -jar "$JAR" serve --port "$port" --data-dir "$dir" --no-relay --public-url "http://127.0.0.1:$port" \
  --rate-limit 1000000 --license-rate-limit 1000000 >"$dir/server.log" 2>&1 &
pid=$!
for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$port/ready" >/dev/null 2>&1 && break; sleep 0.5; done
result=$(python3 "$here/purchases.py" "http://127.0.0.1:$port" "$key" "$N" || tail -20 "$dir/server.log")
kill "$pid"; wait "$pid" 2>/dev/null || true
printf '%s\tsqlite\t%s\tload=%s\n' "$LABEL" "$result" "$(cut -d' ' -f1 /proc/loadavg)"
