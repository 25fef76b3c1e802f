#!/usr/bin/env bash
# watch.sh OUT: every second, for each listening java port, grantor_outbox_pending and the load average (run beside compare.sh)
while true; do
  for p in $(ss -ltnp 2>/dev/null | awk '/java/ {split($4,a,":"); print a[length(a)]}'); do
    v=$(curl -fs -m 1 "http://127.0.0.1:$p/metrics" 2>/dev/null | awk '/^grantor_outbox_pending/ {print $2}')
    [ -n "$v" ] && echo "$(date +%T) port=$p pending=$v load=$(cut -d' ' -f1 /proc/loadavg)"
  done; sleep 1
done >> "$1"
