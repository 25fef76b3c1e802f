#!/usr/bin/env bash
# Times the lists of the seeded business over HTTP: the median of 5 loads of each (curl's time_total, seconds).
# Usage: measure.sh BASE_URL TOKEN BUSINESS_ID (ids of its entitlements and a customer are read with psql: PSQL_ARGS)
set -euo pipefail
base=$1 token=$2 bus=$3; shift 3
q() { psql "$@" -Atc "$sql"; }
sql="SELECT id FROM entitlements WHERE business_id = '$bus' AND name = 'e1'"; e1=$(q "$@")
sql="SELECT id FROM entitlements WHERE business_id = '$bus' AND name = 'e4'"; e4=$(q "$@")
sql="SELECT id FROM entitlements WHERE business_id = '$bus' AND name = 'e2'"; e2=$(q "$@")
sql="SELECT customer_id FROM grants WHERE business_id = '$bus' ORDER BY id LIMIT 1"; customer=$(q "$@")
median() { sort -n | sed -n 3p; }
time_of() {
  for _ in 1 2 3 4 5; do
    curl -s -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $token" "$base$1"
  done | median
}
for path in \
  "/grants?page_size=100" \
  "/grants?status=Failed&integration_type=discord&page_size=100" \
  "/entitlements/$e1/grants?status=Failed&page_size=100" \
  "/entitlements/$e4/grants?status=Pending&page_size=100" \
  "/grants?page_size=100&page_number=1979" \
  "/customers/$customer/entitlement-grants?status=Delivered" \
  "/license_keys?customer_id=$customer" \
  "/license_keys?source=import&page_size=100" \
  "/license_keys?source=manual&page_size=100" \
  "/license_keys?status=disabled&page_size=100" \
  "/license_keys?status=expired&page_size=100" \
  "/license_keys?status=active&page_size=100" \
  "/license_keys?page_size=100&page_number=1729" \
  "/license_key_instances?page_size=100" \
  "/customers?page_size=100" \
  "/entitlements/$e2/key-pool/keys?status=voided&page_size=100"; do
  printf '%s\t%s\n' "$(time_of "$path")" "$path"
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
