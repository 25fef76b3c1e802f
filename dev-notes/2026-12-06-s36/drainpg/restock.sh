#!/usr/bin/env bash
# A 10,000-key restock into 10,000 waiting grants over HTTP, on one served store, with another business's requests
# running meanwhile (restock.py). Also the heap: the JVM's GC log (-Xlog:gc), its largest heap after a collection
# during the run, and the outbox rows left (the relay is off, so they are the rows the run wrote).
# Usage: restock.sh GRANTOR_JAR LABEL sqlite|pg [WAITING] [KEYS] [MANUAL]
#   RELAY=on serves with the relay (mail written to <data-dir>/mail), default off; JFR=FILE records the serve with
#   JFR's profile settings into FILE. (Session 36's copy of session 35's drain/restock.sh, itself session 32's
#   bulk/restock.sh with those two switches; only the private cluster's defaults differ.)
#   pg: a private cluster of Debian's PostgreSQL binaries on port $PGPORT (default 55936) in $PGDIR (default
#   /tmp/drainpg/pg), never the machine's own cluster; fsync and synchronous_commit on, as shipped. The cluster keeps
#   running after the run: stop it with `su postgres -c "$bin/pg_ctl -D $PGDIR/data stop"`.
set -eu
JAR=$(readlink -f "$1"); LABEL=$2; DB=$3; WAITING=${4:-10000}; KEYS=${5:-10000}; MANUAL=${6:-0}
here=$(cd "$(dirname "$0")" && pwd)
J="$JAVA_HOME/bin/java"
dir=$(mktemp -d); port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
opts=()
if [ "$DB" = pg ]; then
  PGDIR=${PGDIR:-/tmp/drainpg/pg}; PGPORT=${PGPORT:-55936}; bin=$(ls -d /usr/lib/postgresql/*/bin | tail -1)
  if [ ! -d "$PGDIR" ]; then
    mkdir -p "$PGDIR"; chown postgres "$PGDIR"
    su postgres -c "$bin/initdb -D $PGDIR/data -U postgres --auth=trust" >/dev/null
  fi
  su postgres -c "$bin/pg_ctl -D $PGDIR/data -o '-p $PGPORT -k $PGDIR' -l $PGDIR/log -w start" >/dev/null 2>&1 || true
  db="restock_$(date +%s)"
  su postgres -c "psql -h $PGDIR -p $PGPORT -qc 'create database $db'"
  opts=(--db-url "jdbc:postgresql://127.0.0.1:$PGPORT/$db" --db-user postgres --db-password x)
fi
bus_a=$("$J" -jar "$JAR" businesses create --name merchant-a --data-dir "$dir" "${opts[@]}" 2>/dev/null | tail -1)
bus_b=$("$J" -jar "$JAR" businesses create --name merchant-b --data-dir "$dir" "${opts[@]}" 2>/dev/null | tail -1)
key_a=$("$J" -jar "$JAR" api-keys create --business "$bus_a" --data-dir "$dir" "${opts[@]}" 2>/dev/null | tail -1)
key_b=$("$J" -jar "$JAR" api-keys create --business "$bus_b" --data-dir "$dir" "${opts[@]}" 2>/dev/null | tail -1)
relay=(--no-relay); [ "${RELAY:-off}" = on ] && relay=()
jfr=(); [ -n "${JFR:-}" ] && jfr=(-XX:StartFlightRecording=settings=profile,filename="$JFR")
"$J" "${jfr[@]}" -Xlog:gc:file="$dir/gc.log" -jar "$JAR" serve --port "$port" --data-dir "$dir" "${relay[@]}" --rate-limit 1000000 \
  --license-rate-limit 1000000 "${opts[@]}" >"$dir/server.log" 2>&1 &
pid=$!
for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$port/ready" >/dev/null 2>&1 && break; sleep 0.5; done
mark=$(wc -l < "$dir/gc.log")
result=$(python3 "$here/restock.py" "http://127.0.0.1:$port" "$key_a" "$key_b" "$WAITING" "$KEYS" "$MANUAL")
# the largest heap after a collection, over the whole run (grants issued, then the import)
after_gc=$(grep -o '[0-9]*M->[0-9]*M' "$dir/gc.log" | sed 's/.*->//; s/M//' | sort -n | tail -1)
heap=$(jcmd "$pid" GC.heap_info 2>/dev/null | grep -m1 -o 'used [0-9]*K' || true)
kill "$pid"; wait "$pid" 2>/dev/null || true
[ "$DB" = pg ] || trap 'rm -rf "$dir"' EXIT
if [ "$DB" = pg ]; then
  outbox=$(psql -h "$PGDIR" -p $PGPORT -U postgres -d "$db" -Atc "select status || '=' || count(*) from outbox group by status" | paste -sd' ')
else
  outbox=$(sqlite3 "$(ls "$dir"/*.db | head -1)" "select status || '=' || count(*) from outbox group by status" | paste -sd' ')
fi
printf '%s\trelay=%s\t%s\t%s\tmax_heap_after_gc_mb=%s\theap_at_end=%s\toutbox=%s\tload=%s\n' "$LABEL" "${RELAY:-off}" "$DB" "$result" "$after_gc" \
  "$heap" "$outbox" "$(cut -d' ' -f1 /proc/loadavg)"
