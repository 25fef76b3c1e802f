#!/usr/bin/env bash
# Seeds a served PostgreSQL store at the session's sizes: three businesses of 200,000 grants and 50,000 customers,
# a pool of 20,000 keys each. The first business needs its five entitlements made through the API first
# (see measure.sh), which the other two copy. Usage: seed-postgres.sh PSQL_ARGS... (e.g. -h host -p port -U user db)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
GRANTS=${GRANTS:-200000} CUSTOMERS=${CUSTOMERS:-50000} POOL_KEYS=${POOL_KEYS:-20000}
mapfile -t businesses < <(psql "$@" -Atc "SELECT id FROM businesses ORDER BY created_at, id")
src=${businesses[0]}
i=0
for bus in "${businesses[@]}"; do
  i=$((i + 1))
  psql "$@" -q -v bus="$bus" -v src="$src" -v tag="b$i" -v grants="$GRANTS" -v customers="$CUSTOMERS" \
    -v pool_keys="$POOL_KEYS" -f "$here/seed-postgres.sql"
done
psql "$@" -qc "VACUUM ANALYZE"
