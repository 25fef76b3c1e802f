#!/usr/bin/env bash
# interleaved one.sh runs of two jars on PostgreSQL (fresh database each): JARS as label=path, LEVELS, ROUNDS
cd /work
for round in ${ROUNDS:-1 2 3}; do
  for c in ${LEVELS:-16 1}; do
    n=$([ $c = 1 ] && echo 8000 || echo 18000)
    for v in $JARS; do
      PGPASSWORD=bench psql -q -h localhost -U postgres -c "drop database if exists grantor_http" -c "create database grantor_http" >/dev/null 2>&1
      N=$n C=$c bash main/dev-notes/2026-12-03-s10/one.sh ${v#*=} ${v%%=*} disk --db-url jdbc:postgresql://localhost:5432/grantor_http \
        --db-user postgres --db-password bench 2>&1 | tail -1 | sed "s/^/pg c=$c /"
    done
  done
done
