#!/usr/bin/env bash
# every second: time, the serving jar's outbox pending, autovacuum workers, load, server CPU ticks
while true; do
  pid=$(pgrep -f "main.jar serve" | head -1)
  if [ -n "$pid" ]; then
    port=$(tr '\0' ' ' < /proc/$pid/cmdline | sed 's/.*--port \([0-9]*\).*/\1/')
    pend=$(curl -fs "http://127.0.0.1:$port/metrics" 2>/dev/null | grep '^grantor_outbox_pending' | awk '{print $2}')
    cpu=$(awk '{print $14+$15}' /proc/$pid/stat 2>/dev/null)
    av=$(pgrep -fc "autovacuum worker" || true)
    pgcpu=$(for p in $(pgrep -u postgres); do awk '{s+=$14+$15} END{print s}' /proc/$p/stat 2>/dev/null; done | awk '{s+=$1} END{print s}')
    echo "$(date -u +%T) pending=$pend cpu=$cpu pgcpu=$pgcpu autovac=$av load=$(cut -d' ' -f1 /proc/loadavg)"
  fi
  sleep 1
done
