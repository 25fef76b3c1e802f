"""Where PostgreSQL's backends spend a fulfill's CPU: reads `perf script` output of `perf record -g` over the backends
(fcpu.sh with PGPERF=FILE, then `perf script -i FILE > OUT`) and prints the share of samples under chosen functions,
and what runs under the commit. Usage: python3 pgperf.py SCRIPT_OUTPUT"""
import collections, sys

stacks, cur = [], []
for line in open(sys.argv[1]):
    line = line.rstrip()
    if not line:
        if cur:
            stacks.append(cur)
            cur = []
        continue
    if line[0] in ' \t':
        parts = line.split()
        cur.append(parts[1].split('+')[0] if len(parts) > 1 else '?')
if cur:
    stacks.append(cur)
total = len(stacks)
print(f'samples {total}')
for name in ['PortalRun', 'ExecInsertIndexTuples', 'CommitTransactionCommand', 'XLogFlush', 'AfterTriggerFireDeferred',
             'ExecConstraints', 'stringToNode', 'ExecPrepareExpr', 'ExecInitNode', 'plpgsql_exec_trigger', 'pq_getbyte',
             '__send', 'GetCachedPlan', 'PortalStart']:
    n = sum(1 for s in stacks if name in s)
    print(f'{n * 100 / total:6.2f}%  under {name}')
for name in ['CommitTransactionCommand', 'ExecInitNode']:
    c = collections.Counter()
    for s in stacks:
        if name in s:
            below = [f for f in s[:s.index(name)] if not f.startswith('0x') and f != '[unknown]']
            c[below[-1] if below else 'self'] += 1
    print(f'-- directly under {name}:')
    for k, v in c.most_common(6):
        print(f'   {v * 100 / total:6.2f}%  {k}')
