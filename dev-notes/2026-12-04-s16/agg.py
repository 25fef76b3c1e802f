import sys,re,collections
# usage: jfr print --events jdk.CPUTimeSample --stack-depth 200 f.jfr | python3 agg.py [regex...]
stacks=[];cur=None
for line in sys.stdin:
    s=line.strip()
    if s.startswith('jdk.CPUTimeSample') or s.startswith('jdk.ExecutionSample'):
        if cur is not None: stacks.append(cur)
        cur=[]
    elif cur is not None and re.match(r'^[\w$.<>/]+\(.*\)\s+line:',s):
        cur.append(re.sub(r'\s+line:.*','',s))
if cur: stacks.append(cur)
n=len(stacks); print("samples",n)
selfc=collections.Counter(st[0] if st else '?' for st in stacks)
print("--- self top 25")
for k,v in selfc.most_common(25): print(f"{100*v/n:5.1f}% {k[:150]}")
incl=collections.Counter()
for st in stacks:
    seen=set()
    for f in st:
        m=re.sub(r'\(.*','',f)
        if m not in seen: seen.add(m); incl[m]+=1
print("--- inclusive top (dev.grantor / selected)")
pats=sys.argv[1:] or [r'dev\.grantor']
for k,v in incl.most_common(4000):
    if any(re.search(p,k) for p in pats) and v/n>0.01: print(f"{100*v/n:5.1f}% {k[:150]}")
