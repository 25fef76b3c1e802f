#!/bin/bash
# Attempts on the sealed portal-session route of a served jar (SQLite). usage: probe-seal.sh PORT API_KEY CUSTOMER DATA_DIR
PORT=$1 TOKEN=$2 CUS=$3 D=$4; U=http://127.0.0.1:$PORT; H="Authorization: Bearer $TOKEN"
R="$U/customers/$CUS/customer-portal/session"
post() { curl -s -X POST -H "$H" "$@"; echo; }
K=k-$RANDOM$RANDOM
echo "## replay, query order and encoding (key $K)"
A=$(post -H "Idempotency-Key: $K" "$R?send_email=false&return_url=https://shop.example/a/b")
echo "first:     $A"
echo "same:      $(post -H "Idempotency-Key: $K" "$R?send_email=false&return_url=https://shop.example/a/b")"
echo "reordered: $(post -H "Idempotency-Key: $K" "$R?return_url=https://shop.example/a/b&send_email=false")"
echo "%2F:       $(post -H "Idempotency-Key: $K" "$R?send_email=false&return_url=https:%2F%2Fshop.example%2Fa%2Fb")"
echo "path %75s: $(post -H "Idempotency-Key: $K" "$U/c%75stomers/$CUS/customer-portal/session?send_email=false&return_url=https://shop.example/a/b")"
echo "## odd keys"
for k in $'\xc2\xa7sealed:abc' $'caf\xc3\xa9' $'\xa7x' "$(printf 'x%.0s' $(seq 256))" "$(printf 'y%.0s' $(seq 255))" ' lead' 'tab	in'; do
  printf '%-14s ' "$(echo -n "$k" | head -c 12 | od -An -c | tr -s ' ' | head -c 40)"; post -o /dev/null -w '%{http_code}' -H "Idempotency-Key: $k" "$R" ; done
echo "## the stored row (every column) for key $K"
sqlite3 $D/grantor.db "select * from idempotency_records where idempotency_key like '%sealed%' order by rowid desc limit 1" | cut -c1-400
echo "## concurrent first requests, one key, 8 at once"
K2=c-$RANDOM$RANDOM; B0=$(sqlite3 $D/grantor.db "select count(*) from portal_sign_in_links")
for i in 1 2 3 4 5 6 7 8; do (post -H "Idempotency-Key: $K2" "$R" > /tmp/seal-conc.$i) & done; wait
sort /tmp/seal-conc.* | uniq -c | cut -c1-160; rm -f /tmp/seal-conc.*
echo "links minted: $(( $(sqlite3 $D/grantor.db "select count(*) from portal_sign_in_links") - B0 ))"
