#!/usr/bin/env bash
# The two reads session 34 left, on a served SQLite store at a merchant's size, before and after:
#   measure.sh BEFORE_JAR AFTER_JAR WORK_DIR [CUSTOMERS GRANTS]
# Seeds two businesses (CUSTOMERS customers, GRANTS license-key grants each, default 50,000 and 200,000; seed.sql.sh,
# session 34's) with BEFORE_JAR's schema: A with one key in ten expiring, H with every key expiring and the older half
# expired; every other key of each ends "-2026". Times (median of 5, curl's time_total, loopback) the console's grant
# search of A (newest page; "2026", the tail 100,000 keys share; "12-2026", 2,000 keys of it; "-KEY-12-2026" and the
# whole key "A-KEY-12-2026", one key behind it) and the first two pages of 100 of H's expired keys, with BEFORE_JAR, then
# AFTER_JAR (which migrates the same data), and checks that both answer the same grants and keys. Leaves the migrated
# store in WORK_DIR/data for write-cost.sh.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
before=$1; after=$2; work=$3; customers=${4:-50000}; grants=${5:-200000}
java="$("$here/../../../bin/find-jdk")/bin/java"
data="$work/data"; rm -rf "$work"; mkdir -p "$data"
cli() { "$java" -jar "$1" "${@:2}" --data-dir "$data" 2>/dev/null; }
port=18653; base="http://127.0.0.1:$port"

serve() {
  "$java" -jar "$1" serve --data-dir "$data" --port $port --rate-limit 100000 > "$work/serve.log" 2>&1 &
  server=$!
  for _ in $(seq 1 600); do curl -sf "$base/health" > /dev/null 2>&1 && return; sleep 1; done
  echo "the server did not start" >&2; exit 1
}
stop() { kill "$server"; wait "$server" || true; server=""; }
server=""; trap '[ -z "$server" ] || kill "$server"' EXIT

tags=(A H); modes=(tenth all-half-expired); ids=(); ents=()
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
echo "seeded: $(sqlite3 "$db" 'SELECT COUNT(*) FROM grants') grants, $(sqlite3 "$db" 'SELECT COUNT(*) FROM license_keys') keys" >&2

median() { sort -n | sed -n 3p; }
measure() {
  local jar=$1 label name path times link form csrf rows
  label=$(basename "$jar" .jar)
  serve "$jar"
  link=$(cli "$jar" console login-link --business "${ids[0]}" --port $port | tail -1)
  rm -f "$work/jar.txt"
  form=$(curl -s -c "$work/jar.txt" "$link")
  csrf=$(echo "$form" | sed -nE 's/.*name="_csrf" value="([^"]+)".*/\1/p' | head -1)
  curl -s -b "$work/jar.txt" -c "$work/jar.txt" -o /dev/null --data-urlencode "_csrf=$csrf" "$link"
  for name in newest 2026 12-2026 -KEY-12-2026 A-KEY-12-2026; do
    path="/console/grants?q=$([ $name = newest ] || echo "$name")"
    times=()
    for _ in 1 2 3 4 5; do
      times+=("$(curl -s -b "$work/jar.txt" -o "$work/page.html" -w '%{time_total}' "$base$path")")
    done
    grep -o 'href="/console/grants/entg_[0-9A-Za-z]*"' "$work/page.html" | uniq > "$work/$label-search$name.ids" || true
    printf '%-7s A search %-14s median %6.3f s  (%s grants on the page; runs %s)\n' "$label" "$name" \
      "$(printf '%s\n' "${times[@]}" | median)" "$(wc -l < "$work/$label-search$name.ids")" "${times[*]}"
  done
  key=$(cli "$jar" api-keys create --business "${ids[1]}")
  for page in 0 1; do
    times=()
    for _ in 1 2 3 4 5; do
      times+=("$(curl -s -H "Authorization: Bearer $key" -o "$work/keys.json" -w '%{time_total}' \
        "$base/license_keys?status=expired&page_size=100&page_number=$page")")
    done
    grep -o '"id":"lic_[0-9A-Za-z]*"' "$work/keys.json" > "$work/$label-expired$page.ids" || true
    printf '%-7s H expired page %s  median %6.3f s  (%s keys on the page; runs %s)\n' "$label" "$page" \
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
