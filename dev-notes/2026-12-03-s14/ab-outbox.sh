#!/usr/bin/env bash
# ab-outbox.sh JAR [ROUNDS]: one.sh at C (default 16) clients on PostgreSQL, interleaved: the outbox as migrated ("base")
# against an outbox table changed by $EXPERIMENT (SQL run on the migrated database before the server starts).
# Prints one.sh's line and the outbox statements' execution time per fulfill (needs pg_stat_statements loaded).
set -eu
JAR=$1; rounds=${2:-2}
PG="--db-url jdbc:postgresql://localhost:5432/grantor_http --db-user postgres --db-password bench"
psqlc() { su postgres -c "psql -qAt -d ${2:-postgres} -c \"$1\""; }
for r in $(seq 1 "$rounds"); do
  for arm in base exp; do
    psqlc "drop database if exists grantor_http" ; psqlc "create database grantor_http"
    setup="su postgres -c \"psql -qAt -c 'select pg_stat_statements_reset()'\" >/dev/null"
    [ "$arm" = exp ] && setup="su postgres -c \"psql -qAt -d grantor_http -c \\\"$EXPERIMENT\\\"\" && $setup"
    line=$(AFTER_SETUP="$setup" C=${C:-16} bash /work/main/dev-notes/2026-12-03-s10/one.sh "$JAR" "$arm" disk $PG 2>/dev/null | tail -1)
    fulfills=$(psqlc "select count(*) from license_keys" grantor_http)
    ob=$(psqlc "select round(sum(total_exec_time)::numeric/$fulfills,4) from pg_stat_statements where query ilike '%outbox%' and query not ilike 'WITH fulfilled_key%'")
    fw=$(psqlc "select round(sum(total_exec_time)::numeric/$fulfills,4) from pg_stat_statements where query ilike 'WITH fulfilled_key%'")
    echo "$line	outbox_ms_per_fulfill=$ob	fulfill_write_ms=$fw"
  done
done
