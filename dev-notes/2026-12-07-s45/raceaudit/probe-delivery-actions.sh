#!/bin/bash
# N identical console posts at once of Send now, Requeue (an outbox email) and Retry this delivery (a webhook delivery),
# and a cross race of Send now and Requeue of one email, on a served jar; each race's answers, the audit entries it
# added and the row it left. The rows are put in the state each action acts on by SQL (a failed attempt's retry time an
# hour away; parked; a failed delivery), as the relay would leave them; the races run on a jar served with --no-relay.
# usage: probe-delivery-actions.sh JAR DB (sqlite|pg) [N=12] [ROUNDS=3]   (pg: a scratch database raceaudit_probe, dropped at the end)
JAR=$(readlink -f "$1") DB=$2 N=${3:-12} ROUNDS=${4:-3} J=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
D=$(mktemp -d); W=$D/w; mkdir $W; PORT=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
if [ "$DB" = pg ]; then
  export PGPASSWORD=bench; P="psql -qAt -h localhost -U postgres"; $P -c "drop database if exists raceaudit_probe" -c "create database raceaudit_probe" >/dev/null
  export GRANTOR_DB_URL=jdbc:postgresql://localhost:5432/raceaudit_probe GRANTOR_DB_USER=postgres GRANTOR_DB_PASSWORD=bench
  SQL="$P -d raceaudit_probe -c"
else SQL="sqlite3 $D/grantor.db"; fi
B=$($J -jar $JAR businesses create --name race --data-dir $D 2>/dev/null | tail -1)
K=$($J -jar $JAR api-keys create --business $B --data-dir $D 2>/dev/null | tail -1)
$J -jar $JAR serve --port $PORT --data-dir $D --webhook-allow-private > $D/server.log 2>&1 & PID=$!
for _ in $(seq 120); do curl -fs http://127.0.0.1:$PORT/ready >/dev/null && break; sleep 0.5; done
U=http://127.0.0.1:$PORT; api() { curl -s -X POST $U$1 -H "Authorization: Bearer $K" -H 'Content-Type: application/json' -d "$2"; }
id() { python3 -c 'import sys,json;print(json.load(sys.stdin)["id"])'; }
E=$(api /entitlements '{"name":"race","integration_type":"license_key","integration_config":{"fulfillment_mode":"manual"}}' | id)
WH=$(api /webhooks '{"url":"http://127.0.0.1:9/hook"}' | id)
G=$(api /entitlements/$E/grants '{"customer":{"email":"ada@example.com"}}' | id)
api /grants/$G/license-key '{"key":"RACE-KEY-0001-ABCD"}' >/dev/null
LINK=$($J -jar $JAR console login-link --business $B --data-dir $D --port $PORT 2>/dev/null | grep -o 'http://[^ ]*')
tok() { grep -o 'name="_csrf" value="[^"]*"' | head -1 | sed 's/.*value="//;s/"//'; }
F=$(curl -s -c $W/cj "$LINK" | tok); curl -s -b $W/cj -c $W/cj --data-urlencode "_csrf=$F" "$LINK" -o /dev/null
C=$(curl -s -b $W/cj $U/console/ | tok)
for _ in $(seq 60); do DL=$($SQL "select id from webhook_deliveries where attempts > 0 limit 1"); [ -n "$DL" ] && break; sleep 0.5; done
for _ in $(seq 60); do M=$($SQL "select id from outbox where kind='EMAIL' and status='SENT' limit 1"); [ -n "$M" ] && break; sleep 0.5; done
# the races run with no relay, so that no attempt changes a row between the clicks
kill $PID; wait $PID 2>/dev/null; $J -jar $JAR serve --port $PORT --data-dir $D --no-relay > $D/server2.log 2>&1 & PID=$!
for _ in $(seq 120); do curl -fs $U/ready >/dev/null && break; sleep 0.5; done
echo "db=$DB n=$N business=$B grant=$G email=$M webhook=$WH delivery=$DL"
later=$(( ($(date +%s) + 3600) * 1000000000 ))
waiting() { $SQL "update outbox set status='PENDING', attempts=1, next_attempt_at=$later, claimed_until=null, finished_at=null where id='$M'" >/dev/null; }
parked() { $SQL "update outbox set status='PARKED', attempts=5, finished_at=next_attempt_at where id='$M'" >/dev/null; }
entries() { $SQL "select count(*) from audit_entries where action='$1'"; }
burst() { # N posts, each "path" from the arguments in turn
  local paths=("$@") i=0 pids=(); for i in $(seq $N); do p=${paths[$(( (i - 1) % ${#paths[@]} ))]}
    (curl -s -b $W/cj -o $W/b.$i -w "%{http_code} ${p##*/} %{redirect_url}\n" --data-urlencode "_csrf=$C" -H "Origin: $U" $U/console$p > $W/r.$i) & pids+=($!); done; wait "${pids[@]}"
  cat $W/r.* | sed "s#$U##" | sort | uniq -c | sed 's/^/   /'; for f in $W/b.*; do grep -o 'There is no such[^<]*' $f; done | sort | uniq -c | sed 's/^/    page: /'; rm -f $W/r.* $W/b.*
}
row() { $SQL "select status, attempts, 'due in ' || ((next_attempt_at - $(date +%s%N)) / 1000000) || ' ms' from $1 where id='$2'"; }
for r in $(seq $ROUNDS); do
  echo "## round $r: send now x$N (waiting for its retry)"; waiting; a=$(entries 'sent an email now')
  burst /outbox/$M/send-now; echo "   entries +$(( $(entries 'sent an email now') - a )); row $(row outbox $M)"
  echo "## round $r: requeue x$N (parked)"; parked; a=$(entries 'requeued an email')
  burst /outbox/$M/requeue; echo "   entries +$(( $(entries 'requeued an email') - a )); row $(row outbox $M)"
  echo "## round $r: cross, parked: requeue and send now x$N alternating"; parked; a=$(entries 'requeued an email'); s=$(entries 'sent an email now')
  burst /outbox/$M/requeue /outbox/$M/send-now; echo "   requeue entries +$(( $(entries 'requeued an email') - a )), send-now entries +$(( $(entries 'sent an email now') - s )); row $(row outbox $M)"
  echo "## round $r: cross, waiting: requeue and send now x$N alternating"; waiting; a=$(entries 'requeued an email'); s=$(entries 'sent an email now')
  burst /outbox/$M/requeue /outbox/$M/send-now; echo "   requeue entries +$(( $(entries 'requeued an email') - a )), send-now entries +$(( $(entries 'sent an email now') - s )); row $(row outbox $M)"
  echo "## round $r: retry delivery x$N (waiting for its retry)"; $SQL "update webhook_deliveries set status='PENDING', next_attempt_at=$later, claimed_until=null where id='$DL'" >/dev/null
  a=$(entries 'retried a webhook delivery'); burst /webhooks/$WH/deliveries/$DL/retry
  echo "   entries +$(( $(entries 'retried a webhook delivery') - a )); row $(row webhook_deliveries $DL)"
  echo "## round $r: retry delivery x$N (failed)"; $SQL "update webhook_deliveries set status='FAILED', next_attempt_at=$later, claimed_until=null where id='$DL'" >/dev/null
  a=$(entries 'retried a webhook delivery'); burst /webhooks/$WH/deliveries/$DL/retry
  echo "   entries +$(( $(entries 'retried a webhook delivery') - a )); row $(row webhook_deliveries $DL)"
done
kill $PID; wait $PID 2>/dev/null; [ "$DB" = pg ] && $P -c "drop database raceaudit_probe"; rm -rf $D
