import os, sys, json, collections, re
# usage: thrcpu.py PID snap FILE   |  thrcpu.py PID diff FILE
pid, mode, f = sys.argv[1], sys.argv[2], sys.argv[3]
def snap():
    d = collections.Counter()
    for t in os.listdir(f'/proc/{pid}/task'):
        try:
            name = open(f'/proc/{pid}/task/{t}/comm').read().strip()
            st = open(f'/proc/{pid}/task/{t}/stat').read().rsplit(')',1)[1].split()
            d[t + ' ' + name] = int(st[11]) + int(st[12])
        except Exception: pass
    return d
if mode == 'snap':
    json.dump(snap(), open(f, 'w'))
else:
    a = json.load(open(f)); b = snap(); g = collections.Counter()
    for k, v in b.items():
        name = re.sub(r'\d+', '#', k.split(' ',1)[1])
        g[name] += v - a.get(k, 0)
    tot = sum(g.values())
    for n, v in g.most_common(15): print(f'{v*10:7d} ms {v*100/max(tot,1):5.1f}% {n}')
