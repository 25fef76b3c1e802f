"""Shares of a server's CPU samples (async-profiler collapsed stacks with thread names, `threads` option) by thread
kind, by chosen frames (inclusive) and by leaf frame. Usage: python3 jvmtop.py FILE.collapsed [FILE ...]"""
import collections, re, sys

lines = [l.rsplit(' ', 1) for f in sys.argv[1:] for l in open(f) if l.strip()]
total = sum(int(n) for _, n in lines)
threads, inclusive, leaf = collections.Counter(), collections.Counter(), collections.Counter()
frames = ['eclipse/jetty', 'javalin', 'jdbi', 'hikari', 'QueryExecutorImpl', 'PgBufferedOutputStream.flush',
          'NioSocketImpl.write', 'NioSocketImpl.read', 'GrantFulfillmentService', 'OutboxRelay', 'PickupDirectoryMailer',
          'FileChannel', 'jackson', 'vavr', 'C2Compiler', 'ch/qos/logback']
for stack, n in lines:
    n = int(n)
    parts = stack.split(';')
    threads[re.sub(r'[-#]?\d+.*', '', parts[0])[:40]] += n
    leaf[parts[-1]] += n
    for f in frames:
        if f in stack:
            inclusive[f] += n
print(f'samples {total}')
for k, v in threads.most_common(6):
    print(f'{v * 100 / total:5.1f}%  thread {k}')
for k, v in inclusive.most_common():
    print(f'{v * 100 / total:5.1f}%  under {k}')
for k, v in leaf.most_common(12):
    print(f'{v * 100 / total:5.1f}%  leaf {k[:100]}')
