#!/usr/bin/env bash
# How long V43 takes on a big outbox: a database migrated by the jar before it (MAIN_JAR), 200,000 outbox messages (sent,
# as a month of them is kept) and 200,000 grants of one customer and entitlement written by SQL, then the jar with V43
# (NEW_JAR) started once on it; Flyway's own record of V43's execution time.
# Usage: migration-time.sh MAIN_JAR NEW_JAR [ROWS]   env CLUSTER_PORT (5432)
set -eu
MAIN=$(readlink -f "$1"); NEW=$(readlink -f "$2"); ROWS=${3:-200000}; PORT=${CLUSTER_PORT:-5432}
psql_() { su postgres -c "psql -p $PORT -qAt -d $1 -c \"$2\""; }
J="$JAVA_HOME/bin/java"; dir=$(mktemp -d)
psql_ postgres "drop database if exists grantor_mig"; psql_ postgres "create database grantor_mig"
DB=(--db-url jdbc:postgresql://localhost:$PORT/grantor_mig --db-user postgres --db-password bench)
bus=$("$J" -jar "$MAIN" businesses create --name migtime --data-dir "$dir" "${DB[@]}" 2>/dev/null | tail -1)
su postgres -c "psql -p $PORT -qAt -d grantor_mig" <<SQL
insert into outbox (id, business_id, kind, topic, payload, created_at, attempts, next_attempt_at, status, finished_at)
  select 'obx_' || g, '$bus', 'EMAIL', 'email.license_key_delivery', repeat('x', 1500), g, 0, g, 'SENT', g
  from generate_series(1, $ROWS) g;
insert into customers (id, business_id, email, email_key, name, created_at, updated_at)
  values ('cus_mig', '$bus', 'm@example.com', 'm@example.com', null, 0, 0);
insert into entitlements (id, business_id, name, description, integration_type, integration_config, metadata, created_at, updated_at, deleted_at, version)
  values ('ent_mig', '$bus', 'M', null, 'license_key', '{}', '{}', 0, 0, null, 0);
insert into grants (id, business_id, brand_id, customer_id, entitlement_id, integration_type, payment_id, metadata, created_at, updated_at, status, ended_status, version)
  select 'entg_' || g, '$bus', (select default_brand_id from businesses where id = '$bus'), 'cus_mig', 'ent_mig', 'license_key', 'pay_' || g, '{}', g, g, 'Pending', 'Pending', 0
  from generate_series(1, $ROWS) g;
analyze;
SQL
echo "outbox: $(psql_ grantor_mig "select count(*) || ' rows, ' || pg_size_pretty(pg_total_relation_size('outbox'))  from outbox");" \
  "grants: $(psql_ grantor_mig "select count(*) || ' rows, ' || pg_size_pretty(pg_total_relation_size('grants')) from grants")"
start=$(date +%s.%N)
"$J" -jar "$NEW" businesses list --data-dir "$dir" "${DB[@]}" >/dev/null 2>&1 || "$J" -jar "$NEW" api-keys create --business "$bus" --data-dir "$dir" "${DB[@]}" >/dev/null 2>&1
end=$(date +%s.%N)
echo "the new jar's start, migrations and command: $(python3 -c "print(round($end - $start, 2))") s"
psql_ grantor_mig "select version || ' ' || description || ': ' || execution_time || ' ms' from flyway_schema_history where version::int > 40 order by installed_rank"
