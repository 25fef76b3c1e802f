"""Where the drain thread's wall time goes, from a JFR recording's JSON (jfr print --json --events
jdbi.statement,jdk.ThreadPark,jdk.NativeMethodSample,jdk.ExecutionSample,... FILE > FILE.json).
The drain thread is the one that ran the first claim (UPDATE pooled_keys SET status); the window runs from it to
the thread's last statement. Prints: statements by text (count, total ms), parks by the frame that parked, and the
top frames of native and Java samples on that thread in the window.
Usage: drain-profile.py FILE.json"""
import json, sys, collections, datetime

def ts(s):
    return datetime.datetime.fromisoformat(s.replace('Z', '+00:00')).timestamp()

def dur(s):  # ISO-8601 duration like PT0.00123S
    s = s[2:]
    total = 0.0
    num = ''
    for ch in s:
        if ch.isdigit() or ch == '.':
            num += ch
        else:
            total += float(num) * {'H': 3600, 'M': 60, 'S': 1}[ch]
            num = ''
    return total

events = json.load(open(sys.argv[1]))['recording']['events']
stmts = [e for e in events if e['type'] == 'jdbi.statement']
imp = [e for e in stmts if e['values']['sql'].startswith('UPDATE pooled_keys SET status')]
tid = imp[0]['values']['eventThread']['javaThreadId']
start = ts(imp[0]['values']['startTime'])
mine = [e for e in stmts if e['values']['eventThread']['javaThreadId'] == tid and ts(e['values']['startTime']) >= start]
end = max(ts(e['values']['startTime']) + dur(e['values']['duration']) for e in mine)
print('drain thread', imp[0]['values']['eventThread']['javaName'], 'window %.2f s' % (end - start))
by = collections.defaultdict(lambda: [0, 0.0])
for e in mine:
    k = ' '.join(e['values']['sql'].split())[:110]
    by[k][0] += 1
    by[k][1] += dur(e['values']['duration'])
total = sum(v[1] for v in by.values())
print('statements: %d, %.2f s in all' % (len(mine), total))
for k, v in sorted(by.items(), key=lambda kv: -kv[1][1])[:25]:
    print('  %6d %8.1f ms  %s' % (v[0], v[1] * 1000, k))

def inwin(e):
    t = e['values'].get('eventThread') or e['values'].get('sampledThread')
    return t and t['javaThreadId'] == tid and start <= ts(e['values']['startTime']) <= end

def frames(e, n):
    st = e['values'].get('stackTrace') or {}
    return [f['method']['type']['name'].split('.')[-1] + '.' + f['method']['name'] for f in (st.get('frames') or [])[:n]]

for kind in ('jdk.ThreadPark', 'jdk.JavaMonitorWait', 'jdk.JavaMonitorEnter', 'jdk.FileForce', 'jdk.FileWrite', 'jdk.SocketRead'):
    evs = [e for e in events if e['type'] == kind and inwin(e)]
    if not evs:
        continue
    agg = collections.defaultdict(lambda: [0, 0.0])
    for e in evs:
        k = ' < '.join(frames(e, 6))
        agg[k][0] += 1
        agg[k][1] += dur(e['values']['duration'])
    print(kind, len(evs), 'events, %.2f s' % sum(v[1] for v in agg.values()))
    for k, v in sorted(agg.items(), key=lambda kv: -kv[1][1])[:6]:
        print('  %5d %8.1f ms  %s' % (v[0], v[1] * 1000, k))

for kind in ('jdk.NativeMethodSample', 'jdk.ExecutionSample'):
    evs = [e for e in events if e['type'] == kind and inwin(e)]
    print(kind, len(evs), 'samples on the drain thread')
    agg = collections.Counter(' < '.join(frames(e, 4)) for e in evs)
    for k, v in agg.most_common(8):
        print('  %5d  %s' % (v, k))
    deep = collections.Counter()
    for e in evs:
        for f in set(frames(e, 60)):
            deep[f] += 1
    print('  frames on the stack (inclusive):')
    for k, v in deep.most_common(40):
        if any(s in k for s in ('grantor', 'Service', 'Jdbc', 'Claims', 'Outbox', 'Batch', 'Jdbi', 'step', 'Sqlite', 'Mail', 'Render', 'Json', 'Template')):
            print('  %5d  %s' % (v, k))
