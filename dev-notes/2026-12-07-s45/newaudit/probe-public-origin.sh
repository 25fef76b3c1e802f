#!/bin/bash
# Origin edge cases against a served jar started with --public-url "https://Licenses.Shop.Example:443/grantor/"
# (a TLS proxy's address with an explicit default port, a path, a trailing slash and upper case), curl on loopback
# as the proxy would speak. usage: probe-public-origin.sh PORT BUSINESS DATA_DIR JAR
PORT=$1 B=$2 D=$3 JAR=$4 J=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
W=$(mktemp -d)
mint() { LINK=$($J -jar $JAR console login-link --business $B --data-dir $D --public-url "https://Licenses.Shop.Example:443/grantor/" 2>/dev/null | grep -o 'https://[^ ]*')
  P=/console/${LINK#*/console/}
  curl -s -D $W/h "http://127.0.0.1:$PORT$P" -o $W/page; CSRF=$(grep -o 'name="_csrf" value="[^"]*"' $W/page | head -1 | sed 's/.*value="//;s/"//')
  FORM=$(grep -i '^set-cookie: __Host-grantor_console_form' $W/h | sed 's/^[^:]*: //;s/;.*//'); }
try() {
  local name=$1; shift
  local code=$(curl -s -o $W/body -D $W/head -w '%{http_code}' -H "Cookie: $FORM" "$@" --data-urlencode "_csrf=$CSRF" "http://127.0.0.1:$PORT$P")
  local why=other; grep -q 'sent from a page of another site' $W/body && why=origin-refusal
  grep -q 'security token is missing' $W/body && why=csrf-refusal; [ "$code" = 303 ] && why=signed-in
  printf '%-58s %s %-15s set-cookie:%s\n' "$name" "$code" "$why" "$(grep -ci '^set-cookie' $W/head)"
  [ "$code" = 303 ] && mint
}
mint
echo "form cookie: ${FORM%%=*}"
try "Origin public (control)" -H "Origin: https://licenses.shop.example" -H "Sec-Fetch-Site: same-origin"
try "Origin public with :443" -H "Origin: https://licenses.shop.example:443"
try "Origin public + /grantor path" -H "Origin: https://licenses.shop.example/grantor"
try "Origin http public" -H "Origin: http://licenses.shop.example"
try "Origin sibling" -H "Origin: https://blog.shop.example"
try "Origin proxy-side address" -H "Origin: http://127.0.0.1:$PORT"
try "Host public + Origin proxy-side" -H "Host: licenses.shop.example" -H "Origin: http://licenses.shop.example"
try "X-Forwarded-Host/Proto sibling + Origin sibling" -H "X-Forwarded-Host: blog.shop.example" -H "X-Forwarded-Proto: https" -H "Origin: https://blog.shop.example"
try "Origin public upper case" -H "Origin: HTTPS://LICENSES.SHOP.EXAMPLE"
try "no Origin, no Sec-Fetch-Site (left to the token)"
rm -rf $W
