# summary.py ab.txt: one row per run: fulfills/s, p99, at the load's end (4th count) and 20 s later (last count):
# outbox pending, deliveries pending, delivered; the receiver's distinct client ports
import re, sys
blocks = re.split(r'^== ', open(sys.argv[1]).read(), flags=re.M)[1:]
print('| run | fulfills/s | p99 ms | end of load: outbox / deliveries waiting, delivered | 20 s later: outbox / deliveries waiting, delivered | client ports |')
print('|---|---|---|---|---|---|')
for b in blocks:
    title = b.splitlines()[0]
    counts = re.findall(r'(\d\d:\d\d:\d\d) outbox,webhooks pending,delivered=(\d+)\|(\d+)\|(\d+)', b)
    counts = sorted(set(counts))
    rps = re.search(r'rps=([\d.]+)', b); p99 = re.search(r'p99_ms=([\d.]+)', b)
    ports = re.findall(r'client ports=(\d+)', b)
    end = counts[3] if len(counts) > 3 else None; last = counts[-1] if counts else None
    f = lambda c: f'{int(c[1]):,} / {int(c[2]):,}, {int(c[3]):,}' if c else '-'
    print(f'| {title} | {float(rps.group(1)):,.0f} | {p99.group(1)} | {f(end)} | {f(last)} | {ports[-1] if ports else "-"} |')
