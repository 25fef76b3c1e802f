#!/usr/bin/env bash
# The reads session 32 left, on a served SQLite store at a merchant's size, timed before and after:
#   measure.sh BEFORE_JAR AFTER_JAR WORK_DIR [CUSTOMERS GRANTS]
# Seeds three businesses (CUSTOMERS customers, GRANTS license-key grants each, default 50,000 and 200,000; seed.sql.sh)
# with BEFORE_JAR's schema: A with one key in ten expiring (one in twenty of those expired), B with one in ten expiring and
# none expired, C with every key expiring and none expired; every other key of each ends "-2026". Times (median of 5,
# curl's time_total, loopback) the console's grant search (newest page, the shared "2026" tail), the pending queue, and
# GET /license_keys?status=expired of each business, with BEFORE_JAR, then AFTER_JAR (which migrates the same data).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
before=$1; after=$2; work=$3; customers=${4:-50000}; grants=${5:-200000}
java="$("$here/../../../bin/find-jdk")/bin/java"
data="$work/data"; rm -rf "$work"; mkdir -p "$data"
cli() { "$java" -jar "$1" "${@:2}" --data-dir "$data" 2>/dev/null; }
port=18643; base="http://127.0.0.1:$port"

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
modes=(tenth tenth-future all-future)
for i in 0 1 2; do
  tag=$(echo A B C | cut -d' ' -f$((i + 1)))
  "$here/seed.sql.sh" "${ids[$i]}" "${ents[$i]}" "$customers" "$grants" "$tag" "${modes[$i]}" | sqlite3 "$db"
done
echo "seeded: $(sqlite3 "$db" 'SELECT COUNT(*) FROM grants') grants, $(sqlite3 "$db" 'SELECT COUNT(*) FROM license_keys') keys," \
  "$(sqlite3 "$db" 'SELECT COUNT(*) FROM customers') customers" >&2

median() { sort -n | sed -n 3p; }

measure() {
  local jar=$1 name path times link form csrf rows
  serve "$jar"
  link=$(cli "$jar" console login-link --business "${ids[0]}" --port $port | tail -1)
  rm -f "$work/jar.txt"
  form=$(curl -s -c "$work/jar.txt" "$link")
  csrf=$(echo "$form" | sed -nE 's/.*name="_csrf" value="([^"]+)".*/\1/p' | head -1)
  curl -s -b "$work/jar.txt" -c "$work/jar.txt" -o /dev/null --data-urlencode "_csrf=$csrf" "$link"
  for name in search-newest search-2026 queue; do
    case $name in
      search-newest) path="/console/grants?q=" ;;
      search-2026) path="/console/grants?q=2026" ;;
      queue) path="/console/" ;;
    esac
    times=()
    for _ in 1 2 3 4 5; do
      times+=("$(curl -s -b "$work/jar.txt" -o "$work/page.html" -w '%{time_total}' "$base$path")")
    done
    rows=$(grep -o 'href="/console/grants/entg_[0-9A-Za-z]*"' "$work/page.html" | sort -u | wc -l || true)
    printf '%-7s A %-16s median %6.3f s  (%s grants on the page)\n' "$(basename "$jar" .jar)" "$name" \
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
    printf '%-7s %s %-16s median %6.3f s  (%s expired keys on the page; %s)\n' "$(basename "$jar" .jar)" "$tag" \
      "keys-expired" "$(printf '%s\n' "${times[@]}" | median)" "$rows" "${modes[$i]}"
    i=$((i + 1))
  done
  stop
}

measure "$before"
measure "$after"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
