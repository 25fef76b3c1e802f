#!/usr/bin/env python3
"""JFR execution samples per request, by what the stack runs: each sample counted once under the first category
whose pattern a frame of its stack (top down) matches; plus the top frames. Usage: frames.py REQUESTS FILE.jfr"""
import collections, json, subprocess, sys
n = int(sys.argv[1]); f = sys.argv[2]
out = subprocess.run(['jfr', 'print', '--json', '--stack-depth', '64', '--events', 'jdk.ExecutionSample', f],
                     capture_output=True, text=True, check=True).stdout
events = json.loads(out)['recording']['events']
cats = [('gc/jit', ('jdk.internal.misc', )), ('jfr', ('jdk.jfr',)), ('logging', ('ch.qos.logback', 'org.slf4j', 'dev.grantor.bootstrap.log')),
        ('sqlite-native', ('org.sqlite.core.NativeDB',)), ('jdbi', ('org.jdbi',)), ('sqlite-jdbc', ('org.sqlite',)),
        ('pg-jdbc', ('org.postgresql',)), ('hikari', ('com.zaxxer',)), ('jackson', ('com.fasterxml',)),
        ('mail', ('jakarta.mail', 'dev.grantor.adapter.mail', 'org.eclipse.angus')),
        ('grantor-persistence', ('dev.grantor.adapter.persistence',)), ('grantor-rest', ('dev.grantor.adapter.rest',)),
        ('grantor-app', ('dev.grantor.application',)), ('grantor-domain', ('dev.grantor.domain',)),
        ('grantor-boot', ('dev.grantor.bootstrap',)), ('javalin', ('io.javalin',)), ('jetty', ('org.eclipse.jetty',)),
        ('vavr', ('io.vavr',)), ('validation', ('org.hibernate.validator', 'jakarta.validation'))]
by = collections.Counter(); top = collections.Counter(); thread = collections.Counter()
for e in events:
    frames = [fr['method']['type']['name'] + '.' + fr['method']['name'] for fr in e['values']['stackTrace']['frames']]
    t = e['values'].get('sampledThread') or {}
    thread[(t.get('javaName') or t.get('osName') or '?').rstrip('0123456789-')] += 1
    top[frames[0] if frames else '?'] += 1
    cat = 'other'
    for fr in frames:
        hit = next((c for c, ps in cats if fr.startswith(ps)), None)
        if hit: cat = hit; break
    by[cat] += 1
print(f'{f}: {len(events)} samples, {len(events) / n * 1000:.1f} per 1000 requests')
for c, k in by.most_common(): print(f'  {c:22s} {k / n * 1000:7.1f}')
print(' threads:', ', '.join(f'{t} {k / n * 1000:.1f}' for t, k in thread.most_common(8)))
print(' top frames:'); [print(f'  {k / n * 1000:6.1f} {m}') for m, k in top.most_common(12)]
