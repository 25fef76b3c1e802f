#!/bin/bash
# Origin edge cases against a served jar's console sign-in link (no --public-url).
# usage: probe-origin.sh PORT BUSINESS DATA_DIR JAR ; prints status per variant.
# A refused post (403) leaves the link unused, so one link serves every refusal; a 303 consumes it, so a new one is minted.
PORT=$1 B=$2 D=$3 JAR=$4 J=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
W=$(mktemp -d)
mint() { LINK=$($J -jar $JAR console login-link --business $B --data-dir $D --port $PORT 2>/dev/null | grep -o 'http://[^ ]*'); P=${LINK#http://127.0.0.1:$PORT}
  rm -f $W/jar; CSRF=$(curl -s -c $W/jar "$LINK" | grep -o 'name="_csrf" value="[^"]*"' | head -1 | sed 's/.*value="//;s/"//')
  FORM=$(awk '$6 ~ /grantor_console_form/ {print $6"="$7}' $W/jar); }
try() { # name, then extra curl args
  local name=$1; shift
  # the form cookie goes as a header: curl matches its jar against a Host header set by hand
  local code=$(curl -s -o $W/body -D $W/head -w '%{http_code}' -H "Cookie: $FORM" "$@" --data-urlencode "_csrf=$CSRF" "http://127.0.0.1:$PORT$P")
  local why=other; grep -q 'sent from a page of another site' $W/body && why=origin-refusal
  grep -q 'security token is missing' $W/body && why=csrf-refusal; [ "$code" = 303 ] && why=signed-in
  printf '%-58s %s %-15s set-cookie:%s\n' "$name" "$code" "$why" "$(grep -ci '^set-cookie' $W/head)"
  [ "$code" = 303 ] && mint
}
mint
try "foreign Origin (control)" -H "Origin: http://evil.example"
try "Origin upper-case own" -H "Origin: HTTP://127.0.0.1:$PORT"
try "Origin own + trailing slash" -H "Origin: http://127.0.0.1:$PORT/"
try "Origin own + path" -H "Origin: http://127.0.0.1:$PORT/console"
try "Origin own without port" -H "Origin: http://127.0.0.1"
try "Origin own host, port 80" -H "Origin: http://127.0.0.1:80"
try "Origin https own" -H "Origin: https://127.0.0.1:$PORT"
try "Origin localhost" -H "Origin: http://localhost:$PORT"
try "Origin [::ffff:127.0.0.1]" -H "Origin: http://[::ffff:127.0.0.1]:$PORT"
try "Origin own host with trailing dot" -H "Origin: http://127.0.0.1.:$PORT"
try "two Origin: own then foreign" -H "Origin: http://127.0.0.1:$PORT" -H "Origin: http://evil.example"
try "two Origin: foreign then own" -H "Origin: http://evil.example" -H "Origin: http://127.0.0.1:$PORT"
try "Origin: own, foreign (one line)" -H "Origin: http://127.0.0.1:$PORT, http://evil.example"
try "Origin foreign, X-Forwarded-Host foreign" -H "Origin: http://evil.example" -H "X-Forwarded-Host: evil.example" -H "X-Forwarded-Proto: http" -H "X-Forwarded-Port: 80"
try "Origin foreign, Forwarded host foreign" -H "Origin: http://evil.example" -H "Forwarded: host=evil.example;proto=http"
try "Host foreign:port + matching Origin (rebinding)" -H "Host: evil.example:$PORT" -H "Origin: http://evil.example:$PORT"
try "Host own without port + Origin no port" -H "Host: 127.0.0.1" -H "Origin: http://127.0.0.1"
try "Host own w/ port 9 + Origin :9" -H "Host: 127.0.0.1:9" -H "Origin: http://127.0.0.1:9"
try "Host upper-case + Origin lower" -H "Host: LOCALHOST:$PORT" -H "Origin: http://localhost:$PORT"
try "Host trailing dot + Origin trailing dot" -H "Host: localhost.:$PORT" -H "Origin: http://localhost.:$PORT"
try "Host IPv6 + Origin IPv6" -H "Host: [::1]:$PORT" -H "Origin: http://[::1]:$PORT"
try "Host IPv6 + Origin IPv6 upper" -H "Host: [::FFFF:7F00:1]:$PORT" -H "Origin: http://[::ffff:7f00:1]:$PORT"
try "Sec-Fetch-Site: cross-site" -H "Sec-Fetch-Site: cross-site"
try "Sec-Fetch-Site: same-site" -H "Sec-Fetch-Site: same-site"
try "Sec-Fetch-Site: SAME-SITE" -H "Sec-Fetch-Site: SAME-SITE"
try "Sec-Fetch-Site: same-origin x2 then cross-site" -H "Sec-Fetch-Site: same-origin" -H "Sec-Fetch-Site: cross-site"
try "Sec-Fetch-Site: 'same-origin, cross-site'" -H "Sec-Fetch-Site: same-origin, cross-site"
try "Sec-Fetch-Site: empty" -H "Sec-Fetch-Site;"
try "Origin: empty" -H "Origin;"
try "Origin: null" -H "Origin: null"
try "Origin: NULL" -H "Origin: NULL"
try "X-HTTP-Method-Override on GET" -X GET -H "X-HTTP-Method-Override: POST" -H "Origin: http://evil.example"
try "_method=POST field, foreign" -H "Origin: http://evil.example" --data "_method=PUT"
try "PUT foreign" -X PUT -H "Origin: http://evil.example"
try "PATCH foreign" -X PATCH -H "Origin: http://evil.example"
try "Sec-Fetch-Site: Same-Origin (odd case, accepted=harmless)" -H "Sec-Fetch-Site: Same-Origin"
try "own Origin (control, accepted)" -H "Origin: http://127.0.0.1:$PORT" -H "Sec-Fetch-Site: same-origin"
rm -rf $W
