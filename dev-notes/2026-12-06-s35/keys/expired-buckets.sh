#!/usr/bin/env bash
# A page of a business's expired keys three ways, on a copy of measure.sh's migrated store (not the served one):
#   expired-buckets.sh DB BUSINESS OFFSET   (the page is 100 keys from OFFSET; the instant is the script's start)
# "walk" is today's statement for many expired keys (license_keys_expiring_newest newest first, passing over the keys
# not yet expired), "byexpiry" reads every expired key through license_keys_by_expiry and sorts them, "buckets" merges,
# for each 30-day month of expiry from the business's earliest to now, that month's OFFSET + 100 newest expired keys
# through a trial index (created here if missing), and sorts only those. Prints a digest of each page (equal digests:
# the same keys in the same order), the median of 5 runs through the sqlite3 CLI (its start included) and the plan.
db=$1; H=$2; off=$3; now=$(date +%s)
sqlite3 "$db" "CREATE INDEX IF NOT EXISTS keys_by_expiry_month_newest ON license_keys (business_id, expires_at_second / 2592000, created_at DESC, id DESC) WHERE expires_at_second IS NOT NULL AND disabled_at IS NULL"
walk="SELECT id FROM license_keys WHERE business_id = '$H' AND disabled_at IS NULL AND expires_at_second IS NOT NULL AND (+expires_at_second < $now OR (+expires_at_second = $now AND expires_at_nano <= 0)) ORDER BY created_at DESC, id DESC LIMIT 100 OFFSET $off"
byexpiry="SELECT id FROM (SELECT id, created_at FROM license_keys INDEXED BY license_keys_by_expiry WHERE business_id = '$H' AND disabled_at IS NULL AND expires_at_second IS NOT NULL AND expires_at_second <= $now AND (expires_at_second < $now OR expires_at_nano <= 0)) ORDER BY created_at DESC, id DESC LIMIT 100 OFFSET $off"
buckets="WITH RECURSIVE b(m) AS (SELECT (SELECT expires_at_second FROM license_keys INDEXED BY license_keys_by_expiry WHERE business_id = '$H' AND expires_at_second IS NOT NULL AND disabled_at IS NULL ORDER BY expires_at_second LIMIT 1) / 2592000 UNION ALL SELECT m + 1 FROM b WHERE m < $now / 2592000) SELECT k.id FROM b JOIN license_keys k ON k.rowid IN (SELECT rowid FROM license_keys INDEXED BY keys_by_expiry_month_newest WHERE business_id = '$H' AND expires_at_second / 2592000 = b.m AND expires_at_second IS NOT NULL AND disabled_at IS NULL AND (expires_at_second < $now OR (expires_at_second = $now AND expires_at_nano <= 0)) ORDER BY created_at DESC, id DESC LIMIT $off + 100) ORDER BY k.created_at DESC, k.id DESC LIMIT 100 OFFSET $off"
for name in walk byexpiry buckets; do
  sql=${!name}
  sqlite3 "$db" "$sql" | md5sum | cut -c1-8 | tr '\n' ' '
  ts=()
  for _ in 1 2 3 4 5; do
    s=$(date +%s%N); sqlite3 "$db" "$sql" > /dev/null; ts+=($(( ($(date +%s%N) - s) / 1000000 )))
  done
  echo "$name offset $off: median $(printf '%s\n' "${ts[@]}" | sort -n | sed -n 3p) ms (runs ${ts[*]})"
done
sqlite3 "$db" "EXPLAIN QUERY PLAN $buckets" | sed 's/^/  /'
