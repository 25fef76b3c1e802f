#!/usr/bin/env bash
# Session 38, helper "offline": the offline path probed against a running `grantor serve` over a real socket, and the
# verifier called as a customer's program calls it (Verify.java). Run from the repository root after a package build:
#   dev-notes/2026-12-06-s38/offline/probe.sh > probe.out 2>&1
# Each probe prints what was sent and what came back; findings.md says which line showed what.
set -uo pipefail
repo=$(pwd)
here=$repo/dev-notes/2026-12-06-s38/offline
export JAVA_HOME=${JAVA_HOME:-$(bin/find-jdk)}
PORT=${PORT:-18438}
work=$(mktemp -d /tmp/offline-probe.XXXX)
URL=http://127.0.0.1:$PORT
cli() { "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -jar bootstrap/target/grantor.jar "$@" --data-dir "$work/data"; }
verify() { "$JAVA_HOME/bin/java" -cp verifier/target/classes "$here/Verify.java" "$@"; }
say() { printf '\n### %s\n' "$*"; }
j() { curl -s -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' "$@"; }
jb() { curl -s -H "Authorization: Bearer $TOKEN_B" -H 'Content-Type: application/json' "$@"; }
pub() { curl -s -H 'Content-Type: application/json' "$@"; }
payload() { python3 -c 'import sys,base64; p=sys.argv[1][4:].split(".")[0]; print(base64.urlsafe_b64decode(p+"="*(-len(p)%4)).decode())' "$1"; }

BUS=$(cli businesses create --name "Acme Werkzeug GmbH" | tail -1)
BUS_B=$(cli businesses create --name "Rival Tools" | tail -1)
TOKEN=$(cli api-keys create --business "$BUS" 2>/dev/null)
TOKEN_B=$(cli api-keys create --business "$BUS_B" 2>/dev/null)
TOKEN_RO=$(cli api-keys create --business "$BUS" --read-only --name viewer 2>/dev/null)
KEK=$(head -c 32 /dev/urandom | base64)
GRANTOR_SIGNING_KEK=$KEK "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -jar bootstrap/target/grantor.jar serve \
  --data-dir "$work/data" --port "$PORT" --license-rate-limit 1000000 --rate-limit 1000000 > "$work/serve.log" 2>&1 &
SERVE=$!
trap 'kill $SERVE 2>/dev/null; wait $SERVE 2>/dev/null' EXIT
for _ in $(seq 1 120); do curl -s "$URL/health" > /dev/null && break; sleep 0.5; done
echo "business $BUS, rival $BUS_B, work dir $work"

say "S1 JWKS before any signing: empty list; unknown and malformed business ids 404"
curl -s -i "$URL/.well-known/grantor/keys/$BUS" | grep -i -E '^HTTP|^content-type|^cache|^\{'
curl -s -o /dev/null -w '%{http_code}\n' "$URL/.well-known/grantor/keys/bus_0000000000000000000000"
curl -s -o /dev/null -w '%{http_code}\n' "$URL/.well-known/grantor/keys/%E2%80%AEbus"

say "S2 signed only for auto: a manual signed entitlement is refused"
j -X POST "$URL/entitlements" -d '{"name":"Manual signed","integration_type":"license_key","integration_config":{"fulfillment_mode":"manual","key_format":"signed"}}'; echo
j -X POST "$URL/entitlements" -d '{"name":"Odd format","integration_type":"license_key","integration_config":{"fulfillment_mode":"auto","key_format":"SIGNED"}}'; echo

say "S2b a PATCH cannot make a signed entitlement manual while it stays signed"
ENT_P=$(j -X POST "$URL/entitlements" -d '{"name":"Patch me","integration_type":"license_key","integration_config":{"fulfillment_mode":"auto","key_format":"signed"}}' | jq -r .id)
j -X PATCH "$URL/entitlements/$ENT_P" -d '{"integration_config":{"fulfillment_mode":"manual","key_format":"signed"}}'; echo
j -X PATCH "$URL/entitlements/$ENT_P" -d '{"integration_config":{"fulfillment_mode":"manual"}}' | jq -c .integration_config

say "S3 a signed auto entitlement (limit 3, one year) and one without expiry or limit; a random one"
ENT=$(j -X POST "$URL/entitlements" -d '{"name":"Acme Pro ✓","integration_type":"license_key","integration_config":{"fulfillment_mode":"auto","key_format":"signed","activations_limit":3,"duration_count":1,"duration_interval":"Year"}}' | jq -r .id)
ENT_FREE=$(j -X POST "$URL/entitlements" -d '{"name":"Acme Lite","integration_type":"license_key","integration_config":{"fulfillment_mode":"auto","key_format":"signed"}}' | jq -r .id)
ENT_RANDOM=$(j -X POST "$URL/entitlements" -d '{"name":"Acme Random","integration_type":"license_key","integration_config":{"fulfillment_mode":"auto","activations_limit":2}}' | jq -r .id)
ENT_MANUAL=$(j -X POST "$URL/entitlements" -d '{"name":"Acme Manual","integration_type":"license_key","integration_config":{"fulfillment_mode":"manual"}}' | jq -r .id)
echo "$ENT $ENT_FREE $ENT_RANDOM $ENT_MANUAL"
issue() { j -X POST "$URL/entitlements/$1/grants" -d "{\"customer\":{\"email\":\"$2\",\"name\":\"Zoë Ünal\"},\"payment_id\":\"pay_$RANDOM$RANDOM\"}"; }
G1=$(issue "$ENT" zoe@example.com); echo "$G1" | jq -c '{status, license_key: (.license_key | {id, status, activations_limit, expires_at})}'
K1=$(echo "$G1" | jq -r .license_key.key); L1=$(echo "$G1" | jq -r .license_key.id)
echo "key: ${K1:0:60}... (${#K1} characters)"
echo "payload: $(payload "$K1")"
curl -s "$URL/.well-known/grantor/keys/$BUS" > "$work/jwks1.json"; cat "$work/jwks1.json"; echo
KID1=$(jq -r '.keys[0].kid' "$work/jwks1.json")
verify "$work/jwks1.json" key "$K1"
verify "$work/jwks1.json" key "  $K1 "
echo "online: $(pub -X POST "$URL/licenses/validate" -d "{\"license_key\":\"$K1\"}")"
G2=$(issue "$ENT_FREE" lite@example.com); K2=$(echo "$G2" | jq -r .license_key.key)
verify "$work/jwks1.json" key "$K2" 2099-01-01T00:00:00Z

IMP0=$(j -X POST "$URL/license_keys" -d "{\"customer_id\":\"$(echo "$G1" | jq -r .customer_id)\",\"product_id\":\"$ENT_MANUAL\",\"key\":\"IMPORTED-0001-ABCD\"}")
G6=$(issue "$ENT_RANDOM" revoked@example.com); K6=$(echo "$G6" | jq -r .license_key.key); GID6=$(echo "$G6" | jq -r .id)
j -X DELETE "$URL/entitlements/$ENT_RANDOM/grants/$GID6" > /dev/null

say "S4 the private key is stored wrapped under the KEK and appears in no answer nor the log"
sqlite3 "$work/data/grantor.db" "select kid, substr(sealed_private_key,1,12) from signing_keys" 2>/dev/null || ls "$work/data"
grep -c -i "pkcs8\|aes-256-gcm:" "$work/serve.log"

say "S5 expiry at the edges: valid the second before exp, expired at exp (exp floored from expires_at)"
EXP=$(echo "$G1" | jq -r .license_key.expires_at); echo "expires_at $EXP"
EXPSEC=$(payload "$K1" | jq .exp)
verify "$work/jwks1.json" key "$K1" "$(date -u -d @$((EXPSEC - 1)) +%FT%TZ)"
verify "$work/jwks1.json" key "$K1" "$(date -u -d @$EXPSEC +%FT%TZ)"

say "S6 a PATCH of limit or expiry changes online answers, not the signed key's payload (documented)"
j -X PATCH "$URL/license_keys/$L1" -d '{"activations_limit":1}' | jq -c '{activations_limit}'
verify "$work/jwks1.json" key "$K1"

say "S7 signing-key rotation: a new current key first in the JWKS, old keys still verify, new keys carry the new kid"
curl -s -o /dev/null -w 'read-only key: %{http_code}\n' -X POST -H "Authorization: Bearer $TOKEN_RO" "$URL/signing_keys/rotate"
ROT=$(j -X POST "$URL/signing_keys/rotate" -H 'Idempotency-Key: rot-1'); echo "$ROT"
ROT_AGAIN=$(j -X POST "$URL/signing_keys/rotate" -H 'Idempotency-Key: rot-1'); echo "same Idempotency-Key: $ROT_AGAIN"
KID2=$(echo "$ROT" | jq -r .kid)
curl -s "$URL/.well-known/grantor/keys/$BUS" > "$work/jwks2.json"; jq -c '[.keys[].kid]' "$work/jwks2.json"
verify "$work/jwks2.json" key "$K1"
G3=$(issue "$ENT" newer@example.com); K3=$(echo "$G3" | jq -r .license_key.key); L3=$(echo "$G3" | jq -r .license_key.id)
verify "$work/jwks2.json" key "$K3"
verify "$work/jwks1.json" key "$K3"

say "S8 a license key's rotation re-signs with the current signing key and the terms it has now; the old value stops at once"
R1=$(j -X POST "$URL/license_keys/$L1/rotate" -d '{}'); K1R=$(echo "$R1" | jq -r .key); echo "$R1" | jq -c '{id, status, activations_limit}'
verify "$work/jwks2.json" key "$K1R"
echo "old value online: $(pub -X POST "$URL/licenses/validate" -d "{\"license_key\":\"$K1\"}")"
echo "new value online: $(pub -X POST "$URL/licenses/validate" -d "{\"license_key\":\"$K1R\"}")"
echo "old value offline (still signed; offline cannot learn of a rotation): $(verify "$work/jwks2.json" key "$K1")"
sqlite3 "$work/data/grantor.db" "select license_key_id, value_sha256, replaced_by from license_key_past_values"
echo "sha256 of the old value: $(printf %s "$K1" | sha256sum | cut -c1-64)"
sleep 2; grep -h -i "^Subject" $(ls -t "$work"/data/mail/*.eml | head -1)

say "R1 rotation's rules: a revoked grant's key 409, a manual key without a value 400, reset_activations frees the seats"
j -X POST "$URL/license_keys/$(echo "$G6" | jq -r .license_key.id)/rotate" -d '{}'; echo
j -X POST "$URL/license_keys/$(echo "$IMP0" | jq -r .id)/rotate" -d '{}'; echo
j -X POST "$URL/license_keys/$L3/rotate" -d '{"key":"MY-OWN-VALUE-1234"}'; echo
pub -X POST "$URL/licenses/activate" -d "{\"license_key\":\"$K3\",\"name\":\"seat\"}" > /dev/null
j -X POST "$URL/license_keys/$L3/rotate" -d '{}' | jq -c '{instances_count}'
K3B=$(j -X POST "$URL/license_keys/$L3/rotate" -d '{"reset_activations":true}' | tee "$work/r3" | jq -r .key); jq -c '{instances_count}' "$work/r3"
K3=$K3B

say "S9 deleting signing keys: the current one 409, unknown and another business's 404, an old one 200 and gone"
j -s -i -X DELETE "$URL/signing_keys/$KID2" | grep -E '^HTTP|^\{'
j -s -i -X DELETE "$URL/signing_keys/sk_0000000000000000000000" | grep -E '^HTTP|^\{'
jb -s -i -X DELETE "$URL/signing_keys/$KID1" | grep -E '^HTTP|^\{'
j -s -i -X DELETE "$URL/signing_keys/$KID1" | grep -E '^HTTP|^content-length|^\{'
curl -s "$URL/.well-known/grantor/keys/$BUS" > "$work/jwks3.json"; jq -c '[.keys[].kid]' "$work/jwks3.json"
verify "$work/jwks3.json" key "$K2"
echo "online still: $(pub -X POST "$URL/licenses/validate" -d "{\"license_key\":\"$K2\"}")"

say "F1 check-out of a random key: text/plain, armor, lines of 64, header members, default TTL 30 days"
G4=$(issue "$ENT_RANDOM" random@example.com); K4=$(echo "$G4" | jq -r .license_key.key); L4=$(echo "$G4" | jq -r .license_key.id)
curl -s -D "$work/h" -o "$work/f4.lic" -H 'Content-Type: application/json' -X POST "$URL/licenses/check-out" -d "{\"license_key\":\" $K4 \"}"
grep -i -E '^HTTP|^content-type' "$work/h"; cat "$work/f4.lic"
awk 'NR>1 && !/-----/ {print length($0)}' "$work/f4.lic" | sort -u | tr '\n' ' '; echo
sed '1d;$d' "$work/f4.lic" | tr -d '\n' | base64 -d | jq -c '{alg, kid, enc: (.enc | split(".") | map(length)), sig: (.sig | length)}'
curl -s "$URL/.well-known/grantor/keys/$BUS" > "$work/jwks4.json"
verify "$work/jwks4.json" file "$work/f4.lic" "$K4"
verify "$work/jwks4.json" file "$work/f4.lic" "$K4" - "$(date -u -d '+29 days' +%FT%TZ)"
verify "$work/jwks4.json" file "$work/f4.lic" "$K4" - "$(date -u -d '+31 days' +%FT%TZ)"

say "F2 TTL bounds: 3599 and 31536001 refused, 3600 and 31536000 served; non-integers refused"
for t in 3599 3600 31536000 31536001 3600.5 '"3600"' null -1 1e4 9223372036854775808; do
  printf '%s -> ' "$t"; curl -s -o "$work/t" -w '%{http_code} ' -H 'Content-Type: application/json' -X POST "$URL/licenses/check-out" -d "{\"license_key\":\"$K4\",\"ttl_seconds\":$t}"; head -c 160 "$work/t" | grep -v BEGIN; echo
done

say "F3 bound to an instance (non-ASCII name): opens only with that instance id"
INST=$(pub -X POST "$URL/licenses/activate" -d "{\"license_key\":\"$K4\",\"name\":\"Zoës Laptop — 東京\"}" | jq -r .id); echo "$INST"
pub -X POST "$URL/licenses/check-out" -d "{\"license_key\":\"$K4\",\"license_key_instance_id\":\"$INST\",\"ttl_seconds\":3600}" > "$work/f5.lic"
verify "$work/jwks4.json" file "$work/f5.lic" "$K4" "$INST"
verify "$work/jwks4.json" file "$work/f5.lic" "$K4"
verify "$work/jwks4.json" file "$work/f5.lic" "$K4" lki_0000000000000000000000
verify "$work/jwks4.json" file "$work/f5.lic" "$K4" - "$(date -u -d '+1 hour' +%FT%TZ)"

say "F4 instance of another key, malformed instance id, unknown key: 404 (budget as /licenses/*)"
G5=$(issue "$ENT_RANDOM" other@example.com); K5=$(echo "$G5" | jq -r .license_key.key)
pub -i -X POST "$URL/licenses/check-out" -d "{\"license_key\":\"$K5\",\"license_key_instance_id\":\"$INST\"}" | grep -E '^HTTP|^\{'
pub -i -X POST "$URL/licenses/check-out" -d "{\"license_key\":\"$K5\",\"license_key_instance_id\":\"lki_ü\"}" | grep -E '^HTTP|^\{'
pub -i -X POST "$URL/licenses/check-out" -d '{"license_key":"NO-SUCH-KEY"}' | grep -E '^HTTP|^\{'
pub -i -X POST "$URL/licenses/check-out" -d '{}' | grep -E '^HTTP|^\{'

say "F5 disabled, expired and revoked keys get no file, with activation's errors"
j -X PATCH "$URL/license_keys/$L4" -d '{"disabled":true}' > /dev/null
echo "activate: $(pub -X POST "$URL/licenses/activate" -d "{\"license_key\":\"$K4\",\"name\":\"x\"}")"
echo "check-out: $(pub -X POST "$URL/licenses/check-out" -d "{\"license_key\":\"$K4\"}")"
j -X PATCH "$URL/license_keys/$L4" -d '{"disabled":false}' > /dev/null
echo "enabled again: $(pub -X POST "$URL/licenses/check-out" -d "{\"license_key\":\"$K4\"}" | head -1)"
echo "revoked, activate: $(pub -X POST "$URL/licenses/activate" -d "{\"license_key\":\"$K6\",\"name\":\"x\"}")"
echo "revoked, check-out: $(pub -X POST "$URL/licenses/check-out" -d "{\"license_key\":\"$K6\"}")"

say "F6 a file never outlives its key: a key expiring in 2 hours, a 30-day TTL"
IMP=$(j -X POST "$URL/license_keys" -d "{\"customer_id\":\"$(echo "$G4" | jq -r .customer_id)\",\"product_id\":\"$ENT_MANUAL\",\"key\":\"ÜBER-schlüssel-😀-2026\",\"expires_at\":\"$(date -u -d '+2 hours' +%FT%T.123Z)\"}")
echo "$IMP" | jq -c '{id, key, expires_at, source}'
pub -X POST "$URL/licenses/check-out" -d '{"license_key":"ÜBER-schlüssel-😀-2026"}' > "$work/f6.lic"
verify "$work/jwks4.json" file "$work/f6.lic" "ÜBER-schlüssel-😀-2026"
verify "$work/jwks4.json" file "$work/f6.lic" "ÜBER-schlüssel-😀-2026" - "$(date -u -d '+2 hours' +%FT%TZ)"

say "F7 a file is signed with the current signing key; after a rotation and the delete of its kid it is an unknown kid"
FKID=$(sed '1d;$d' "$work/f4.lic" | tr -d '\n' | base64 -d | jq -r .kid); echo "file kid $FKID, current $KID2"
ENT_B=$(jb -X POST "$URL/entitlements" -d '{"name":"Rival Pro","integration_type":"license_key","integration_config":{"fulfillment_mode":"auto","key_format":"signed"}}' | jq -r .id)
KB=$(jb -X POST "$URL/entitlements/$ENT_B/grants" -d '{"customer":{"email":"mallory@example.com"},"payment_id":"pay_rival"}' | jq -r .license_key.key)
curl -s "$URL/.well-known/grantor/keys/$BUS_B" > "$work/jwks-b.json"
pub -X POST "$URL/licenses/check-out" -d "{\"license_key\":\"$K3\"}" > "$work/f3.lic"
echo "file of a signed key: $(verify "$work/jwks3.json" file "$work/f3.lic" "$K3")"

say "A1 an attacker's tries against the verifier with what the server made"
"$JAVA_HOME/bin/java" -cp verifier/target/classes "$here/Attacks.java" "$work/jwks2.json" "$K3" "$work/f3.lic" "$K3" "$KB" "$work/jwks-b.json"

say "F8 after another rotation and the delete of the file's kid, the file is an unknown kid"
KID3=$(j -X POST "$URL/signing_keys/rotate" | jq -r .kid)
j -o /dev/null -w '%{http_code}\n' -X DELETE "$URL/signing_keys/$KID2"
curl -s "$URL/.well-known/grantor/keys/$BUS" > "$work/jwks5.json"; jq -c '[.keys[].kid]' "$work/jwks5.json"
verify "$work/jwks5.json" file "$work/f3.lic" "$K3"

say "serve's log: no private key, no full license key"
echo "full key in the log: $(grep -c -F "$K3" "$work/serve.log"), private key in the log: $(grep -c -i "BEGIN PRIVATE\|pkcs8:" "$work/serve.log")"
