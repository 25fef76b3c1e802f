#!/usr/bin/env bash
# wh.sh JAR pg|sqlite (TLS=1: the receiver speaks HTTPS): fulfill at C clients for SECS with one webhook endpoint (Receiver.java, answers 204 at once)
# registered after the grants are prepared; counts the outbox's and the webhook deliveries' pending rows every
# 5 s during the load and HOLD seconds after it. Output: /tmp/s20/wh-TAG-DB.out
set -eu
JAR=$(readlink -f "$1"); db=$2; C=${C:-16}; SECS=${SECS:-20}; N=${N:-30000}; HOLD=${HOLD:-20}
here=/work/shared/bench; J_HOME=/usr/lib/jvm/temurin-25-jdk-amd64; J=$J_HOME/bin/java; tag=${TAG:-x}; me=$(dirname $(readlink -f $0))
out=/tmp/s20/wh-$tag-$db.out; : > $out
freeport() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
dir=$(mktemp -d); port=$(freeport); rport=$(freeport)
if [ $db = pg ]; then
  PGPASSWORD=bench psql -q -h localhost -U postgres -c "drop database if exists grantor_http" -c "create database grantor_http" >/dev/null 2>&1
  opts="--db-url jdbc:postgresql://localhost:5432/grantor_http --db-user postgres --db-password bench"
  count() { PGPASSWORD=bench psql -h localhost -U postgres -d grantor_http -Atc "select (select count(*) from outbox where status='PENDING'), (select count(*) from webhook_deliveries where status='PENDING'), (select count(*) from webhook_deliveries where status='DELIVERED')" 2>/dev/null; }
else opts=""
  count() { sqlite3 -readonly $(ls $dir/*.db | head -1) "select (select count(*) from outbox where status='PENDING'), (select count(*) from webhook_deliveries where status='PENDING'), (select count(*) from webhook_deliveries where status='DELIVERED')" 2>&1 | tail -1; }
fi
scheme=http; ropts=""
if [ -n "${TLS:-}" ]; then  # a certificate for 127.0.0.1 made for this run, trusted by the server's JVM
  $J_HOME/bin/keytool -genkeypair -alias r -keyalg EC -groupname secp256r1 -dname CN=127.0.0.1 -ext SAN=ip:127.0.0.1 \
    -validity 2 -storetype PKCS12 -keystore $dir/r.p12 -storepass secret -keypass secret >/dev/null 2>&1
  $J_HOME/bin/keytool -exportcert -alias r -keystore $dir/r.p12 -storepass secret -file $dir/r.cer >/dev/null 2>&1
  $J_HOME/bin/keytool -importcert -noprompt -alias r -file $dir/r.cer -keystore $dir/trust.p12 -storetype PKCS12 -storepass secret >/dev/null 2>&1
  scheme=https; ropts="$dir/r.p12 secret"
  JOPTS="${JOPTS:-} -Djavax.net.ssl.trustStore=$dir/trust.p12 -Djavax.net.ssl.trustStorePassword=secret -Djavax.net.ssl.trustStoreType=PKCS12"
fi
$J $me/Receiver.java $rport $ropts > $dir/receiver.log 2>&1 & rpid=$!
bus=$($J -jar $JAR businesses create --name bench --data-dir $dir $opts 2>/dev/null | tail -1)
key=$($J -jar $JAR api-keys create --business $bus --data-dir $dir $opts 2>/dev/null | tail -1)
$J ${JOPTS:-} -jar $JAR serve --port $port --data-dir $dir --webhook-allow-private --rate-limit 1000000 --license-rate-limit 1000000 --license-failure-limit 1000000 --license-failure-limit-per-business 1000000 ${SERVE_OPTS:-} $opts > $dir/server.log 2>&1 &
pid=$!; trap 'kill $pid $rpid 2>/dev/null' EXIT
for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$port/ready" >/dev/null 2>&1 && break; sleep 0.5; done
python3 $here/prepare.py "http://127.0.0.1:$port" $key 2000 > $dir/warm.txt
IDS=$dir/warm.txt TOKEN=$key wrk -t1 -c16 -d5s -s $here/fulfill.lua "http://127.0.0.1:$port" >/dev/null
python3 $here/prepare.py "http://127.0.0.1:$port" $key $N > $dir/ids.txt
curl -fsS -o /dev/null -X POST -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
  -d "{\"url\":\"$scheme://127.0.0.1:$rport/hook\"}" "http://127.0.0.1:$port/webhooks"
sleep 3; [ -n "${BEFORE:-}" ] && bash -c "$BEFORE" _ $pid
(for i in $(seq 1 $(( (SECS + HOLD) / 5 ))); do sleep 5; echo "$(date -u +%T) outbox,webhooks pending,delivered=$(count) load=$(cut -d' ' -f1 /proc/loadavg)"; done >> $out) & cpid=$!
r=$(IDS=$dir/ids.txt TOKEN=$key wrk -t1 -c$C -d${SECS}s --latency -s $here/fulfill.lua "http://127.0.0.1:$port" | grep '^WRK')
wait $cpid
printf '%s %s-%s\tfulfill\t%s\t%s\tload=%s\n' "$(date +%T)" $tag $db $C "$r" "$(cut -d' ' -f1 /proc/loadavg)" | tee -a $out
cat $out; tail -3 $dir/receiver.log; grep -c WARN $dir/server.log || true
