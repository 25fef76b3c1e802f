#!/usr/bin/env bash
# Interleaved SQLite validation A/B: JARS as label=path, ROUNDS; per jar and round a fresh served store, 200 fulfilled
# grants, 5 s warm-up of validations at 16 clients, then 6 s at 16 and at 1 client (compare.sh's validate.lua and key).
set -u
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java; here=/work/shared/bench
for round in ${ROUNDS:-1 2 3}; do
  for v in $JARS; do
    label=${v%%=*}; JAR=${v#*=}
    dir=$(mktemp -d); port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
    bus=$("$J" -jar "$JAR" businesses create --name bench --data-dir "$dir" 2>/dev/null | tail -1)
    key=$("$J" -jar "$JAR" api-keys create --business "$bus" --data-dir "$dir" 2>/dev/null | tail -1)
    "$J" -jar "$JAR" serve --port "$port" --data-dir "$dir" --rate-limit 1000000 --license-rate-limit 1000000 \
      --license-failure-limit 1000000 --license-failure-limit-per-business 1000000 >"$dir/server.log" 2>&1 &
    pid=$!
    for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$port/ready" >/dev/null 2>&1 && break; sleep 0.5; done
    python3 "$here/prepare.py" "http://127.0.0.1:$port" "$key" 200 > "$dir/ids.txt"
    IDS="$dir/ids.txt" TOKEN=$key wrk -t1 -c4 -d2s -s "$here/fulfill.lua" "http://127.0.0.1:$port" >/dev/null
    lk="WRK-$(head -1 "$dir/ids.txt")"
    LICENSE_KEY=$lk wrk -t1 -c16 -d5s -s "$here/validate.lua" "http://127.0.0.1:$port/licenses/validate" >/dev/null
    for c in 16 1; do
      r=$(LICENSE_KEY=$lk wrk -t1 -c$c -d6s --latency -s "$here/validate.lua" "http://127.0.0.1:$port/licenses/validate" | grep '^WRK')
      printf 'round %s %s validate c=%s %s load=%s\n' "$round" "$label" "$c" "$r" "$(cut -d' ' -f1 /proc/loadavg)"
    done
    kill $pid; wait $pid 2>/dev/null; rm -rf "$dir"
  done
done
