#!/usr/bin/env bash
# Interleaved fulfills on SQLite, session 35's ab-sqlite.sh pattern over session 10's one.sh: JARS as label=path, each
# round and level runs every jar with keys that expire (KIND expiring: fulfill-expiring.lua) and without (KIND plain:
# the bench's fulfill.lua, as one.sh runs it). one.sh is used as it is but for the wrk script it names.
here="$(cd "$(dirname "$0")" && pwd)"
one=$(mktemp); trap 'rm -f "$one"' EXIT
sed 's#"\$here/fulfill.lua"#"${LUA:-$here/fulfill.lua}"#g' /work/main/dev-notes/2026-12-03-s10/one.sh > "$one"
for round in ${ROUNDS:-1 2 3}; do
  for c in ${LEVELS:-16 1}; do
    n=$([ $c = 1 ] && echo 6000 || echo 15000)
    for kind in ${KINDS:-expiring plain}; do
      lua=$([ $kind = expiring ] && echo "$here/fulfill-expiring.lua" || echo /work/shared/bench/fulfill.lua)
      for v in $JARS; do
        LUA=$lua N=$n C=$c bash "$one" ${v#*=} ${v%%=*} disk 2>/dev/null | tail -2 | sed "s/^/sqlite c=$c $kind /"
      done
    done
  done
done
