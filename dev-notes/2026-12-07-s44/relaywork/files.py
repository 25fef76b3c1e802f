#!/usr/bin/env python3
# What one pickup email file costs the kernel here, outside Java: create a new file (O_CREAT|O_EXCL, 0600), write
# ~3 KB, fsync, rename into place; one directory fsync per 8 files (a pass at one client). CPU time (user+sys) of this
# process per file, split by step. Usage: files.py DIR [N]
import os, sys, time, resource
d = sys.argv[1]; n = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
os.makedirs(d, exist_ok=True); data = b"x" * 3000
def cpu(): r = resource.getrusage(resource.RUSAGE_SELF); return r.ru_utime + r.ru_stime
t = {"create": 0.0, "write": 0.0, "fsync": 0.0, "rename": 0.0, "dir fsync": 0.0}
for i in range(n):
    c0 = cpu(); fd = os.open(f"{d}/.{i}.tmp", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600); c1 = cpu()
    os.write(fd, data); c2 = cpu(); os.fsync(fd); c3 = cpu(); os.close(fd)
    os.rename(f"{d}/.{i}.tmp", f"{d}/{i}.eml"); c4 = cpu()
    t["create"] += c1 - c0; t["write"] += c2 - c1; t["fsync"] += c3 - c2; t["rename"] += c4 - c3
    if i % 8 == 7:
        c5 = cpu(); dfd = os.open(d, os.O_RDONLY); os.fsync(dfd); os.close(dfd); t["dir fsync"] += cpu() - c5
print(d, n, "files; CPU us per file:", {k: round(v * 1e6 / n) for k, v in t.items()}, "total", round(sum(t.values()) * 1e6 / n))
