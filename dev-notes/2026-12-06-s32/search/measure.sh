#!/usr/bin/env bash
# The console's grant and customer searches on a served SQLite store at a merchant's size, timed before and after:
#   measure.sh BEFORE_JAR AFTER_JAR WORK_DIR [CUSTOMERS GRANTS]
# Seeds three businesses (CUSTOMERS customers and GRANTS license-key grants each, default 50,000 and 200,000) with
# BEFORE_JAR's schema, times each search with BEFORE_JAR (median of 5, curl's time_total), then serves the same data
# with AFTER_JAR (which migrates it) and times them again. Prints one line per search and jar, and the load average.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
before=$1; after=$2; work=$3; customers=${4:-50000}; grants=${5:-200000}
java="$("$here/../../../bin/find-jdk")/bin/java"
data="$work/data"; rm -rf "$work"; mkdir -p "$data"
cli() { "$java" -jar "$1" "${@:2}" --data-dir "$data" 2>/dev/null; }
port=18642; base="http://127.0.0.1:$port"

serve() {
  "$java" -jar "$1" serve --data-dir "$data" --port $port --rate-limit 100000 > "$work/serve.log" 2>&1 &
  server=$!
  for _ in $(seq 1 600); do curl -sf "$base/health" > /dev/null 2>&1 && return; sleep 1; done
  echo "the server did not start" >&2; exit 1
}
stop() { kill "$server"; wait "$server" || true; server=""; }
server=""; trap '[ -z "$server" ] || kill "$server"' EXIT

# businesses, an API key and a manual license-key entitlement each, made through the product
ids=(); ents=()
for tag in A B C; do
  b=$(cli "$before" businesses create --name "Merchant $tag")
  ids+=("$b")
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
i=0
for tag in A B C; do
  "$here/seed.sql.sh" "${ids[$i]}" "${ents[$i]}" "$customers" "$grants" "$tag" | sqlite3 "$db"
  i=$((i + 1))
done
echo "seeded: $(sqlite3 "$db" 'SELECT COUNT(*) FROM grants') grants, $(sqlite3 "$db" 'SELECT COUNT(*) FROM customers') customers" >&2

old=$((grants / 5 + 1))   # a grant from well before the newest 1,000 (delivered: not a 50th): its payment, key and customer
value=$(sqlite3 "$db" "SELECT value FROM license_keys WHERE grant_id = 'entg_SA$(printf '%019d' $old)'")
customer_of_old="customer$((old % customers))@a.example.com"
declare -A searches=(
  [grants-by-payment]="/console/grants?q=pay_A$old"
  [grants-by-key-ending]="/console/grants?q=${value: -7}"
  [grants-by-email]="/console/grants?q=$customer_of_old"
  [grants-newest]="/console/grants?q="
  [grants-delivered]="/console/grants?q=&status=delivered"
  [customers-by-email]="/console/customers?q=$customer_of_old"
)

measure() {
  local jar=$1
  serve "$jar"
  local link form cookie
  link=$(cli "$jar" console login-link --business "${ids[0]}" --port $port | tail -1)
  rm -f "$work/jar.txt"
  form=$(curl -s -c "$work/jar.txt" "$link")
  csrf=$(echo "$form" | sed -nE 's/.*name="_csrf" value="([^"]+)".*/\1/p' | head -1)
  curl -s -b "$work/jar.txt" -c "$work/jar.txt" -o /dev/null --data-urlencode "_csrf=$csrf" "$link"
  for name in $(echo "${!searches[@]}" | tr ' ' '\n' | sort); do
    local path=${searches[$name]} times=() found
    for _ in 1 2 3 4 5; do
      times+=("$(curl -s -b "$work/jar.txt" -o "$work/page.html" -w '%{time_total}' "$base$path")")
    done
    found=$(grep -o 'href="/console/grants/entg_[0-9A-Za-z]*"\|href="/console/customers/cus_[0-9A-Za-z]*"' "$work/page.html" | wc -l || true)
    grep -q "entg_SA$(printf '%019d' $old)\|customer$((old % customers))@" "$work/page.html" && hit=found || hit=missed
    printf '%-7s %-22s median %6.3f s  (%s rows; the old grant/customer %s)\n' "$(basename "$jar" .jar)" "$name" \
      "$(printf '%s\n' "${times[@]}" | sort -n | sed -n 3p)" "$found" "$hit"
  done
  # the REST customer list by a part of the name: a bounded scan of the business's customers (LIKE '%x%')
  key=$(cli "$jar" api-keys create --business "${ids[0]}")
  for q in "name=Customer%20$((customers - 3))%20" "name=no-such-name"; do
    local times=()
    for _ in 1 2 3 4 5; do
      times+=("$(curl -s -H "Authorization: Bearer $key" -o /dev/null -w '%{time_total}' "$base/customers?$q&page_size=100")")
    done
    printf '%-7s %-22s median %6.3f s\n' "$(basename "$jar" .jar)" "customers-$q" "$(printf '%s\n' "${times[@]}" | sort -n | sed -n 3p)"
  done
  stop
}

measure "$before"
measure "$after"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
