#!/usr/bin/env bash
# ab.sh: run.sh for JARS (label=path ...) interleaved, DBS (pg sqlite), ROUNDS rounds; lines appended to OUT.
here=$(cd "$(dirname "$0")" && pwd)
for round in ${ROUNDS:-1 2 3}; do
  for db in ${DBS:-pg sqlite}; do
    for v in $JARS; do
      bash "$here/run.sh" "${v#*=}" "${v%%=*}" "$db" 2>/dev/null | sed "s/^/r$round\t/" | tee -a "${OUT:-/dev/null}"
    done
  done
done
