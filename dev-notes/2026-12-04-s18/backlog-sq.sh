# backlog-sq.sh PID: every 5 s, outbox pending/sent in the server's SQLite database
pid=$1; dir=$(tr '\0' '\n' < /proc/$pid/cmdline | grep -A1 -- --data-dir | tail -1); db=$(ls $dir/*.db 2>/dev/null | head -1)
(for i in $(seq 1 ${ROUNDS:-14}); do sleep 5; n=$(sqlite3 -readonly "$db" "select count(*) filter (where status='PENDING'), count(*) filter (where status='SENT') from outbox" 2>&1 | tail -1); echo "$(date -u +%T) pending,sent=$n load=$(cut -d' ' -f1 /proc/loadavg)"; done > /tmp/s18/backlog-sq.out) &
