#!/usr/bin/env bash
# GET /customers?name= at 50,000 customers (SQLite), before and after the one-call fold, served alternately on the same
# data: BEFORE_JAR AFTER_JAR DATA_DIR BUSINESS_ID API_KEY. Seeds 50,000 customers into the business first (sqlite3).
set -eu
before=$1 after=$2 data=$3 business=$4 key=$5 port=18391 B=http://localhost:18391
now=$(date +%s)
sqlite3 "$data/grantor.db" ".timeout 5000" "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 49999)
INSERT INTO customers (id, business_id, email, email_key, name, created_at, updated_at, phone_number, metadata)
SELECT 'cus_SA' || substr('0000000000000000000' || i, -19), '$business', 'Customer' || i || '@a.example.com',
 lower('customer' || i || '@a.example.com'), 'Customer ' || i || ' Smith', ($now - 94608000 + i) * 1000000000,
 ($now - 94608000 + i) * 1000000000, NULL, '{\"plan\":\"pro\"}' FROM n;"
run() {
  java -jar "$1" serve --data-dir "$data" --port $port --rate-limit 100000 > /dev/null 2>&1 & pid=$!
  until curl -s $B/health > /dev/null; do sleep 1; done
  for q in no-such-name "Customer%2049997%20"; do
    t=""; for i in 1 2 3 4 5 6 7 8 9; do
      t="$t $(curl -s -o /dev/null -w '%{time_total}' "$B/customers?name=$q&page_size=100" -H "Authorization: Bearer $key")"
    done
    echo "$2 $q median $(echo $t | tr ' ' '\n' | sort -n | sed -n 5p)"
  done
  kill $pid; wait $pid || true
}
run "$before" before; run "$after" after; run "$before" before; run "$after" after; uptime
