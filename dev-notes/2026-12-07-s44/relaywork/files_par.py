#!/usr/bin/env python3
# As files.py, but K threads at once in batches of B files (as the mailer's writeTogether does with a pass's emails):
# process CPU per file. Usage: files_par.py DIR N B
import os, sys, time, threading
d, n, b = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]); os.makedirs(d, exist_ok=True); data = b"x" * 3000
L = threading.Lock() if os.environ.get("LOCK") == "1" else None
import contextlib
def guard(): return L if L else contextlib.nullcontext()
def one(i):
    p = f"{d}/.{i}.tmp"
    with guard(): fd = os.open(p, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.write(fd, data); os.fsync(fd); os.close(fd)
    with guard(): os.rename(p, f"{d}/{i}.eml")
c0 = time.process_time(); w0 = time.time()
for s in range(0, n, b):
    ts = [threading.Thread(target=one, args=(i,)) for i in range(s, min(n, s + b))]
    [t.start() for t in ts]; [t.join() for t in ts]
    dfd = os.open(d, os.O_RDONLY); os.fsync(dfd); os.close(dfd)
print(f"lock={os.environ.get('LOCK','0')} {d} {n} files, {b} at once: CPU {round((time.process_time()-c0)*1e6/n)} us/file, wall {round((time.time()-w0)*1e6/n)} us/file")
