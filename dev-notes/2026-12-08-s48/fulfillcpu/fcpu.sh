#!/usr/bin/env bash
# One jar served on a fresh database (DB=pg: the local PostgreSQL, else SQLite), warmed up; then REPS runs of C clients
# of fulfills for SECS each on fresh grants, printing the wrk line and where the machine's CPU went per fulfill:
# the server's JVM, PostgreSQL's processes, the rest (wrk, the kernel's idle excluded) from /proc/stat.
# Usage: [DB=pg] [C=16] [SECS=6] [REPS=3] [JOPTS=..] fcpu.sh JAR [serve options...]
set -eu
JAR=$(readlink -f "$1"); shift
C=${C:-16}; SECS=${SECS:-6}; REPS=${REPS:-3}; here=/work/shared/bench; lr=/work/main/dev-notes/2026-12-07-s46/longrange; J="$JAVA_HOME/bin/java"
dir=$(mktemp -d); port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
dbopts=()
if [ "${DB:-pg}" = pg ]; then db=grantor_fcpu; PGPASSWORD=bench psql -q -h localhost -U postgres -c "drop database if exists $db" -c "create database $db" >/dev/null
  dbopts=(--db-url jdbc:postgresql://localhost:5432/$db --db-user postgres --db-password bench); fi
bus=$("$J" -jar "$JAR" businesses create --name bench --data-dir "$dir" "${dbopts[@]}" 2>/dev/null | tail -1)
key=$("$J" -jar "$JAR" api-keys create --business "$bus" --data-dir "$dir" "${dbopts[@]}" 2>/dev/null | tail -1)
# shellcheck disable=SC2086
"$J" ${JOPTS:-} -jar "$JAR" serve --port "$port" --data-dir "$dir" --rate-limit 1000000 --license-rate-limit 1000000 "${dbopts[@]}" "$@" >"$dir/server.log" 2>&1 &
pid=$!
for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$port/ready" >/dev/null 2>&1 && break; sleep 0.5; done
ent=$(curl -fs -X POST "http://127.0.0.1:$port/entitlements" -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
  -d '{"name":"bench","integration_type":"license_key","integration_config":{"fulfillment_mode":"manual"}}' | python3 -c 'import json,sys;print(json.load(sys.stdin)["id"])')
TAG="w$RANDOM" OUT="$dir/warm.txt" TOKEN="$key" ENT="$ent" wrk -t1 -c16 -d6s -s "$lr/grants.lua" "http://127.0.0.1:$port" >/dev/null
IDS="$dir/warm.txt" TOKEN="$key" wrk -t1 -c16 -d6s -s "$here/fulfill.lua" "http://127.0.0.1:$port" >/dev/null
pgcpu() { local s=0; for p in $(pgrep -u postgres); do s=$((s + $(awk '{print $14+$15}' /proc/$p/stat 2>/dev/null || echo 0))); done; echo $s; }
busy() { awk '/^cpu /{print $2+$3+$4+$7+$8}' /proc/stat; }
for r in $(seq 1 "$REPS"); do
  TAG="r$r$RANDOM" OUT="$dir/ids-$r.txt" TOKEN="$key" ENT="$ent" wrk -t1 -c16 -d$((SECS + 2))s -s "$lr/grants.lua" "http://127.0.0.1:$port" >/dev/null
  sleep 2
  if [ -n "${STATS:-}" ]; then su postgres -c "psql -d $db -qAtc 'create extension if not exists pg_stat_statements' -c 'select pg_stat_statements_reset()'" >/dev/null; fi
  [ -n "${PGSPLIT:-}" ] && for p in $(pgrep -u postgres); do echo "$p $(awk '{print $14+$15}' /proc/$p/stat) $(tr '\0' ' ' < /proc/$p/cmdline | cut -c1-40)"; done > /tmp/pg0.txt
  j0=$(awk '{print $14+$15}' /proc/$pid/stat); p0=$(pgcpu); b0=$(busy)
  if [ -n "${PGPERF:-}" ] && [ "$r" = "$REPS" ]; then perf record -q -e cpu-clock -F 999 -g -o "$PGPERF" -p "$(pgrep -u postgres -d, -f 'postgres: 15/main: postgres')" -- sleep "$SECS" 2>/dev/null & fi
  out=$(IDS="$dir/ids-$r.txt" TOKEN="$key" wrk -t1 -c"$C" -d"${SECS}s" --latency -s "$here/fulfill.lua" "http://127.0.0.1:$port" | grep '^WRK')
  j1=$(awk '{print $14+$15}' /proc/$pid/stat); p1=$(pgcpu); b1=$(busy)
  [ -n "${PGSPLIT:-}" ] && for p in $(pgrep -u postgres); do echo "$p $(awk '{print $14+$15}' /proc/$p/stat) $(tr '\0' ' ' < /proc/$p/cmdline | cut -c1-40)"; done > /tmp/pg1.txt && python3 -c "
import collections
a={l.split()[0]:int(l.split()[1]) for l in open('/tmp/pg0.txt')}
c=collections.Counter()
for l in open('/tmp/pg1.txt'):
    f=l.split(None,2); k=f[2].strip() if len(f)>2 else '?'
    k='backend' if 'postgres: postgres' in k else k
    c[k]+=int(f[1])-a.get(f[0],0)
print('  pg split (ticks):', dict(c.most_common(8)))"
  n=$(echo "$out" | sed 's/.*requests=\([0-9]*\).*/\1/')
  if [ -n "${STATS:-}" ]; then su postgres -c "psql -d $db -F '|' -Atc \"select calls, plans, round(total_plan_time::numeric,1), round(total_exec_time::numeric,1), shared_blks_hit, shared_blks_dirtied, wal_records, wal_bytes, left(regexp_replace(query, '\\s+', ' ', 'g'), 110) from pg_stat_statements where dbid = (select oid from pg_database where datname = '$db') order by total_exec_time desc limit 25\"" > "$STATS.rep$r"; echo "fulfills=$n" >> "$STATS.rep$r"; fi
  echo "$(date -u +%T) db=${DB:-pg} c=$C $out jvm_us=$(( (j1-j0)*10000/n )) pg_us=$(( (p1-p0)*10000/n )) all_us=$(( (b1-b0)*10000/n )) load=$(cut -d' ' -f1 /proc/loadavg)"
done
kill $pid; wait $pid 2>/dev/null || true; [ -n "${LOGTO:-}" ] && cp "$dir/server.log" "$LOGTO"; rm -rf "$dir"
