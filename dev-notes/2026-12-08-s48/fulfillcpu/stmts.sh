#!/usr/bin/env bash
# Every statement a few fulfills send to PostgreSQL (log_statement=all for a moment), relay on.
# Usage: stmts.sh JAR OUT [N]
set -eu
JAR=$(readlink -f "$1"); OUT=$(readlink -f "$2"); NF=${3:-5}; J="$JAVA_HOME/bin/java"; lr=/work/main/dev-notes/2026-12-07-s46/longrange
dir=$(mktemp -d); port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
db=grantor_stmts; PGPASSWORD=bench psql -q -h localhost -U postgres -c "drop database if exists $db" -c "create database $db" >/dev/null 2>&1
dbopts=(--db-url jdbc:postgresql://localhost:5432/$db --db-user postgres --db-password bench)
bus=$("$J" -jar "$JAR" businesses create --name bench --data-dir "$dir" "${dbopts[@]}" 2>/dev/null | tail -1)
key=$("$J" -jar "$JAR" api-keys create --business "$bus" --data-dir "$dir" "${dbopts[@]}" 2>/dev/null | tail -1)
"$J" -jar "$JAR" serve --port "$port" --data-dir "$dir" --rate-limit 1000000 --license-rate-limit 1000000 "${dbopts[@]}" >"$dir/server.log" 2>&1 &
pid=$!
for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$port/ready" >/dev/null 2>&1 && break; sleep 0.5; done
ent=$(curl -fs -X POST "http://127.0.0.1:$port/entitlements" -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
  -d '{"name":"bench","integration_type":"license_key","integration_config":{"fulfillment_mode":"manual"}}' | python3 -c 'import json,sys;print(json.load(sys.stdin)["id"])')
TAG="w$RANDOM" OUT="$dir/ids.txt" TOKEN="$key" ENT="$ent" wrk -t1 -c1 -d2s -s "$lr/grants.lua" "http://127.0.0.1:$port" >/dev/null
# one fulfill first so caches (api key) are warm
id0=$(sed -n 1p $dir/ids.txt); curl -fs -X POST "http://127.0.0.1:$port/grants/$id0/license-key" -H "Authorization: Bearer $key" -H 'Content-Type: application/json' -d "{\"key\":\"K-$id0\"}" >/dev/null
sleep 2
log=$(su postgres -c "psql -Atc 'select pg_current_logfile()'"); dd=$(su postgres -c "psql -Atc 'show data_directory'")
[ "${log#/}" = "$log" ] && log="$dd/$log"
[ -f "$log" ] || log=$(ls -t /var/log/postgresql/*.log | head -1)
start=$(wc -c < "$log")
su postgres -c "psql -qc \"alter system set log_statement='all'\" -c 'select pg_reload_conf()'" >/dev/null
sleep 1
for i in $(seq 2 $((NF + 1))); do id=$(sed -n ${i}p $dir/ids.txt)
  curl -fs -X POST "http://127.0.0.1:$port/grants/$id/license-key" -H "Authorization: Bearer $key" -H 'Content-Type: application/json' -d "{\"key\":\"K-$id\"}" >/dev/null; sleep 0.5; done
sleep 2
su postgres -c "psql -qc \"alter system reset log_statement\" -c 'select pg_reload_conf()'" >/dev/null
tail -c +$((start + 1)) "$log" > "$OUT"
kill $pid; wait $pid 2>/dev/null || true; rm -rf "$dir"
echo "statements logged: $(grep -c 'LOG:  \(execute\|statement\)' "$OUT")"
