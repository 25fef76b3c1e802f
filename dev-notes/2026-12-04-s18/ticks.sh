# ticks.sh PID SECS OUT: server ticks, postgres ticks (incl. reaped children), machine busy ticks over SECS
pid=$1; pgt() { for p in $(pgrep -u postgres); do awk '{print $14+$15+$16+$17}' /proc/$p/stat 2>/dev/null; done | paste -sd+ | bc; }
busy() { awk '/^cpu /{print $2+$3+$4+$7+$8}' /proc/stat; }
(s0=$(awk '{print $14+$15}' /proc/$pid/stat); p0=$(pgt); b0=$(busy); sleep $2; s1=$(awk '{print $14+$15}' /proc/$pid/stat); p1=$(pgt); b1=$(busy); echo "server_ticks=$((s1-s0)) pg_ticks=$((p1-p0)) busy=$((b1-b0))" > $3) &
