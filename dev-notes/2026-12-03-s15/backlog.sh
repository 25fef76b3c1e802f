#!/usr/bin/env bash
# samples the pending outbox of grantor_http every second: time, pending, load
while true; do
  n=$(PGPASSWORD=bench psql -qAt -h localhost -U postgres -d grantor_http -c "select count(*) from outbox where status='PENDING'" 2>/dev/null)
  echo "$(date +%T) pending=$n load=$(cut -d' ' -f1 /proc/loadavg)"
  sleep 1
done
