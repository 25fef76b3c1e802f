#!/usr/bin/env python3
"""Per-pair ratios B/A of an alt.sh results file (pair 1, the cold one, left out): fulfills a second, p99, server CPU."""
import math, re, statistics, sys
rows = {}
series, last = 0, 0
for line in open(sys.argv[1]):
    f = dict(re.findall(r'(\w+)=([^\t\n]+)', line))
    if 'rps' not in f: continue
    if int(f['pair']) < last: series += 1
    last = int(f['pair'])
    # a series' pair 1 is its cold one; pairs of several series in one file are told apart by a series number
    rows.setdefault((f.get('c'), series * 1000 + int(f['pair'])), {})[f['jar']] = f
for c in sorted({k[0] for k in rows}, key=int):
    # a pair where a side fulfilled more than it had seeded is left out: fulfill.lua starts the ids over, and a
    # repeated fulfill with the same key writes nothing
    ps = sorted(p for (cc, p) in rows if cc == c and p % 1000 > 1 and len(rows[(cc, p)]) == 2
                and all(int(rows[(cc, p)][x]['requests']) <= int(rows[(cc, p)][x]['ids']) for x in 'AB'))
    def ratios(k): return [float(rows[(c, p)]['B'][k]) / float(rows[(c, p)]['A'][k]) for p in ps]
    def mean(k, x): return statistics.mean(float(rows[(c, p)][x][k]) for p in ps)
    rr = ratios('rps'); gm = math.exp(statistics.mean(math.log(r) for r in rr))
    loads = [float(rows[(c, p)][x]['load']) for p in ps for x in 'AB']
    print(f"c={c} pairs={len(ps)} rps A {mean('rps','A'):.0f} B {mean('rps','B'):.0f} | B/A rps geomean {gm:.3f} median {statistics.median(rr):.3f} "
          f"B ahead in {sum(r > 1 for r in rr)}/{len(rr)} | p99 A {mean('p99_ms','A'):.1f} B {mean('p99_ms','B'):.1f} ms | "
          f"cpu/fulfill A {mean('cpu_us','A'):.0f} B {mean('cpu_us','B'):.0f} us | load {min(loads):.1f}-{max(loads):.1f}")
    print("  rps ratios:", ' '.join(f'{r:.2f}' for r in rr))
