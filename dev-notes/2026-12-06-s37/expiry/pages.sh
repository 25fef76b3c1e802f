#!/usr/bin/env bash
# Store H's expired keys, before and after, on one served SQLite store:  pages.sh BEFORE_JAR AFTER_JAR WORK_DIR
# Seeds one business with 50,000 customers and 200,000 license-key grants with session 35's seed.sql.sh in its
# "all-half-expired" mode (every key expiring, the older half a minute after its issue, so 98,000 expired keys, older
# than 98,000 unexpired ones, their expiries in three 30-day months) with BEFORE_JAR's schema, then times (median of 5,
# curl's time_total, loopback, after 10 untimed requests of pages 0 to 4 so that neither jar is timed cold) pages 0, 1,
# 10 and 100 of 100 of GET /license_keys?status=expired with BEFORE_JAR, then AFTER_JAR (which migrates the same data:
# V34), and checks that both answer the same keys in the same order.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
before=$1; after=$2; work=$3
seed="$here/../../2026-12-06-s35/keys/seed.sql.sh"
java="$("$here/../../../bin/find-jdk")/bin/java"
data="$work/data"; rm -rf "$work"; mkdir -p "$data"
cli() { "$java" -jar "$1" "${@:2}" --data-dir "$data" 2>/dev/null; }
port=18657; base="http://127.0.0.1:$port"
serve() {
  "$java" -jar "$1" serve --data-dir "$data" --port $port --rate-limit 100000 > "$work/serve.log" 2>&1 &
  server=$!
  for _ in $(seq 1 600); do curl -sf "$base/health" > /dev/null 2>&1 && return; sleep 1; done
  echo "the server did not start" >&2; exit 1
}
stop() { kill "$server"; wait "$server" || true; server=""; }
server=""; trap '[ -z "$server" ] || kill "$server"' EXIT

business=$(cli "$before" businesses create --name "Merchant H")
serve "$before"
key=$(cli "$before" api-keys create --business "$business")
ent=$(curl -sf -H "Authorization: Bearer $key" -H 'Content-Type: application/json' "$base/entitlements" \
    -d '{"name":"Pro","integration_type":"license_key","integration_config":{"fulfillment_mode":"manual","activations_limit":3}}' \
    | sed -E 's/.*"id":"(ent_[0-9A-Za-z]+)".*/\1/')
stop
db=$(ls "$data"/*.db | head -1)
"$seed" "$business" "$ent" 50000 200000 H all-half-expired | sqlite3 "$db"
echo "seeded: $(sqlite3 "$db" 'SELECT COUNT(*) FROM license_keys') keys, $(sqlite3 "$db" \
  "SELECT COUNT(*) FROM license_keys WHERE expires_at_second < strftime('%s','now')") expired"

median() { sort -n | sed -n 3p; }
measure() {
  local jar=$1 label times
  label=$(basename "$jar" .jar)
  serve "$jar"
  for page in 0 1 2 3 4 0 1 2 3 4; do
    curl -s -o /dev/null -H "Authorization: Bearer $key" "$base/license_keys?status=expired&page_size=100&page_number=$page"
  done
  for page in 0 1 10 100; do
    times=()
    for _ in 1 2 3 4 5; do
      times+=("$(curl -s -H "Authorization: Bearer $key" -o "$work/keys.json" -w '%{time_total}' \
        "$base/license_keys?status=expired&page_size=100&page_number=$page")")
    done
    grep -o '"id":"lic_[0-9A-Za-z]*"' "$work/keys.json" > "$work/$label-expired$page.ids" || true
    printf '%-7s H expired page %-3s median %6.3f s  (%s keys on the page; runs %s)\n' "$label" "$page" \
      "$(printf '%s\n' "${times[@]}" | median)" "$(wc -l < "$work/$label-expired$page.ids")" "${times[*]}"
  done
  stop
}
measure "$before"
measure "$after"
for f in "$work"/"$(basename "$before" .jar)"-*.ids; do
  cmp -s "$f" "${f/$(basename "$before" .jar)-/$(basename "$after" .jar)-}" && same=same || same=DIFFERENT
  echo "$(basename "$f"): $(wc -l < "$f") rows, after: $same"
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
