#!/bin/bash
# Does a form post refused for its origin write anything? The SQLite store's whole dump is hashed before and after a
# round of refused posts (every POST route of both realms, with a live console session, the portal's and the console's
# form cookies and valid tokens), and the mail directory counted. usage: probe-refused-writes.sh PORT BUSINESS DATA_DIR JAR GRANT
PORT=$1 B=$2 D=$3 JAR=$4 G=$5 J=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}; U=http://127.0.0.1:$PORT; W=$(mktemp -d)
h() { sqlite3 $D/grantor.db .dump | sha256sum | cut -c1-16; }
tok() { grep -o 'name="_csrf" value="[^"]*"' | head -1 | sed 's/.*value="//;s/"//'; }
LINK=$($J -jar $JAR console login-link --business $B --data-dir $D --port $PORT 2>/dev/null | grep -o 'http://[^ ]*')
F=$(curl -s -c $W/cj "$LINK" | tok); curl -s -b $W/cj -c $W/cj --data-urlencode "_csrf=$F" "$LINK" -o /dev/null
C=$(curl -s -b $W/cj $U/console/ | tok)
LINK2=$($J -jar $JAR console login-link --business $B --data-dir $D --port $PORT 2>/dev/null | grep -o 'http://[^ ]*')
F2=$(curl -s -c $W/lj "$LINK2" | tok); P=$(curl -s -c $W/pj $U/portal/$B | tok)
CS=$(curl -s -c $W/sj $U/console/sign-in | tok)
sleep 2; before=$(h); mails=$(ls $D/mail 2>/dev/null | wc -l)
for o in "Origin: http://evil.example" "Origin: null" "Sec-Fetch-Site: same-site"; do
  for route in "cj $C /console/grants/$G/revoke reason=manual" "cj $C /console/grants/$G/resend x=1" "cj $C /console/sign-out x=1" \
               "lj $F2 ${LINK2#$U} x=1" "pj $P /portal/$B/code email=ada@example.com" "pj $P /portal/$B/sign-in code=123456" \
               "sj $CS /console/login email=owner@example.com" "cj $C /console/pools/x/keys keys=NEW-KEY-1"; do
    set -- $route
    printf '%-34s %-45s %s\n' "$o" "$3" "$(curl -s -b $W/$1 -H "$o" --data-urlencode "_csrf=$2" --data-urlencode "$4" -o /dev/null -w '%{http_code}' $U$3)"
  done
done
sleep 3; after=$(h)
echo "store before $before after $after; mail files before $mails after $(ls $D/mail 2>/dev/null | wc -l)"
echo "console session still works: $(curl -s -b $W/cj -o /dev/null -w '%{http_code}' $U/console/)  link still unused: $(curl -s -b $W/lj --data-urlencode "_csrf=$F2" -o /dev/null -w '%{http_code}' $LINK2)"
rm -rf $W
