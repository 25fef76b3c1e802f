#!/usr/bin/env bash
# ab.sh: wh.sh alternating the build before (main.jar) and with kept connections (keep.jar), ROUNDS rounds, for each
# database in DBS, with the receiver on HTTPS (TLS=1) and on plain HTTP; summary lines in /tmp/s20/ab.txt
set -u
me=$(dirname $(readlink -f $0)); ROUNDS=${ROUNDS:-2}
for tls in ${MODES:-1 0}; do for db in ${DBS:-pg sqlite}; do for r in $(seq 1 $ROUNDS); do for j in main keep; do
  [ $db = pg ] && bash /work/shared/bench/pg-local.sh >/dev/null 2>&1
  t=$([ $tls = 1 ] && echo tls || echo plain)
  TLS=$([ $tls = 1 ] && echo 1 || echo "") TAG=$j-$t-r$r SECS=${SECS:-20} HOLD=${HOLD:-20} N=${N:-30000} \
    bash $me/wh.sh /tmp/s20/$j.jar $db > /tmp/s20/ab-$j-$t-$db-r$r.log 2>&1
  { echo "== $j $t $db round $r"; grep -E "outbox,webhooks|fulfill|received=" /tmp/s20/ab-$j-$t-$db-r$r.log | sort -u; } >> /tmp/s20/ab.txt
done; done; done; done
