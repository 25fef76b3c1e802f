#!/usr/bin/env bash
# phases.sh JAR DB(pg|sqlite): compare.sh's Grantor phases (warm-up, fulfill at LEVELS, validation at LEVELS),
# with DRAIN=1: wait until the outbox holds nothing pending before the validation levels. Prints lines like compare.sh's.
set -eu
JAR=$(readlink -f "$1"); db=$2; LEVELS=${LEVELS:-1 16 64}; SECS=${SECS:-6}; N=${N:-20000}
here=/work/shared/bench; J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java; tag=${TAG:-x}
dir=$(mktemp -d); port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
if [ $db = pg ]; then
  PGPASSWORD=bench psql -q -h localhost -U postgres -c "drop database if exists grantor_http" -c "create database grantor_http" >/dev/null 2>&1
  opts="--db-url jdbc:postgresql://localhost:5432/grantor_http --db-user postgres --db-password bench"
  pending() { PGPASSWORD=bench psql -qAt -h localhost -U postgres -d grantor_http -c "select count(*) from outbox where status='PENDING'"; }
else opts=""; pending() { sqlite3 "$dir/grantor.db" "select count(*) from outbox where status='PENDING'" 2>/dev/null || echo 1; }; fi
bus=$($J -jar $JAR businesses create --name bench --data-dir $dir $opts 2>/dev/null | tail -1)
key=$($J -jar $JAR api-keys create --business $bus --data-dir $dir $opts 2>/dev/null | tail -1)
[ -n "${AFTER_SETUP:-}" ] && bash -c "$AFTER_SETUP"
[ $db = pg ] && PGPASSWORD=bench psql -q -h localhost -U postgres -d grantor_http -c "create extension if not exists pg_stat_statements" >/dev/null 2>&1
claims() { [ $db = pg ] && PGPASSWORD=bench psql -qAt -h localhost -U postgres -d grantor_http -c "select 'claims='||calls||' ms_per_claim='||round((total_exec_time/calls)::numeric,2)||' claimed='||rows from pg_stat_statements where query like 'UPDATE outbox SET next_attempt_at%'" -c "select pg_stat_statements_reset()" | head -1; }
$J ${JOPTS:-} -jar $JAR serve --port $port --data-dir $dir --rate-limit 1000000 --license-rate-limit 1000000 --license-failure-limit 1000000 --license-failure-limit-per-business 1000000 ${SERVE_OPTS:-} $opts > $dir/server.log 2>&1 &
pid=$!; trap 'kill $pid 2>/dev/null' EXIT
for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$port/ready" >/dev/null 2>&1 && break; sleep 0.5; done
python3 $here/prepare.py "http://127.0.0.1:$port" $key 2000 > $dir/warm.txt
IDS=$dir/warm.txt TOKEN=$key wrk -t1 -c16 -d5s -s $here/fulfill.lua "http://127.0.0.1:$port" >/dev/null
for c in ${FLEVELS:-$LEVELS}; do
  python3 $here/prepare.py "http://127.0.0.1:$port" $key $N > $dir/ids-$c.txt; sleep 2
  claims >/dev/null 2>&1 || true
  r=$(IDS=$dir/ids-$c.txt TOKEN=$key wrk -t1 -c$c -d${SECS}s --latency -s $here/fulfill.lua "http://127.0.0.1:$port" | grep '^WRK')
  printf '%s %s-%s\tfulfill\t%s\t%s\tload=%s pending_after=%s\n' "$(date +%T)" $tag $db $c "$r" "$(cut -d' ' -f1 /proc/loadavg)" "$(pending) $(claims)"
done
if [ -n "${DRAIN:-}" ]; then for _ in $(seq 1 120); do [ "$(pending)" = 0 ] && break; sleep 0.5; done; fi
lk="WRK-$(head -1 $dir/ids-$(echo ${FLEVELS:-$LEVELS} | awk '{print $1}').txt)"
for c in $LEVELS; do
  r=$(LICENSE_KEY=$lk wrk -t1 -c$c -d${SECS}s --latency -s $here/validate.lua "http://127.0.0.1:$port/licenses/validate" | grep '^WRK')
  printf '%s %s-%s\tvalidate\t%s\t%s\tload=%s pending_after=%s\n' "$(date +%T)" $tag $db $c "$r" "$(cut -d' ' -f1 /proc/loadavg)" "$(pending)"
done
