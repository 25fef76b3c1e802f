#!/usr/bin/env python3
# Splits a perf recording's samples (perf record -g -p JAVA_PID) by the system call they are in, if any.
# Usage: perf script -i perf.data -F comm,ip,sym | perfsys.py
import sys, collections
c = collections.Counter(); n = 0; cur = []
def flush():
    global n
    if not cur: return
    n += 1
    sc = [f for f in cur if f.startswith("__x64_sys_") or f.startswith("__do_sys_")]
    if sc: c["sys:" + sc[-1]] += 1
    elif any("irq" in f or "schedule" in f for f in cur[1:3]): c["sched/irq (no syscall)"] += 1
for line in sys.stdin:
    line = line.rstrip()
    if not line: flush(); cur = []; continue
    if not line.startswith(("\t", " ")): cur = [line.split()[0]]; continue
    parts = line.split()
    if len(parts) >= 2: cur.append(parts[1])
flush()
print("samples", n)
for k, v in c.most_common(12): print(f"{v:6d} {100*v/n:5.1f}% {k}")
