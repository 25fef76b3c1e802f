#!/bin/bash
# An operator's double click on Fulfill, 8 copies at once, ROUNDS times, on a served jar; prints each round's answers
# and the refusal page's text. usage: probe-fulfill-click.sh PORT BUSINESS DATA_DIR JAR ENTITLEMENT(manual, no pool) API_KEY
# (for PostgreSQL, GRANTOR_DB_URL / _USER / _PASSWORD in the environment, for the console link)
PORT=$1 B=$2 D=$3 JAR=$4 E=$5 TOKEN=$6 J=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}; U=http://127.0.0.1:$PORT; W=$(mktemp -d)
LINK=$($J -jar $JAR console login-link --business $B --data-dir $D --port $PORT 2>/dev/null | grep -o 'http://[^ ]*')
F=$(curl -s -c $W/cj "$LINK" | grep -o 'name="_csrf" value="[^"]*"' | head -1 | sed 's/.*value="//;s/"//')
curl -s -b $W/cj -c $W/cj --data-urlencode "_csrf=$F" "$LINK" -o /dev/null
C=$(curl -s -b $W/cj $U/console/ | grep -o 'name="_csrf" value="[^"]*"' | head -1 | sed 's/.*value="//;s/"//')
for r in $(seq ${ROUNDS:-4}); do
  G=$(curl -s -X POST $U/entitlements/$E/grants -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
      -d '{"customer":{"email":"dd@example.com"}}' | python3 -c 'import sys,json;print(json.load(sys.stdin)["id"])')
  K="CLICK-$RANDOM-$RANDOM"; echo "round $r ($G)"
  for i in $(seq 8); do (curl -s -b $W/cj --data-urlencode "_csrf=$C" --data-urlencode "key=$K" -o $W/body.$i \
      -w "%{http_code} %{redirect_url}\n" $U/console/grants/$G/fulfill) & done | sort | uniq -c; wait
  for i in $(seq 8); do grep -q 'already in use' $W/body.$i && { echo "  refusal page: ...$(grep -o '[^>]*already in use' $W/body.$i | head -1)"; break; }; done
done
rm -rf $W
