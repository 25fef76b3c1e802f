#!/usr/bin/env bash
# A/B of grantor bench (HTTP fulfill, SQLite unless EXTRA gives --db-url) with server CPU per request.
# ORDER="jar:label ..." LEVELS="1 16" GRANTS=3000
set -eu
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
TCK=$(getconf CLK_TCK)
cpu() { awk '{print $14+$15}' /proc/$1/stat; }
one() {
  local jar=$1 label=$2 dir port bus key
  dir=$(mktemp -d); port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
  bus=$("$J" -jar "$jar" businesses create --name bench --data-dir "$dir" 2>/dev/null | tail -1)
  key=$("$J" -jar "$jar" api-keys create --business "$bus" --data-dir "$dir" 2>/dev/null | tail -1)
  "$J" ${JOPTS:-} -jar "$jar" serve --port "$port" --data-dir "$dir" --rate-limit 1000000 ${SERVE_EXTRA:-} >"$dir/server.log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$port/ready" >/dev/null 2>&1 && break; sleep 0.5; done
  local want=0
  for c in ${LEVELS:-1 16}; do
    local c0 c1 out
    c0=$(cpu $pid)
    out=$("$J" -jar "${CLIENT_JAR:-$jar}" bench --url "http://127.0.0.1:$port" --api-key "$key" --grants ${GRANTS:-3000} --concurrency "$c" --warmup 300 2>&1 | tail -4)
    mails=$(ls "$dir/mail" 2>/dev/null | grep -c "\.eml$" || true)
    want=$((want + ${GRANTS:-3000} + 300)); t0=$(date +%s.%N)
    while [ "$(ls "$dir/mail" 2>/dev/null | grep -c '\.eml$' || true)" -lt "$want" ]; do sleep 0.1; done
    tail_s=$(python3 -c "print(round($(date +%s.%N)-$t0,2))")
    sleep 1; c1=$(cpu $pid)
    echo "== $label c=$c load=$(cut -d' ' -f1 /proc/loadavg) server_cpu_ms_per_req=$(python3 -c "print(round(($c1-$c0)*1000/$TCK/(${GRANTS:-3000}+300),3))") emails_written_at_end=$mails last_email_after_s=$tail_s"
    echo "$out" | grep -iE "req/s|p99|throughput" | head -3
  done
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo "$dir"
}
for spec in $ORDER; do one "${spec%%:*}" "${spec##*:}"; done
