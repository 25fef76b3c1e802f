# ab.sh: wh.sh alternating main (before this session) and disp (fan-out + settlement), ROUNDS rounds on DBS
for r in $(seq 1 ${ROUNDS:-2}); do for db in ${DBS:-pg sqlite}; do for t in main disp; do
  TAG=$t-r$r bash $(dirname $0)/wh.sh /tmp/s19/$t.jar $db > /tmp/s19/ab-$t-r$r-$db.log 2>&1
  grep -E "WRK|outbox" /tmp/s19/ab-$t-r$r-$db.log | sort -u
done; done; done
