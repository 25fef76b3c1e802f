#!/usr/bin/env bash
# The two reads session 33 left, on a served SQLite store at a merchant's size, timed before and after:
#   measure.sh BEFORE_JAR AFTER_JAR WORK_DIR [CUSTOMERS GRANTS]
# Seeds three businesses (CUSTOMERS customers, GRANTS license-key grants each, default 50,000 and 200,000; seed.sql.sh)
# with BEFORE_JAR's schema: A with one key in ten expiring (one in twenty of those expired), B with one in ten expiring
# and none expired, C with every key expiring and ten expired; every other key of each ends "-2026". Times (median of
# 5, curl's time_total, loopback) the console's grant search of A (newest page; "2026", the tail half the keys share;
# "-KEY-12-2026", one key behind that tail) and GET /license_keys?status=expired of each business, with BEFORE_JAR,
# then AFTER_JAR (which migrates the same data). Then the write cost of the grants' index: 5,000 grants delivered with
# a key and their keys inserted in one transaction, and those 5,000 keys rotated (the key's value and the grant's
# copy), on the before schema (right after the seed) and the after one (after AFTER_JAR migrated), median of 5.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
before=$1; after=$2; work=$3; customers=${4:-50000}; grants=${5:-200000}
java="$("$here/../../../bin/find-jdk")/bin/java"
data="$work/data"; rm -rf "$work"; mkdir -p "$data"
cli() { "$java" -jar "$1" "${@:2}" --data-dir "$data" 2>/dev/null; }
port=18647; base="http://127.0.0.1:$port"

serve() {
  "$java" -jar "$1" serve --data-dir "$data" --port $port --rate-limit 100000 > "$work/serve.log" 2>&1 &
  server=$!
  for _ in $(seq 1 600); do curl -sf "$base/health" > /dev/null 2>&1 && return; sleep 1; done
  echo "the server did not start" >&2; exit 1
}
stop() { kill "$server"; wait "$server" || true; server=""; }
server=""; trap '[ -z "$server" ] || kill "$server"' EXIT

ids=(); ents=()
for tag in A B C; do
  ids+=("$(cli "$before" businesses create --name "Merchant $tag")")
done
serve "$before"
for b in "${ids[@]}"; do
  key=$(cli "$before" api-keys create --business "$b")
  e=$(curl -sf -H "Authorization: Bearer $key" -H 'Content-Type: application/json' "$base/entitlements" \
      -d '{"name":"Pro","integration_type":"license_key","integration_config":{"fulfillment_mode":"manual","activations_limit":3}}' \
      | sed -E 's/.*"id":"(ent_[0-9A-Za-z]+)".*/\1/')
  ents+=("$e")
done
stop
db=$(ls "$data"/*.db | head -1)
modes=(tenth tenth-future all-ten-expired)
for i in 0 1 2; do
  tag=$(echo A B C | cut -d' ' -f$((i + 1)))
  "$here/seed.sql.sh" "${ids[$i]}" "${ents[$i]}" "$customers" "$grants" "$tag" "${modes[$i]}" | sqlite3 "$db"
done
echo "seeded: $(sqlite3 "$db" 'SELECT COUNT(*) FROM grants') grants, $(sqlite3 "$db" 'SELECT COUNT(*) FROM license_keys') keys," \
  "$(sqlite3 "$db" 'SELECT COUNT(*) FROM customers') customers" >&2

median() { sort -n | sed -n 3p; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# 5,000 grants of A delivered with a key and their keys, in one transaction; then the same keys rotated; both undone
writes() {
  local label=$1 t0 t1 issue=() rotate=() n="WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000)"
  local b=${ids[0]} e=${ents[0]} stamp=$(( $(date +%s) * 1000000000 ))
  for _ in 1 2 3 4 5; do
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
    t1=$(now_ms); issue+=($((t1 - t0)))
    sqlite3 "$db" "BEGIN; UPDATE license_keys SET value = 'R' || value, version = version + 1 WHERE id LIKE 'lic_W%';
      UPDATE grants SET license_key = 'R' || license_key, version = version + 1 WHERE id LIKE 'entg_W%'; COMMIT;"
    rotate+=($(( $(now_ms) - t1 )))
    sqlite3 "$db" "DELETE FROM license_keys WHERE id LIKE 'lic_W%'; DELETE FROM grants WHERE id LIKE 'entg_W%';
      DELETE FROM key_values WHERE value LIKE 'RW-KEY-%';"
  done
  printf '%-7s writes: 5,000 grants and keys issued in %s ms (median; runs %s), rotated in %s ms (runs %s)\n' "$label" \
    "$(printf '%s\n' "${issue[@]}" | median)" "${issue[*]}" "$(printf '%s\n' "${rotate[@]}" | median)" "${rotate[*]}"
}

measure() {
  local jar=$1 name path times link form csrf rows
  serve "$jar"
  link=$(cli "$jar" console login-link --business "${ids[0]}" --port $port | tail -1)
  rm -f "$work/jar.txt"
  form=$(curl -s -c "$work/jar.txt" "$link")
  csrf=$(echo "$form" | sed -nE 's/.*name="_csrf" value="([^"]+)".*/\1/p' | head -1)
  curl -s -b "$work/jar.txt" -c "$work/jar.txt" -o /dev/null --data-urlencode "_csrf=$csrf" "$link"
  for name in search-newest search-2026 search-KEY-12-2026; do
    case $name in
      search-newest) path="/console/grants?q=" ;;
      search-2026) path="/console/grants?q=2026" ;;
      search-KEY-12-2026) path="/console/grants?q=-KEY-12-2026" ;;
    esac
    times=()
    for _ in 1 2 3 4 5; do
      times+=("$(curl -s -b "$work/jar.txt" -o "$work/page.html" -w '%{time_total}' "$base$path")")
    done
    rows=$(grep -o 'href="/console/grants/entg_[0-9A-Za-z]*"' "$work/page.html" | sort -u | wc -l || true)
    printf '%-7s A %-20s median %6.3f s  (%s grants on the page)\n' "$(basename "$jar" .jar)" "$name" \
      "$(printf '%s\n' "${times[@]}" | median)" "$rows"
  done
  local i=0
  for tag in A B C; do
    key=$(cli "$jar" api-keys create --business "${ids[$i]}")
    times=()
    for _ in 1 2 3 4 5; do
      times+=("$(curl -s -H "Authorization: Bearer $key" -o "$work/keys.json" -w '%{time_total}' \
        "$base/license_keys?status=expired&page_size=100")")
    done
    rows=$(grep -o '"status":"expired"' "$work/keys.json" | wc -l || true)
    printf '%-7s %s %-20s median %6.3f s  (%s expired keys on the page; %s)\n' "$(basename "$jar" .jar)" "$tag" \
      "keys-expired" "$(printf '%s\n' "${times[@]}" | median)" "$rows" "${modes[$i]}"
    i=$((i + 1))
  done
  stop
}

writes before
measure "$before"
measure "$after"
writes after
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
