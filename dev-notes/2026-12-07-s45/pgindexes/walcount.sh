#!/usr/bin/env bash
# What one fulfill writes on PostgreSQL: serve JAR on a fresh database (pg-local.sh's cluster), seed pending grants,
# then between two LSNs: C clients of fulfills for SECS, and pg_walinspect's records grouped by relation and record
# type, pg_stat_wal's and pg_stat_user_tables' deltas. DROP=1 drops every index of grants but its primary key by hand
# first (the upper bound; a scratch schema, not a migration). Extra arguments go to serve (e.g. --no-relay).
# Usage: [DROP=0|1] [C=1] [SECS=5] walcount.sh JAR OUTFILE [serve options...]
set -eu
JAR=$(readlink -f "$1"); OUTF=$2; shift 2
C=${C:-1}; SECS=${SECS:-5}; here=/work/shared/bench; me=$(cd "$(dirname "$0")" && pwd); J="$JAVA_HOME/bin/java"
db=grantor_pgindexes_w; export PGPASSWORD=bench; P="psql -qAt -h localhost -U postgres"
$P -c "drop database if exists $db" -c "create database $db" >/dev/null
dbopts=(--db-url jdbc:postgresql://localhost:5432/$db --db-user postgres --db-password bench)
DIR=$(mktemp -d); PORT=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
bus=$("$J" -jar "$JAR" businesses create --name bench --data-dir "$DIR" "${dbopts[@]}" 2>/dev/null | tail -1)
KEY=$("$J" -jar "$JAR" api-keys create --business "$bus" --data-dir "$DIR" "${dbopts[@]}" 2>/dev/null | tail -1)
$P -d $db -c "create extension if not exists pg_walinspect"
if [ "${DROP:-0}" = 1 ]; then
  for i in $($P -d $db -c "select indexrelid::regclass from pg_index where indrelid='grants'::regclass and not indisprimary"); do
    $P -d $db -c "drop index $i"; done
fi
echo "grants' indexes: $($P -d $db -c "select string_agg(indexrelid::regclass::text, ' ') from pg_index where indrelid='grants'::regclass")" | tee -a "$OUTF"
"$J" -jar "$JAR" serve --port "$PORT" --data-dir "$DIR" --rate-limit 1000000 --license-rate-limit 1000000 "${dbopts[@]}" "$@" >"$DIR/server.log" 2>&1 &
PID=$!
for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$PORT/ready" >/dev/null 2>&1 && break; sleep 0.5; done
ENT=$(curl -fs -X POST "http://127.0.0.1:$PORT/entitlements" -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
  -d '{"name":"bench","integration_type":"license_key","integration_config":{"fulfillment_mode":"manual"}}' | python3 -c 'import json,sys;print(json.load(sys.stdin)["id"])')
TAG="w$RANDOM" OUT="$DIR/warm.txt" TOKEN="$KEY" ENT="$ENT" wrk -t1 -c16 -d5s -s "$me/grants.lua" "http://127.0.0.1:$PORT" >/dev/null
IDS="$DIR/warm.txt" TOKEN="$KEY" wrk -t1 -c16 -d4s -s "$here/fulfill.lua" "http://127.0.0.1:$PORT" >/dev/null
TAG="m$RANDOM" OUT="$DIR/ids.txt" TOKEN="$KEY" ENT="$ENT" wrk -t1 -c16 -d$((SECS + 3))s -s "$me/grants.lua" "http://127.0.0.1:$PORT" >/dev/null
sleep 3
snap() { $P -d $db -c "select n_tup_upd, n_tup_hot_upd, n_tup_ins from pg_stat_user_tables where relname='grants'"; }
$P -d $db -c "checkpoint"
lsn0=$($P -d $db -c "select pg_current_wal_lsn()"); st0=$(snap)
$P -d $db -c "select wal_records, wal_fpi, wal_bytes from pg_stat_wal" > "$DIR/wal0"
r=$(IDS="$DIR/ids.txt" TOKEN="$KEY" wrk -t1 -c"$C" -d"${SECS}s" --latency -s "$here/fulfill.lua" "http://127.0.0.1:$PORT" | grep '^WRK')
sleep 2
lsn1=$($P -d $db -c "select pg_current_wal_lsn()"); st1=$(snap)
$P -d $db -c "select wal_records, wal_fpi, wal_bytes from pg_stat_wal" > "$DIR/wal1"
n=$(echo "$r" | sed 's/.*requests=\([0-9]*\).*/\1/')
{ echo "$(date -u +%T) drop=${DROP:-0} c=$C $r load=$(cut -d' ' -f1 /proc/loadavg) opts=$*"
  echo "grants upd/hot/ins before $st0 after $st1"
  echo "pg_stat_wal records|fpi|bytes before $(cat $DIR/wal0) after $(cat $DIR/wal1)"
  echo "wal bytes by LSN: $($P -d $db -c "select pg_wal_lsn_diff('$lsn1','$lsn0')") = $($P -d $db -c "select round(pg_wal_lsn_diff('$lsn1','$lsn0')/$n)") a fulfill"
  # records per fulfill grouped by the first block's relation (relfilenode -> name) and the record's type
  $P -d $db -F ' | ' -c "
    with r as (select resource_manager rm, record_type rt, record_length len, fpi_length fpi,
                      substring(block_ref from 'rel [0-9]+/[0-9]+/([0-9]+)')::oid node
               from pg_get_wal_records_info('$lsn0', '$lsn1'))
    select coalesce(c.relname, case when node is null then '-' else 'node '||node end) rel, rm, rt,
           round(count(*)::numeric/$n, 2) recs_a_fulfill, round(sum(len)::numeric/$n) bytes_a_fulfill,
           round(sum(fpi)::numeric/$n) fpi_bytes_a_fulfill
    from r left join pg_class c on c.relfilenode = r.node
    group by 1,2,3 order by 5 desc"
} | tee -a "$OUTF"
kill "$PID"; wait "$PID" 2>/dev/null || true; rm -rf "$DIR"
$P -c "drop database if exists $db" >/dev/null
