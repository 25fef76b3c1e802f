PGPASSWORD=bench psql -q -h localhost -U postgres -d grantor_http -c "create extension if not exists pg_stat_statements" -c "select pg_stat_statements_reset()" >/dev/null 2>&1
pid=$1; pgt() { for p in $(pgrep -f "postgres"); do awk '{print $14+$15}' /proc/$p/stat 2>/dev/null; done | paste -sd+ | bc; }
(s0=$(awk '{print $14+$15}' /proc/$pid/stat); p0=$(pgt); sleep 6; s1=$(awk '{print $14+$15}' /proc/$pid/stat); p1=$(pgt); echo "server_ticks=$((s1-s0)) pg_ticks=$((p1-p0))" > /tmp/s17/cpu.out) &
