#!/usr/bin/env bash
# The write cost of V34's grants_by_key_ending on SQLite, on the store measure.sh seeded and migrated: write-cost.sh DB [ROUNDS]
# Copies DB and drops the index from the copy (the schema before V34), then
# alternates between the two (before, after, before...) ROUNDS times (default 7): 5,000 grants of business A delivered
# with a key and their keys inserted in one transaction, then those 5,000 keys rotated (the key's value and the grant's
# copy, in one transaction), then undone (not timed). Prints the medians and each run. (Session 34 helper "tail"'s script, its before copy changed.)
set -euo pipefail
after=$1; rounds=${2:-7}; before="${after%.db}-before.db"
sqlite3 "$after" 'PRAGMA wal_checkpoint(TRUNCATE);' > /dev/null
cp "$after" "$before"
sqlite3 "$before" 'DROP INDEX grants_by_key_ending;'
read -r b e < <(sqlite3 -separator ' ' "$after" "SELECT business_id, entitlement_id FROM grants WHERE id = 'entg_SA0000000000000000001'")
n="WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000)"
stamp=$(( $(date +%s) * 1000000000 ))
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
declare -A issue rotate
for r in $(seq 1 "$rounds"); do
  for schema in before after; do
    db=$([ $schema = before ] && echo "$before" || echo "$after")
    t0=$(now_ms)
    sqlite3 "$db" "BEGIN; $n INSERT INTO grants (id, business_id, brand_id, customer_id, entitlement_id, integration_type,
        payment_id, metadata, created_at, updated_at, status, ended_status, delivered_at, license_key_id, license_key, version)
      SELECT 'entg_W' || substr('00000000000000000000' || i, -20), '$b', (SELECT default_brand_id FROM businesses WHERE id = '$b'),
        'cus_SA' || substr('0000000000000000000' || i, -19), '$e', 'license_key', 'pay_W' || i, '{}', $stamp + i, $stamp + i,
        'Delivered', 'Delivered', $stamp + i, 'lic_W' || substr('00000000000000000000' || i, -20), 'W-KEY-' || i || '-' || (i * 7919 % 100000), 0 FROM n;
      $n INSERT INTO license_keys (id, business_id, grant_id, customer_id, entitlement_id, value, source, created_at, updated_at, version)
      SELECT 'lic_W' || substr('00000000000000000000' || i, -20), '$b', 'entg_W' || substr('00000000000000000000' || i, -20),
        'cus_SA' || substr('0000000000000000000' || i, -19), '$e', 'W-KEY-' || i || '-' || (i * 7919 % 100000), 'manual',
        $stamp + i, $stamp + i, 0 FROM n; COMMIT;"
    t1=$(now_ms)
    sqlite3 "$db" "BEGIN; UPDATE license_keys SET value = 'R' || value, version = version + 1 WHERE id LIKE 'lic_W%';
      UPDATE grants SET license_key = 'R' || license_key, version = version + 1 WHERE id LIKE 'entg_W%'; COMMIT;"
    t2=$(now_ms)
    sqlite3 "$db" "DELETE FROM license_keys WHERE id LIKE 'lic_W%'; DELETE FROM grants WHERE id LIKE 'entg_W%';
      DELETE FROM key_values WHERE value LIKE 'RW-KEY-%';"
    issue[$schema]+="$((t1 - t0)) "; rotate[$schema]+="$((t2 - t1)) "
  done
done
median() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {print a[int((NR + 1) / 2)]}'; }
for schema in before after; do
  printf '%-6s 5,000 issued: median %s ms (%s)  rotated: median %s ms (%s)\n' "$schema" \
    "$(echo "${issue[$schema]}" | median)" "${issue[$schema]% }" "$(echo "${rotate[$schema]}" | median)" "${rotate[$schema]% }"
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
rm -f "$before" "$before-wal" "$before-shm"
