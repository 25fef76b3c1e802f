# BEFORE hook for val.sh/ful.sh: strace -c the server for SECS seconds in the background (counts per syscall, all threads)
timeout -s INT $((${SECS:-6}+1)) strace -f -c -o /tmp/s21/strace-$TAG.txt -p $1 >/dev/null 2>&1 &
sleep 0.5
