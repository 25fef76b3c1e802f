#!/usr/bin/env bash
# Makes a served PostgreSQL store ready for seed-postgres.sh: three businesses, an API key for the first (printed),
# its entitlements created through the API. Usage: setup-postgres.sh JAR JDBC_URL DB_USER PORT
set -euo pipefail
jar=$1 url=$2 user=$3 port=$4
java=${JAVA_HOME:?}/bin/java
db=(--db-url "$url" --db-user "$user")
first=$("$java" -jar "$jar" businesses create --name big "${db[@]}" 2>/dev/null | tail -1)
"$java" -jar "$jar" businesses create --name other1 "${db[@]}" >/dev/null 2>&1
"$java" -jar "$jar" businesses create --name other2 "${db[@]}" >/dev/null 2>&1
token=$("$java" -jar "$jar" api-keys create --business "$first" "${db[@]}" 2>/dev/null | tail -1)
"$java" -jar "$jar" serve --port "$port" --data-dir "$(mktemp -d)" "${db[@]}" --no-relay >/dev/null 2>&1 &
server=$!
until curl -sf "http://127.0.0.1:$port/health" >/dev/null; do sleep 1; done
for spec in 'e1 license_key {"fulfillment_mode":"auto"}' 'e2 license_key {"fulfillment_mode":"manual"}' \
            'e3 discord {"guild_id":"1","role_id":"2"}' 'e4 license_key {"fulfillment_mode":"auto"}' \
            'e5 feature_flag {"feature_id":"x","feature_type":"boolean"}'; do
  set -- $spec
  curl -sf -o /dev/null -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d "{\"name\":\"$1\",\"integration_type\":\"$2\",\"integration_config\":$3}" "http://127.0.0.1:$port/entitlements" \
    || echo "entitlement $1 refused" >&2
done
kill "$server"
echo "$token"
