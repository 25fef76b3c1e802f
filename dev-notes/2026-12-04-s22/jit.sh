#!/usr/bin/env bash
# jit.sh PID: BEFORE hook for warm.sh: CPU seconds of the server's JIT compiler threads and of the whole process
# over the measured phase's first SECS - 1 seconds, read from /proc, so nothing attaches to the JVM
python3 - "$1" "${SECS:-6}" > /tmp/s22/jit.out 2>&1 <<'PY' &
import os, sys, time
pid, secs = sys.argv[1], int(sys.argv[2])
def cpu():
    ticks_by_thread = {}
    for t in os.listdir(f"/proc/{pid}/task"):
        try:
            name = open(f"/proc/{pid}/task/{t}/comm").read().strip()
            fields = open(f"/proc/{pid}/task/{t}/stat").read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks_by_thread[t] = (name, int(fields[11]) + int(fields[12]))
    return ticks_by_thread
def machine():
    fields = [int(f) for f in open("/proc/stat").readline().split()[1:]]
    return sum(fields), fields[3] + fields[4]
before, (m0, idle0) = cpu(), machine(); time.sleep(secs - 1); after, (m1, idle1) = cpu(), machine()
# a thread that ended in between is left out; one that started counts from zero
delta = {t: (name, ticks - before.get(t, (name, 0))[1]) for t, (name, ticks) in after.items()}
total = sum(d for _, d in delta.values()); jit = sum(d for name, d in delta.values() if "Compiler" in name)
print("server cpu %.2f s in %d s, JIT compiler threads %.2f s (%d%%); machine idle %d%%"
      % (total / 100, secs - 1, jit / 100, 100 * jit / max(1, total), 100 * (idle1 - idle0) / max(1, m1 - m0)))
PY
