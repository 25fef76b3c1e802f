#!/usr/bin/env python3
"""JFR execution samples per 1000 requests by the Grantor methods on their stacks (inclusive: a method counted once
per sample it appears in). Usage: gframes.py REQUESTS FILE.jfr [PREFIX]"""
import collections, json, subprocess, sys
n = int(sys.argv[1]); f = sys.argv[2]; pre = sys.argv[3] if len(sys.argv) > 3 else 'dev/grantor'
out = subprocess.run(['jfr', 'print', '--json', '--stack-depth', '96', '--events', 'jdk.ExecutionSample', f],
                     capture_output=True, text=True, check=True).stdout
inc = collections.Counter()
for e in json.loads(out)['recording']['events']:
    seen = set()
    for fr in e['values']['stackTrace']['frames']:
        m = fr['method']['type']['name'] + '.' + fr['method']['name']
        if m.startswith(pre) and m not in seen: seen.add(m); inc[m] += 1
for m, k in inc.most_common(45): print(f'{k / n * 1000:7.1f} {m}')
