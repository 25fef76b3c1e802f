import sys,re,statistics,collections
# medians.py ab.txt: per database, phase and jar, the medians over rounds of ab.sh's lines (markdown table)
rows=collections.defaultdict(list)
for line in open(sys.argv[1]):
    f=line.rstrip('\n').split('\t')
    kv=dict(x.split('=',1) for x in f[5:] if '=' in x)
    rows[(f[2],f[3],f[1])].append(kv)
def med(vs,k):
    xs=[float(v[k]) for v in vs if v.get(k) not in (None,'-')]
    return statistics.median(xs) if xs else None
def spread(vs,k):
    xs=sorted(float(v[k]) for v in vs if v.get(k) not in (None,'-'))
    return f"{xs[0]:g}-{xs[-1]:g}" if xs else '-'
print("| db | phase | jar | rounds | server CPU ms/req (median, range) | PostgreSQL CPU ms/req | req/s | p99 ms | load |")
print("|---|---|---|---|---|---|---|---|---|")
for (db,ph,jar),vs in sorted(rows.items(),key=lambda x:(x[0][0],x[0][1],x[0][2]!='old')):
    pg=med(vs,'pg_ms')
    print(f"| {db} | {ph} | {jar} | {len(vs)} | {med(vs,'cpu_ms'):.3f} ({spread(vs,'cpu_ms')}) | {'-' if pg is None else f'{pg:.3f}'} | "
          f"{med(vs,'rps'):.0f} | {med(vs,'p99_ms'):.0f} | {med(vs,'load'):.1f} |")
