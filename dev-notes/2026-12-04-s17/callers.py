import sys,re,collections
# stacks whose top frame matches argv[1]: count by first frame matching argv[2]
stacks=[];cur=None
for line in sys.stdin:
    s=line.strip()
    if s.startswith('jdk.CPUTimeSample'):
        if cur is not None: stacks.append(cur)
        cur=[]
    elif cur is not None and re.match(r'^[\w$.<>/]+\(.*\)\s+line:',s):
        cur.append(re.sub(r'\(.*','',s))
if cur: stacks.append(cur)
n=len(stacks); c=collections.Counter()
for st in stacks:
    if st and re.search(sys.argv[1],st[0]):
        k=' < '.join([f for f in st if re.search(sys.argv[2],f)][:int(sys.argv[3]) if len(sys.argv)>3 else 2])
        c[k]+=1
for k,v in c.most_common(30): print(f"{100*v/n:5.1f}% {k}")
