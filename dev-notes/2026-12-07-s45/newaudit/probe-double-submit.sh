#!/bin/bash
# Concurrent double-submits of one console form (8 at once), then the audit entries and emails they left.
# SQL: the command that runs one query on the store (default sqlite3 on DATA_DIR/grantor.db; for PostgreSQL e.g.
# SQL="env PGPASSWORD=bench psql -h 127.0.0.1 -U postgres -d newaudit_probe -Atc")
# For PostgreSQL the console link needs GRANTOR_DB_URL, GRANTOR_DB_USER and GRANTOR_DB_PASSWORD in the environment.
# usage: probe-double-submit.sh PORT BUSINESS DATA_DIR JAR ENTITLEMENT GRANT_TO_REVOKE GRANT_TO_FULFILL
PORT=$1 B=$2 D=$3 JAR=$4 E=$5 G1=$6 G2=$7 J=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
SQL=${SQL:-"sqlite3 $D/grantor.db"}; U=http://127.0.0.1:$PORT; W=$(mktemp -d)
LINK=$($J -jar $JAR console login-link --business $B --data-dir $D --port $PORT 2>/dev/null | grep -o 'http://[^ ]*')
F=$(curl -s -c $W/jar "$LINK" | grep -o 'name="_csrf" value="[^"]*"' | head -1 | sed 's/.*value="//;s/"//')
curl -s -b $W/jar -c $W/jar --data-urlencode "_csrf=$F" "$LINK" -o /dev/null -w 'sign-in %{http_code}\n'
C=$(curl -s -b $W/jar $U/console/ | grep -o 'name="_csrf" value="[^"]*"' | head -1 | sed 's/.*value="//;s/"//')
burst() { # path, then form fields
  local path=$1; shift; local args=(); for f in "$@"; do args+=(--data-urlencode "$f"); done
  for i in 1 2 3 4 5 6 7 8; do (curl -s -b $W/jar -o $W/b.$i -D $W/h.$i "${args[@]}" --data-urlencode "_csrf=$C" \
      -H "Origin: $U" "$U/console$path"; echo "$(head -1 $W/h.$i | tr -d '\r') $(grep -i '^location' $W/h.$i | tr -d '\r')" > $W/r.$i) & done; wait
  cat $W/r.* | sort | uniq -c; rm -f $W/r.* $W/h.* $W/b.*
}
audit() { $SQL "select action, count(*) from audit_entries where subject like '%$1%' group by action"; }
echo "## revoke $G1 x8"; burst /grants/$G1/revoke reason=manual; audit $G1
echo "## fulfill $G2 with one key x8"; burst /grants/$G2/fulfill key=SAME-KEY-$RANDOM; audit $G2
sleep 2; echo "emails naming $G2: $(grep -l "$G2" $D/mail/* 2>/dev/null | wc -l)"
echo "## paste the same two keys into the pool x8"; P=$RANDOM
before=$($SQL "select count(*) from audit_entries where action like '%import%'")
burst /pools/$E/keys "keys=POOL-$P-A
POOL-$P-B"
echo "import entries added: $(( $($SQL "select count(*) from audit_entries where action like '%import%'") - before ))"
$SQL "select count(*) from pooled_keys where value like 'POOL-$P-%'" 2>/dev/null | sed 's/^/pooled keys stocked: /'
rm -rf $W
