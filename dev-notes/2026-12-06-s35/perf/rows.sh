#!/usr/bin/env bash
# rows.sh JAR LABEL: on PostgreSQL, the transactions and row operations per fulfill (pg_stat_database and
# pg_stat_user_tables of its own database) over N fulfills made one after another, relay included.
set -eu
JAR=$1; label=$2; d=${DBNAME:-grantor_rows}; n=${N:-300}
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java; here=/work/shared/bench
export PGPASSWORD=bench; q() { psql -qAt -h localhost -U postgres -d "$d" -c "$1"; }
psql -q -h localhost -U postgres -c "drop database if exists $d" -c "create database $d" >/dev/null 2>&1
opts=(--db-url "jdbc:postgresql://localhost:5432/$d" --db-user postgres --db-password bench)
dir=$(mktemp -d); port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
bus=$("$J" -jar "$JAR" businesses create --name bench --data-dir "$dir" "${opts[@]}" 2>/dev/null | tail -1)
key=$("$J" -jar "$JAR" api-keys create --business "$bus" --data-dir "$dir" "${opts[@]}" 2>/dev/null | tail -1)
"$J" -jar "$JAR" serve --port "$port" --data-dir "$dir" --rate-limit 1000000 --license-rate-limit 1000000 "${opts[@]}" >"$dir/server.log" 2>&1 &
pid=$!; trap "kill $pid 2>/dev/null; rm -rf $dir" EXIT
for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$port/ready" >/dev/null 2>&1 && break; sleep 0.5; done
python3 "$here/prepare.py" "http://127.0.0.1:$port" "$key" "$n" > "$dir/ids.txt"
sleep 3
snap() { q "select xact_commit, xact_rollback from pg_stat_database where datname='$d'" | tr '|' ' '
         q "select relname, n_tup_ins, n_tup_upd, n_tup_del, seq_scan, coalesce(idx_scan,0) from pg_stat_user_tables order by relname"; }
snap > "$dir/s0"
python3 - "$port" "$key" "$dir/ids.txt" <<'PY'
import http.client, json, sys
c = http.client.HTTPConnection("127.0.0.1", int(sys.argv[1]))
for gid in open(sys.argv[3]).read().split():
    c.request("POST", "/grants/%s/license-key" % gid, json.dumps({"key": "WRK-" + gid}),
              {"Authorization": "Bearer " + sys.argv[2], "Content-Type": "application/json"})
    r = c.getresponse(); r.read(); assert r.status == 200, r.status
PY
sleep 4   # the relay's deliveries, and the statistics' flush
snap > "$dir/s1"
python3 - "$dir/s0" "$dir/s1" "$n" "$label" <<'PY'
import sys
a, b, n, label = open(sys.argv[1]).read().split('\n'), open(sys.argv[2]).read().split('\n'), int(sys.argv[3]), sys.argv[4]
x0, x1 = [int(v) for v in a[0].split()], [int(v) for v in b[0].split()]
print(f"{label}\tcommits/fulfill={(x1[0]-x0[0])/n:.2f}\trollbacks/fulfill={(x1[1]-x0[1])/n:.2f}")
t0 = {l.split('|')[0]: [int(v) for v in l.split('|')[1:]] for l in a[1:] if l}
for l in b[1:]:
    if not l: continue
    name, *v = l.split('|'); v = [int(x) for x in v]; w = t0.get(name, [0]*5)
    d = [(p - q) / n for p, q in zip(v, w)]
    if any(d): print(f"{label}\t{name}\tins={d[0]:.2f} upd={d[1]:.2f} del={d[2]:.2f} seqscan={d[3]:.2f} idxscan={d[4]:.2f}")
PY
