#!/usr/bin/env bash
# interleaved one.sh runs of one JAR under JVM option variants: VARIANTS as label=opts (opts with , for spaces)
cd /work
for round in ${ROUNDS:-1 2}; do
 for db in ${DBS:-pg sqlite}; do
  for c in ${LEVELS:-1 16}; do
   n=$([ $c = 1 ] && echo 8000 || echo 18000)
   for v in $VARIANTS; do
    label=${v%%=*}; opts=$(echo "${v#*=}" | tr ',' ' ')
    jar=${JAR:-/work/grantor-s12-exp.jar}; case $label in base*) jar=${BASEJAR:-$jar};; esac
    if [ $db = pg ]; then
      PGPASSWORD=bench psql -q -h localhost -U postgres -c "drop database if exists grantor_http" -c "create database grantor_http" >/dev/null 2>&1
      N=$n JOPTS="$opts" C=$c bash main/dev-notes/2026-12-03-s10/one.sh $jar $label disk --db-url jdbc:postgresql://localhost:5432/grantor_http --db-user postgres --db-password bench 2>&1 | tail -1 | sed "s/^/$db c=$c /"
    else
      N=$n JOPTS="$opts" C=$c bash main/dev-notes/2026-12-03-s10/one.sh $jar $label disk 2>&1 | tail -1 | sed "s/^/$db c=$c /"
    fi
   done
  done
 done
done
