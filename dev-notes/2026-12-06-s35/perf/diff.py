import sys,re,collections
# diff.py A.txt B.txt [regex]: inclusive share of each method (frames matching regex, default dev.grantor|jetty|javalin|jdbi)
# in two `jfr print --events jdk.CPUTimeSample --stack-depth 200` outputs, sorted by growth from A to B
def load(f):
    stacks=[];cur=None
    for line in open(f):
        s=line.strip()
        if s.startswith('jdk.CPUTimeSample'):
            if cur is not None: stacks.append(cur)
            cur=[]
        elif cur is not None and re.match(r'^[\w$.<>/]+\(.*\)\s+line:',s):
            cur.append(re.sub(r'lambda\$(\w+?)\$\d+',r'lambda$\1',re.sub(r'\(.*','',s)))
    if cur: stacks.append(cur)
    incl=collections.Counter()
    for st in stacks:
        for m in set(st): incl[m]+=1
    return len(stacks),incl
na,a=load(sys.argv[1]); nb,b=load(sys.argv[2])
pat=sys.argv[3] if len(sys.argv)>3 else r'dev\.grantor|jetty|javalin|jdbi'
print(f"samples A={na} B={nb}")
rows=[(100*b[k]/nb-100*a[k]/na,k) for k in set(a)|set(b) if re.search(pat,k) and (a[k]/na>0.02 or b[k]/nb>0.02)]
rows.sort(reverse=True); top=int(sys.argv[4]) if len(sys.argv)>4 else 15
for d,k in rows[:top]+[('','...')]+rows[-top:]:
    if k=='...': print('...'); continue
    print(f"{100*a[k]/na:5.1f}% -> {100*b[k]/nb:5.1f}%  {d:+5.1f}  {k}")
