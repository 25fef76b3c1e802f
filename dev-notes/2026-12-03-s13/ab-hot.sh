#!/usr/bin/env bash
# Upper bound of a HOT-able grants update on PostgreSQL: the same jar, with (base) and without (hot) the two indexes
# that hold grants.status, and grants' fillfactor at 70 so an update finds room on its page. Interleaved one.sh runs.
cd /work
Q="PGPASSWORD=bench psql -q -h localhost -U postgres -d grantor_http"
HOT="$Q -c 'DROP INDEX grants_by_status_newest' -c 'DROP INDEX grants_pending_oldest' -c 'ALTER TABLE grants SET (fillfactor = 70)'"
for round in ${ROUNDS:-1 2}; do
  for c in ${LEVELS:-1 16}; do
    n=$([ $c = 1 ] && echo 8000 || echo 18000)
    for v in ${VARIANTS:-base hot}; do
      hook=""; [ $v = hot ] && hook=$HOT
      PGPASSWORD=bench psql -q -h localhost -U postgres -c "drop database if exists grantor_http" -c "create database grantor_http" >/dev/null 2>&1
      AFTER_SETUP="$hook" N=$n C=$c bash main/dev-notes/2026-12-03-s10/one.sh ${JAR:-main/bootstrap/target/grantor.jar} $v disk \
        --db-url jdbc:postgresql://localhost:5432/grantor_http --db-user postgres --db-password bench 2>&1 | tail -1 | sed "s/^/pg c=$c /"
      [ $v = hot ] && PGPASSWORD=bench psql -h localhost -U postgres -d grantor_http -Atc "select 'hot_updates', n_tup_upd, n_tup_hot_upd from pg_stat_user_tables where relname='grants'"
    done
  done
done
