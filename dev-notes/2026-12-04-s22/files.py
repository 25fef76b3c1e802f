# files.py DIR N: N email-sized files created new, synced and renamed in DIR, one after another; CPU per step
import os, time, sys, random
d=sys.argv[1]; n=int(sys.argv[2]); os.makedirs(d, exist_ok=True)
data=b'x'*1500
t_open=t_force=t_ren=0.0
c0=time.process_time(); w0=time.time()
for i in range(n):
    a=time.process_time()
    tmp=os.path.join(d,'.%d-%x.tmp'%(i,random.getrandbits(40)))
    fd=os.open(tmp, os.O_WRONLY|os.O_CREAT|os.O_EXCL, 0o600)
    b=time.process_time(); t_open+=b-a
    os.write(fd,data)
    a=time.process_time(); os.fsync(fd); b=time.process_time(); t_force+=b-a
    os.close(fd)
    a=time.process_time(); os.rename(tmp, os.path.join(d,'%08d.eml'%i)); b=time.process_time(); t_ren+=b-a
print(d, n, 'cpu/op us', (time.process_time()-c0)/n*1e6, 'wall/op us', (time.time()-w0)/n*1e6, 'open', t_open/n*1e6, 'fsync', t_force/n*1e6, 'rename', t_ren/n*1e6)
