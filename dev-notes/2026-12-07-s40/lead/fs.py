import os, sys, time, random, threading
def run(d, n, k, sync):
    os.makedirs(d, exist_ok=True); data=b'x'*1500
    def work(j):
        for i in range(j, n, k):
            tmp=os.path.join(d,'.%d-%x.tmp'%(i,random.getrandbits(40)))
            fd=os.open(tmp, os.O_WRONLY|os.O_CREAT|os.O_EXCL, 0o600)
            os.write(fd,data); sync(fd); os.close(fd)
            os.rename(tmp, os.path.join(d,'%08d-%x.eml'%(i,random.getrandbits(20))))
    c0=time.process_time(); w0=time.time()
    ts=[threading.Thread(target=work,args=(j,)) for j in range(k)]
    [t.start() for t in ts]; [t.join() for t in ts]
    return (time.process_time()-c0)/n*1e6, (time.time()-w0)/n*1e6
for r in range(3):
    for name, s in (("fsync", os.fsync), ("fdatasync", os.fdatasync)):
        cpu, wall = run("/tmp/lead/fs-%s-%d" % (name, r), 2000, 16, s)
        print(name, "cpu/op us %.0f wall/op us %.0f" % (cpu, wall))
