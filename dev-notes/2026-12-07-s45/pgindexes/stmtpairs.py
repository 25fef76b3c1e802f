#!/usr/bin/env python3
"""stmt.sh's results: per client count, mean tps and latency of ga (every index) and gb (primary key only), the
per-pair ratio gb/ga (pair 1 left out), WAL bytes an update (median)."""
import math, re, statistics, sys
rows = {}
for line in open(sys.argv[1]):
    f = dict(re.findall(r'(\w+)=([^\t\n]+)', line))
    if 'tps' in f: rows.setdefault((int(f['c']), int(f['pair'])), {})[f['table']] = f
for c in sorted({k[0] for k in rows}):
    ps = sorted(p for (cc, p) in rows if cc == c and p > 1)
    g = lambda t, k: [float(rows[(c, p)][t][k]) for p in ps]
    rr = [b / a for a, b in zip(g('ga', 'tps'), g('gb', 'tps'))]
    loads = g('ga', 'load') + g('gb', 'load')
    print(f"c={c} pairs={len(ps)} tps ga {statistics.mean(g('ga','tps')):.0f} gb {statistics.mean(g('gb','tps')):.0f} | gb/ga geomean "
          f"{math.exp(statistics.mean(map(math.log, rr))):.2f} (gb ahead in {sum(r > 1 for r in rr)}/{len(rr)}) | latency ga "
          f"{statistics.mean(g('ga','lat_ms')):.2f} gb {statistics.mean(g('gb','lat_ms')):.2f} ms | WAL bytes an update median ga "
          f"{statistics.median(g('ga','wal_bytes_a_update')):.0f} gb {statistics.median(g('gb','wal_bytes_a_update')):.0f} | load {min(loads):.1f}-{max(loads):.1f}")
