#!/usr/bin/env bash
# run.sh JAR LABEL pg|sqlite: one server; after a warm-up like compare.sh's (WARM_N grants, 1500), fulfill at 1 and 16
# clients and validate at 16 clients, SECS each; per phase the server's CPU ms per request (utime+stime of the java
# process / requests), on PostgreSQL also the CPU ms per request of the backends serving its database, wrk's line and
# the 1-minute load average. Session 35 ran it with SECS=5 N1=1200 N16=4000 (ab.sh).
# env: SECS (6), N1 (2500) and N16 (6000) grants prepared per fulfill phase, DBNAME (grantor_perf), JFR=DIR records a
# jdk.CPUTimeSample profile of each phase into DIR/LABEL-PHASE.jfr.
set -eu
JAR=$1; label=$2; db=$3
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java; here=/work/shared/bench; S=${SECS:-6}
dir=$(mktemp -d); port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
opts=()
if [ "$db" = pg ]; then
  d=${DBNAME:-grantor_perf}
  PGPASSWORD=bench psql -q -h localhost -U postgres -c "drop database if exists $d" -c "create database $d" >/dev/null 2>&1
  opts=(--db-url "jdbc:postgresql://localhost:5432/$d" --db-user postgres --db-password bench)
fi
bus=$("$J" -jar "$JAR" businesses create --name bench --data-dir "$dir" "${opts[@]}" 2>/dev/null | tail -1)
key=$("$J" -jar "$JAR" api-keys create --business "$bus" --data-dir "$dir" "${opts[@]}" 2>/dev/null | tail -1)
"$J" -jar "$JAR" serve --port "$port" --data-dir "$dir" --rate-limit 1000000 --license-rate-limit 1000000 "${opts[@]}" >"$dir/server.log" 2>&1 &
pid=$!; trap "kill $pid 2>/dev/null; rm -rf $dir" EXIT
for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$port/ready" >/dev/null 2>&1 && break; sleep 0.5; done
url="http://127.0.0.1:$port"
python3 "$here/prepare.py" "$url" "$key" ${WARM_N:-1500} > "$dir/warm.txt"
IDS="$dir/warm.txt" TOKEN=$key wrk -t1 -c16 -d5s -s "$here/fulfill.lua" "$url" >/dev/null
first=$(head -1 "$dir/warm.txt")
curl -fs -XPOST -H "Authorization: Bearer $key" -H "Content-Type: application/json" -d "{\"key\":\"WRK-$first\"}" "$url/grants/$first/license-key" >/dev/null
LICENSE_KEY="WRK-$first" wrk -t1 -c16 -d3s -s "$here/validate.lua" "$url/licenses/validate" >/dev/null
# the backends serving this database only: other helpers' databases and embedded servers share the name "postgres"
pgcpu() { local s=0 p; for p in $(pgrep -f "postgres ${DBNAME:-grantor_perf} "); do s=$((s+$(awk '{print $14+$15}' /proc/$p/stat 2>/dev/null || echo 0))); done; echo $s; }
phase() {  # name clients wrk-args...
  local name=$1 c=$2; shift 2
  sleep 1
  [ -n "${JFR:-}" ] && /usr/lib/jvm/temurin-25-jdk-amd64/bin/jcmd $pid JFR.start name=$name duration=${S}s filename=$JFR/$label-$name.jfr \
      jdk.CPUTimeSample#enabled=true jdk.CPUTimeSample#throttle=1ms >/dev/null
  local p0 c0 r p1 c1 n
  p0=$(pgcpu); c0=$(awk '{print $14+$15}' /proc/$pid/stat)
  r=$(wrk -t1 -c$c -d${S}s --latency "$@" | tee -a $dir/wrk.out | grep "^WRK"); grep -E "^[0-9]{3} " $dir/wrk.out >&2 || true; : > $dir/wrk.out
  p1=$(pgcpu); c1=$(awk '{print $14+$15}' /proc/$pid/stat)
  n=$(echo "$r" | sed 's/.*requests=\([0-9]*\).*/\1/')
  printf '%s\t%s\t%s\tc=%s\t%s\tload=%s\tcpu_ms=%s\tpg_ms=%s\n' "$label" "$db" "$name" "$c" "$(echo "$r" | cut -f2-)" \
    "$(cut -d' ' -f1 /proc/loadavg)" "$(python3 -c "print(round(($c1-$c0)*10/$n,3))")" \
    "$([ "$db" = pg ] && python3 -c "print(round(($p1-$p0)*10/$n,3))" || echo -)"
  [ -n "${JFR:-}" ] && sleep 2 || true
}
python3 "$here/prepare.py" "$url" "$key" ${N1:-2500} > "$dir/ids1.txt"
IDS="$dir/ids1.txt" TOKEN=$key phase fulfill1 1 -s "$here/fulfill.lua" "$url"
python3 "$here/prepare.py" "$url" "$key" ${N16:-6000} > "$dir/ids16.txt"
IDS="$dir/ids16.txt" TOKEN=$key phase fulfill16 16 -s "$here/fulfill.lua" "$url"
# wrk's first request is not always the first id: the key validated is one fulfilled here, the last grant prepared
last=$(tail -1 "$dir/ids16.txt")
curl -fs -XPOST -H "Authorization: Bearer $key" -H "Content-Type: application/json" -d "{\"key\":\"WRK-$last\"}" "$url/grants/$last/license-key" >/dev/null
LICENSE_KEY="WRK-$last" phase validate16 16 -s "${VLUA:-$(dirname "$0")/validate.lua}" "$url/licenses/validate"
