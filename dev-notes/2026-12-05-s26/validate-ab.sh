#!/usr/bin/env bash
# Validation alone, jars in turn on PostgreSQL: compare.sh's server and validate.lua, but with no fulfill level before
# it, so the relay has no backlog of delivery emails to write while validation is measured. JARS as label=path,
# ROUNDS, C (clients), SECS.
here=/work/shared/bench; J=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
PGURL=jdbc:postgresql://localhost:5432
for round in ${ROUNDS:-1 2 3}; do
  for v in $JARS; do
    label=${v%%=*}; jar=${v#*=}
    PGPASSWORD=bench psql -q -h localhost -U postgres -c "drop database if exists grantor_http" -c "create database grantor_http" >/dev/null 2>&1
    db="--db-url $PGURL/grantor_http --db-user postgres --db-password bench"
    dir=$(mktemp -d); port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
    bus=$("$J" -jar "$jar" businesses create --name bench --data-dir "$dir" $db 2>/dev/null | tail -1)
    key=$("$J" -jar "$jar" api-keys create --business "$bus" --data-dir "$dir" $db 2>/dev/null | tail -1)
    "$J" -jar "$jar" serve --port "$port" --data-dir "$dir" --rate-limit 1000000 --license-rate-limit 1000000 \
      --license-failure-limit 1000000 --license-failure-limit-per-business 1000000 $db >"$dir/server.log" 2>&1 &
    pid=$!
    for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$port/ready" >/dev/null 2>&1 && break; sleep 0.5; done
    python3 "$here/prepare.py" "http://127.0.0.1:$port" "$key" 2000 > "$dir/warm.txt"
    IDS="$dir/warm.txt" TOKEN=$key wrk -t1 -c16 -d5s -s "$here/fulfill.lua" "http://127.0.0.1:$port" >/dev/null
    lk="WRK-$(head -1 "$dir/warm.txt")"
    LICENSE_KEY=$lk wrk -t1 -c16 -d5s -s "$here/validate.lua" "http://127.0.0.1:$port/licenses/validate" >/dev/null
    sleep 5
    r=$(LICENSE_KEY=$lk wrk -t1 -c"${C:-16}" -d"${SECS:-6}s" --latency -s "$here/validate.lua" "http://127.0.0.1:$port/licenses/validate" | grep '^WRK')
    printf 'round %s %s validate %s %s load=%s\n' "$round" "$label" "${C:-16}" "$r" "$(cut -d' ' -f1 /proc/loadavg)"
    kill "$pid"; wait "$pid" 2>/dev/null; rm -rf "$dir"
  done
done
