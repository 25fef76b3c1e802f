# files-threads.py DIR N K: the same from K threads at once
import os, time, sys, random, threading
d=sys.argv[1]; n=int(sys.argv[2]); k=int(sys.argv[3]); os.makedirs(d, exist_ok=True)
data=b'x'*1500
opent=[0.0]
def work(j):
    for i in range(j, n, k):
        tmp=os.path.join(d,'.%d-%x.tmp'%(i,random.getrandbits(40)))
        a=time.thread_time()
        fd=os.open(tmp, os.O_WRONLY|os.O_CREAT|os.O_EXCL, 0o600)
        opent[0]+=time.thread_time()-a
        os.write(fd,data); os.fsync(fd); os.close(fd)
        os.rename(tmp, os.path.join(d,'%08d-%x.eml'%(i,random.getrandbits(20))))
c0=time.process_time(); w0=time.time()
ts=[threading.Thread(target=work,args=(j,)) for j in range(k)]
[t.start() for t in ts]; [t.join() for t in ts]
print('threads',k,'cpu/op us %.0f'%((time.process_time()-c0)/n*1e6), 'wall/op us %.0f'%((time.time()-w0)/n*1e6), 'open cpu/op %.0f'%(opent[0]/n*1e6))
