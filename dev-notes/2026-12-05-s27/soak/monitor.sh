#!/usr/bin/env bash
# monitor.sh PID DATA_DIR URL OUT [PGDB]: one line a minute: heap after a forced GC, RSS, fds, threads, DB connections,
# rows of every table, mail directory files, /metrics lines. PGDB: PostgreSQL database (psql as postgres) instead of SQLite.
pid=$1 dir=$2 url=$3 out=$4 pgdb=${5:-}
J=${JAVA_HOME:-/usr}/bin
tables="outbox webhook_deliveries idempotency_records web_sessions web_login_links portal_sign_in_codes portal_sign_in_links throttle_windows resend_windows delivery_resends audit_entries grants license_keys license_key_instances pooled_keys customers"
[ -s "$out" ] || echo "time heap_used_kb rss_kb fds threads db_conns $tables mail_files mail_kb metrics_lines" > "$out"
while kill -0 "$pid" 2>/dev/null; do
  $J/jcmd "$pid" GC.run >/dev/null 2>&1
  heap=$($J/jcmd "$pid" GC.heap_info 2>/dev/null | grep -oE 'used [0-9]+K' | head -1 | grep -oE '[0-9]+')
  rss=$(awk '/VmRSS/{print $2}' /proc/$pid/status); thr=$(awk '/Threads/{print $2}' /proc/$pid/status)
  fds=$(ls /proc/$pid/fd | wc -l)
  if [ -n "$pgdb" ]; then
    conns=$(su postgres -c "psql -qAt -d $pgdb -c \"select count(*) from pg_stat_activity where datname='$pgdb'\"")
    rows=$(for t in $tables; do echo "select count(*) from $t;"; done | su postgres -c "psql -qAt -d $pgdb" | tr '\n' ' ')
  else
    conns=$(ls -l /proc/$pid/fd 2>/dev/null | grep -c 'grantor.db$')
    rows=$(for t in $tables; do echo "select count(*) from $t;"; done | sqlite3 -readonly "file:$dir/grantor.db?mode=ro" 2>/dev/null | tr '\n' ' ')
  fi
  mf=$(find "$dir/mail" -type f 2>/dev/null | wc -l); mk=$(du -sk "$dir/mail" 2>/dev/null | cut -f1)
  ml=$(curl -s "$url/metrics" | wc -l)
  echo "$(date -u +%H:%M:%S) $heap $rss $fds $thr $conns $rows$mf $mk $ml" >> "$out"
  sleep "${EVERY:-60}"
done
