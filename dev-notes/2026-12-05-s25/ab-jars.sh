#!/usr/bin/env bash
# Interleaved one.sh runs (session 10's: fulfill at C clients after the harness's warm-up, with the server's and
# PostgreSQL's CPU per fulfill) of several jars on PostgreSQL, a fresh database each: JARS as label=path, LEVELS, ROUNDS.
# Session 13's ab-jars.sh kept only one.sh's last line, which since session 14 is the io line; this keeps both.
cd /work
for round in ${ROUNDS:-1 2 3}; do
  for c in ${LEVELS:-16 1}; do
    n=$([ $c = 1 ] && echo 8000 || echo 18000)
    for v in $JARS; do
      PGPASSWORD=bench psql -q -h localhost -U postgres -c "drop database if exists grantor_http" -c "create database grantor_http" >/dev/null 2>&1
      N=$n C=$c bash main/dev-notes/2026-12-03-s10/one.sh ${v#*=} ${v%%=*} ${MODE:-disk} --db-url jdbc:postgresql://localhost:5432/grantor_http \
        --db-user postgres --db-password bench 2>/dev/null | tail -2 | sed "s/^/pg c=$c /"
    done
  done
done
