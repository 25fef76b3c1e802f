#!/usr/bin/env python3
"""Bytes allocated between the first two full collections a diagnostic command asked for (jcmd GC.run) of a -Xlog:gc log (prof.sh with GCLOG=1): the heap grown
between collections, summed. Usage: alloc.py GCLOG REQUESTS"""
import re, sys
rows = [(('Diagnostic Command' in l or 'System.gc' in l), int(m.group(1)), m.group(2), int(m.group(3)), m.group(4))
        for l in open(sys.argv[1]) for m in [re.search(r'(\d+)([MKG])->(\d+)([MKG])', l)] if m and 'Pause' in l]
unit = {'K': 1 << 10, 'M': 1 << 20, 'G': 1 << 30}
full = [i for i, r in enumerate(rows) if r[0]]
a, b = full[0], full[1]
total = sum(rows[i][1] * unit[rows[i][2]] - rows[i - 1][3] * unit[rows[i - 1][4]] for i in range(a + 1, b + 1))
print(f'{total / 2**20:.0f} MiB in {b - a} collections, {total / int(sys.argv[2]) / 1024:.1f} KiB a request')
