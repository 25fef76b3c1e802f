import sys,re,collections
# jfr print --events jdk.ObjectAllocationSample --stack-depth 64: weight by 'weight' field; group by first frame matching argv[1]
cur=None; w=0; ev=[]; typ=None
for line in sys.stdin:
    s=line.strip()
    if s.startswith('jdk.ObjectAllocationSample'):
        if cur is not None: ev.append((w,typ,cur))
        cur=[]; w=0; typ=None
    elif s.startswith('weight ='):
        v=s.split('=',1)[1].strip(); num=float(re.sub(r'[^\d.]','',v.split()[0]))
        unit=v.split()[1] if len(v.split())>1 else 'bytes'
        mult={'bytes':1,'kB':1e3,'MB':1e6,'GB':1e9}.get(unit,1)
        w=num*mult
    elif s.startswith('objectClass ='):
        typ=s.split('=',1)[1].strip().split(' ')[0]
    elif cur is not None and re.match(r'^[\w$.<>/]+\(.*\)\s+line:',s):
        cur.append(re.sub(r'\(.*','',s))
if cur is not None: ev.append((w,typ,cur))
tot=sum(e[0] for e in ev); print("total weight MB", tot/1e6, "events", len(ev))
pat=re.compile(sys.argv[1]); depth=int(sys.argv[2]) if len(sys.argv)>2 else 1
c=collections.Counter()
for w,t,st in ev:
    fr=[f for f in st if pat.search(f)][:depth]
    c[' < '.join(fr) or '?']+=w
for k,v in c.most_common(30): print(f"{100*v/tot:5.1f}% {k[:220]}")
