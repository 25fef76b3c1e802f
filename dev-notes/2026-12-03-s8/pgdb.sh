#!/usr/bin/env bash
# A fresh database $1 on the local cluster (pg-local.sh's); prints the grantor options for it. Fails when the old one
# cannot be dropped: a server left running from an earlier run still holds it (that cost session 8 twenty minutes of
# measurements with a second relay working on the same outbox).
set -eu
su postgres -c "psql -q -v ON_ERROR_STOP=1 -c 'drop database if exists $1' -c 'create database $1'" >/dev/null
echo "--db-url jdbc:postgresql://localhost:5432/$1 --db-user postgres --db-password bench"
