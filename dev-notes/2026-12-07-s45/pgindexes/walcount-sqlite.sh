#!/usr/bin/env bash
# What one fulfill writes on SQLite: serve JAR (--no-relay) on a fresh data dir, seed pending grants, then C clients
# of fulfills for SECS under strace: pages a fulfill appended to the WAL (a frame is a 24-byte header and a page, two
# pwrite64 calls), pages checkpointed into the database file, syncs. DROP=1 drops every index of grants (not the
# primary key's) by hand first. Usage: [DROP=0|1] [C=1] [SECS=5] walcount-sqlite.sh JAR OUTFILE
set -eu
JAR=$(readlink -f "$1"); OUTF=$2; shift 2
C=${C:-1}; SECS=${SECS:-5}; here=/work/shared/bench; me=$(cd "$(dirname "$0")" && pwd); J="$JAVA_HOME/bin/java"
DIR=$(mktemp -d); PORT=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
bus=$("$J" -jar "$JAR" businesses create --name bench --data-dir "$DIR" 2>/dev/null | tail -1)
KEY=$("$J" -jar "$JAR" api-keys create --business "$bus" --data-dir "$DIR" 2>/dev/null | tail -1)
python3 - "$DIR/grantor.db" "${DROP:-0}" <<'PY' | tee -a "$OUTF"
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
names = [r[0] for r in c.execute("select name from sqlite_master where type='index' and tbl_name='grants' and sql is not null")]
if sys.argv[2] == '1':
    for n in names: c.execute(f'drop index {n}')
print("page size", c.execute('pragma page_size').fetchone()[0], "grants' indexes:",
      ' '.join(r[0] for r in c.execute("select name from sqlite_master where type='index' and tbl_name='grants'")))
c.close()
PY
"$J" -jar "$JAR" serve --port "$PORT" --data-dir "$DIR" --rate-limit 1000000 --license-rate-limit 1000000 --no-relay "$@" >"$DIR/server.log" 2>&1 &
PID=$!
for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$PORT/ready" >/dev/null 2>&1 && break; sleep 0.5; done
ENT=$(curl -fs -X POST "http://127.0.0.1:$PORT/entitlements" -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
  -d '{"name":"bench","integration_type":"license_key","integration_config":{"fulfillment_mode":"manual"}}' | python3 -c 'import json,sys;print(json.load(sys.stdin)["id"])')
TAG="w$RANDOM" OUT="$DIR/warm.txt" TOKEN="$KEY" ENT="$ENT" wrk -t1 -c16 -d5s -s "$me/grants.lua" "http://127.0.0.1:$PORT" >/dev/null
IDS="$DIR/warm.txt" TOKEN="$KEY" wrk -t1 -c16 -d4s -s "$here/fulfill.lua" "http://127.0.0.1:$PORT" >/dev/null
TAG="m$RANDOM" OUT="$DIR/ids.txt" TOKEN="$KEY" ENT="$ENT" wrk -t1 -c16 -d$((SECS + 3))s -s "$me/grants.lua" "http://127.0.0.1:$PORT" >/dev/null
sleep 2
strace -f -y -e trace=pwrite64,fsync,fdatasync -o "$DIR/strace.txt" -p "$PID" 2>/dev/null &
SP=$!; sleep 1
r=$(IDS="$DIR/ids.txt" TOKEN="$KEY" wrk -t1 -c"$C" -d"${SECS}s" --latency -s "$here/fulfill.lua" "http://127.0.0.1:$PORT" | grep '^WRK')
sleep 1; kill "$SP"; wait "$SP" 2>/dev/null || true
n=$(echo "$r" | sed 's/.*requests=\([0-9]*\).*/\1/')
{ echo "$(date -u +%T) drop=${DROP:-0} c=$C $r load=$(cut -d' ' -f1 /proc/loadavg) (under strace)"
  python3 - "$DIR/strace.txt" "$n" <<'PY'
import re, sys
n = int(sys.argv[2]); wal = db = hdr = syncs = 0
for line in open(sys.argv[1]):
    m = re.search(r'(pwrite64|fsync|fdatasync)\(\d+<([^>]*)>', line)
    if not m: continue
    if m.group(1) != 'pwrite64': syncs += 1; continue
    size = int(re.search(r', (\d+), \d+(?:\)| <unfinished)', line).group(1)); path = m.group(2)
    if path.endswith('-wal'):
        if size > 32: wal += 1
        else: hdr += 1
    elif path.endswith('grantor.db'): db += 1
print(f"a fulfill: {wal/n:.1f} pages appended to the WAL ({hdr/n:.1f} small writes), {db/n:.1f} pages checkpointed into grantor.db, {syncs/n:.2f} syncs")
PY
} | tee -a "$OUTF"
kill "$PID"; wait "$PID" 2>/dev/null || true; rm -rf "$DIR"
