#!/usr/bin/env bash
# GET /license_keys?status=expired on a served SQLite store at a merchant's size, before and after the expiry index:
#   measure.sh BEFORE_JAR AFTER_JAR WORK_DIR [CUSTOMERS GRANTS]
# Seeds two businesses (CUSTOMERS customers, GRANTS license-key grants each, default 50,000 and 200,000; seed.sql.sh,
# every 50th grant Pending without a key) with BEFORE_JAR's schema: C with every key expiring and ten expired, H with
# every key expiring and the older half expired. Times (median of 5, curl's time_total, loopback) the first and the
# second page of 100 expired keys of each, with BEFORE_JAR, then AFTER_JAR (which migrates the same data), and checks
# that both list the same keys. Leaves the migrated store in WORK_DIR/data for write-cost.sh.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
before=$1; after=$2; work=$3; customers=${4:-50000}; grants=${5:-200000}
java="$("$here/../../../bin/find-jdk")/bin/java"
data="$work/data"; rm -rf "$work"; mkdir -p "$data"
cli() { "$java" -jar "$1" "${@:2}" --data-dir "$data" 2>/dev/null; }
port=18649; base="http://127.0.0.1:$port"

serve() {
  "$java" -jar "$1" serve --data-dir "$data" --port $port --rate-limit 100000 > "$work/serve.log" 2>&1 &
  server=$!
  for _ in $(seq 1 600); do curl -sf "$base/health" > /dev/null 2>&1 && return; sleep 1; done
  echo "the server did not start" >&2; exit 1
}
stop() { kill "$server"; wait "$server" || true; server=""; }
server=""; trap '[ -z "$server" ] || kill "$server"' EXIT

tags=(C H); modes=(all-ten-expired all-half-expired); ids=(); ents=()
for tag in "${tags[@]}"; do
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
for i in 0 1; do
  "$here/seed.sql.sh" "${ids[$i]}" "${ents[$i]}" "$customers" "$grants" "${tags[$i]}" "${modes[$i]}" | sqlite3 "$db"
done
echo "seeded: $(sqlite3 "$db" 'SELECT COUNT(*) FROM license_keys') keys, $(sqlite3 "$db" 'SELECT COUNT(*) FROM customers') customers" >&2

median() { sort -n | sed -n 3p; }
measure() {
  local jar=$1 label times rows
  label=$(basename "$jar" .jar)
  serve "$jar"
  for i in 0 1; do
    key=$(cli "$jar" api-keys create --business "${ids[$i]}")
    for page in 0 1; do
      times=()
      for _ in 1 2 3 4 5; do
        times+=("$(curl -s -H "Authorization: Bearer $key" -o "$work/keys.json" -w '%{time_total}' \
          "$base/license_keys?status=expired&page_size=100&page_number=$page")")
      done
      rows=$(grep -o '"status":"expired"' "$work/keys.json" | wc -l || true)
      grep -o '"id":"lic_[0-9A-Za-z]*"' "$work/keys.json" > "$work/$label-${tags[$i]}-$page.ids" || true
      printf '%-7s %s page %s  median %6.3f s  (%s expired keys on the page; %s; runs %s)\n' "$label" "${tags[$i]}" "$page" \
        "$(printf '%s\n' "${times[@]}" | median)" "$rows" "${modes[$i]}" "${times[*]}"
    done
  done
  stop
}

measure "$before"
measure "$after"
for f in "$work"/"$(basename "$before" .jar)"-*.ids; do
  cmp -s "$f" "${f/$(basename "$before" .jar)-/$(basename "$after" .jar)-}" && same=same || same=DIFFERENT
  echo "$(basename "$f"): $(wc -l < "$f") keys, after: $same"
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
