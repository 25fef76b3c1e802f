#!/usr/bin/env bash
# Interleaved one.sh runs on SQLite (session 10's fulfill at C clients with server CPU per fulfill), JARS as label=path.
for round in ${ROUNDS:-1 2 3}; do
  for c in ${LEVELS:-16 1}; do
    n=$([ $c = 1 ] && echo 6000 || echo 15000)
    for v in $JARS; do
      N=$n C=$c bash /work/main/dev-notes/2026-12-03-s10/one.sh ${v#*=} ${v%%=*} disk 2>/dev/null | tail -2 | sed "s/^/sqlite c=$c /"
    done
  done
done
