#!/usr/bin/env bash
# The fulfill's grant UPDATE alone, on PostgreSQL, with and without grants' secondary indexes: two copies of the
# migrated grants table (LIKE grants: ga with every index, gb with its primary key only; no foreign keys on either),
# the same ROWS pending grants over 4 businesses, 20 entitlements, 5,000 customers in each, then pgbench runs of
# the UPDATE (each its own committed transaction, a fresh grant each, the key's value and id set as a fulfill sets
# them) against ga and gb in turn, order swapped each pair. What it isolates: the index entries a non-HOT update writes
# and their WAL, not Grantor's other statements. Usage: [CS="1 16"] [PAIRS=8] [SECS=5] [ROWS=400000] stmt.sh JAR OUTFILE
set -eu
JAR=$(readlink -f "$1"); OUTF=$2; CS=${CS:-1 16}; PAIRS=${PAIRS:-8}; SECS=${SECS:-5}; ROWS=${ROWS:-400000}
db=grantor_pgindexes_p; export PGPASSWORD=bench; P="psql -qAt -h localhost -U postgres"; me=$(mktemp -d)
$P -c "drop database if exists $db" -c "create database $db" >/dev/null
"$JAVA_HOME/bin/java" -jar "$JAR" migrate --data-dir "$me" --db-url jdbc:postgresql://localhost:5432/$db --db-user postgres --db-password bench >/dev/null 2>&1
$P -d $db <<SQL
CREATE TABLE ga (LIKE grants INCLUDING ALL);
CREATE TABLE gb (LIKE grants INCLUDING DEFAULTS INCLUDING CONSTRAINTS);
ALTER TABLE gb ADD PRIMARY KEY (id);
CREATE SEQUENCE sa; CREATE SEQUENCE sb;
INSERT INTO ga (id, business_id, brand_id, customer_id, entitlement_id, integration_type, payment_id, metadata,
                created_at, updated_at, status, ended_status, version)
SELECT 'gr_' || lpad(i::text, 8, '0'), 'bus_' || (i % 4), 'brd_' || (i % 4), 'cus_' || (i % 5000), 'ent_' || (i % 20),
       'license_key', 'pay_' || i, '{}', 1765000000000 + i * 10, 1765000000000 + i * 10, 'Pending', 'Pending', 0
FROM generate_series(1, $ROWS) i;
INSERT INTO gb SELECT * FROM ga;
VACUUM ANALYZE ga; VACUUM ANALYZE gb;
SQL
for t in a b; do cat > "$me/f$t.sql" <<SQL
SELECT nextval('s$t') AS n \gset
UPDATE g$t SET status = 'Delivered', ended_status = 'Delivered', delivered_at = 1765100000000 + :n,
  license_key_id = 'lk_' || :n, license_key = 'KEY-' || md5(:n::text), updated_at = 1765100000000 + :n, version = version + 1
WHERE id = 'gr_' || lpad(:n::text, 8, '0') AND version = 0;
SQL
done
echo "ga's indexes: $($P -d $db -c "select count(*) from pg_index where indrelid='ga'::regclass"), gb's: $($P -d $db -c "select count(*) from pg_index where indrelid='gb'::regclass")" | tee -a "$OUTF"
for c in $CS; do
  for p in $(seq 1 "$PAIRS"); do
    if [ $((p % 2)) = 1 ]; then order="a b"; else order="b a"; fi
    for t in $order; do
      l0=$($P -d $db -c "select pg_current_wal_lsn()"); u0=$($P -d $db -c "select nextval('s$t')")
      out=$(/usr/lib/postgresql/15/bin/pgbench -n -M prepared -h localhost -U postgres -c "$c" -j 1 -T "$SECS" -f "$me/f$t.sql" $db 2>&1)
      l1=$($P -d $db -c "select pg_current_wal_lsn()"); u1=$($P -d $db -c "select nextval('s$t')")
      printf "%s\tc=%s\tpair=%s\ttable=g%s\ttps=%s\tlat_ms=%s\twal_bytes_a_update=%s\tload=%s\n" "$(date -u +%T)" "$c" "$p" "$t" \
        "$(echo "$out" | sed -n 's/^tps = \([0-9.]*\).*/\1/p')" "$(echo "$out" | sed -n 's/^latency average = \([0-9.]*\).*/\1/p')" \
        "$($P -d $db -c "select round(pg_wal_lsn_diff('$l1','$l0') / ($u1 - $u0 - 1))")" "$(cut -d' ' -f1 /proc/loadavg)" | tee -a "$OUTF"
    done
  done
done
$P -c "drop database if exists $db" >/dev/null; rm -rf "$me"
